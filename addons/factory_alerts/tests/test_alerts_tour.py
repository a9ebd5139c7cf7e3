from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAlertsTour(HttpCase):
    """A warehouse supervisor runs a low-stock rule from its form and
    acknowledges the alert in the list (browser tour factory_alerts_tour)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].create(
            {"name": "Tour Alert Store", "code": "TALRT"}
        )
        cls.supervisor = new_test_user(
            cls.env,
            login="t_tour_alert_super",
            groups="base.group_user,factory_stock.group_warehouse_supervisor",
            factory_warehouse_ids=[Command.set(cls.warehouse.ids)],
        )
        cls.material = cls.env["product.product"].create(
            {
                "name": "Tour Alert Wire",
                "default_code": "TOUR-ALERT-01",
                "is_storable": True,
            }
        )
        cls.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": cls.material.id,
                "warehouse_id": cls.warehouse.id,
                "location_id": cls.warehouse.lot_stock_id.id,
                "product_min_qty": 10,
                "product_max_qty": 20,
            }
        )
        cls.rule = cls.env["factory.alert.rule"].create(
            {
                "name": "Tour low stock",
                "rule_type": "below_safety",
                "lang": "en_US",
                "warehouse_ids": [Command.set(cls.warehouse.ids)],
                "user_ids": [Command.set(cls.supervisor.ids)],
                "channel_activity": True,
            }
        )

    def test_run_and_acknowledge(self):
        self.start_tour(
            f"/odoo/action-factory_alerts.factory_alert_rule_action/{self.rule.id}",
            "factory_alerts_tour",
            login=self.supervisor.login,
        )
        alert = self.env["factory.alert"].search([("rule_id", "=", self.rule.id)])
        self.assertEqual(alert.product_id, self.material)
        self.assertEqual(alert.state, "acknowledged")
        self.assertEqual(alert.acknowledged_by_id, self.supervisor)
