from odoo import Command
from odoo.tests import tagged

from odoo.addons.factory_mrp.tests.material_common import MaterialRequestCase


@tagged("post_install", "-at_install")
class TestShortageAlerts(MaterialRequestCase):
    """Shortages of released manufacturing orders (factory_mrp's shortage
    view): one alert per order and component, resolved when stock covers
    it, reopened when it is short again; unreleased orders are left out."""

    def _rule(self):
        return self.env["factory.alert.rule"].create(
            {
                "name": "Test shortages",
                "rule_type": "mo_shortage",
                "lang": "en_US",
                "warehouse_ids": [Command.set(self.wh_raw.ids)],
                "categ_ids": [Command.set(self.category.ids)],
                "user_ids": [Command.set(self.purchaser.ids)],
                "channel_activity": True,
            }
        )

    def _open(self, rule):
        return self.env["factory.alert"].search(
            [("rule_id", "=", rule.id), ("state", "!=", "resolved")]
        )

    def test_shortage_cycle(self):
        released = self._order(20)  # short: 10 shafts, 10 magnets
        released._factory_write({"factory_released": True})
        self._order(5)  # confirmed, not released: no alert
        rule = self._rule()
        rule._factory_run()
        alerts = self._open(rule)
        self.assertEqual(
            sorted(alerts.mapped("key")),
            sorted(f"m{released.id}-p{p.id}" for p in (self.shaft, self.magnet)),
        )
        self.assertEqual(set(alerts.mapped("qty")), {10})
        self.assertEqual(set(alerts.mapped("res_model")), {"mrp.production"})
        self.assertEqual(released.factory_alert_count, 2)
        self.assertIn(released.name, alerts[0].subject)
        # a purchaser (no manufacturing rights) sees which order is short
        self.assertFalse(self.purchaser.has_group("mrp.group_mrp_user"))
        seen = alerts.with_user(self.purchaser)
        seen.invalidate_recordset()
        self.assertIn(released.name, seen[0].subject)
        # the to-dos are on the order
        activities = self.env["mail.activity"].search(
            [("factory_alert_id", "in", alerts.ids)]
        )
        self.assertEqual(set(activities.mapped("res_id")), {released.id})
        rule._factory_run()
        self.assertEqual(self._open(rule), alerts, "no duplicate")
        stock = self.wh_raw.lot_stock_id
        Quant = self.env["stock.quant"]
        Quant._update_available_quantity(self.shaft, stock, 10)
        Quant._update_available_quantity(self.magnet, stock, 10)
        rule._factory_run()
        self.assertEqual(set(alerts.mapped("state")), {"resolved"})
        Quant._update_available_quantity(self.shaft, stock, -4)
        rule._factory_run()
        shaft_alert = alerts.filtered(lambda a: a.product_id == self.shaft)
        self.assertEqual(self._open(rule), shaft_alert, "the same alert reopened")
        self.assertEqual((shaft_alert.qty, shaft_alert.reopen_count), (4, 1))
        action = released.action_factory_open_alerts()
        self.assertEqual(
            self.env["factory.alert"].search(action["domain"]), shaft_alert
        )
