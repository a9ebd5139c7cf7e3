from datetime import timedelta

import psycopg2
from lxml import etree

from odoo import fields
from odoo.tests import tagged
from odoo.tools import file_path, mute_logger

from .common import FactoryAlertsCase


@tagged("post_install", "-at_install")
class TestAlertRules(FactoryAlertsCase):
    """Each rule type on prepared data: the right alerts, none duplicated on a
    second run, resolved once the condition clears, reopened when it returns."""

    def _assert_cycle(self, rule, make_bad, make_good, key):
        """bad → one open alert (twice), good → resolved, bad → reopened."""
        make_bad()
        rule._factory_run()
        alerts = self._alerts(rule)
        self.assertEqual(alerts.mapped("key"), [key])
        self.assertEqual(alerts.state, "open")
        rule._factory_run()
        self.assertEqual(self._alerts(rule), alerts, "no duplicate on a second run")
        make_good()
        rule._factory_run()
        self.assertEqual(alerts.state, "resolved")
        self.assertTrue(alerts.resolved_on)
        self.assertFalse(alerts.resolved_by_id, "resolved by the rule itself")
        self.assertFalse(self._open(rule))
        make_bad()
        rule._factory_run()
        self.assertEqual(self._alerts(rule), alerts, "the same alert is reopened")
        self.assertEqual(alerts.state, "open")
        self.assertEqual(alerts.reopen_count, 1)
        self.assertFalse(alerts.resolved_on)
        return alerts

    def test_below_safety(self):
        rule = self._rule("below_safety")
        alert = self._assert_cycle(
            rule,
            lambda: self._put(self.material, 4),
            lambda: self._put(self.material, 20),
            f"p{self.material.id}-w{self.wh_raw.id}",
        )
        self.assertEqual(alert.product_id, self.material)
        self.assertEqual(alert.warehouse_id, self.wh_raw)
        self.assertEqual((alert.qty, alert.threshold), (4, 10))
        # the to-do is on the material, for the recipient
        activities = self.env["mail.activity"].search(
            [("factory_alert_id", "=", alert.id)]
        )
        self.assertEqual(activities.user_id, self.purchaser)
        self.assertEqual(activities.res_model, "product.product")
        self.assertEqual(activities.res_id, self.material.id)
        self.assertEqual(len(activities), 1, "the resolved run's to-do was done")

    def test_above_max(self):
        rule = self._rule("above_max")
        alert = self._assert_cycle(
            rule,
            lambda: self._put(self.material, 60),
            lambda: self._put(self.material, 30),
            f"p{self.material.id}-w{self.wh_raw.id}",
        )
        self.assertEqual((alert.qty, alert.threshold), (60, 50))

    def test_scope(self):
        """Categories, warehouses and the material filter all narrow it."""
        self._set_stock(self.material, self.stock, 1)
        self._put(self.other_material, 2)
        rule = self._rule(
            "below_safety", product_domain="[('default_code', '=', 'TST-0002')]"
        )
        rule._factory_run()
        self.assertEqual(self._open(rule).product_id, self.other_material)
        other_category = self.env["product.category"].create({"name": "Other"})
        rule.categ_ids = other_category
        rule._factory_run()
        self.assertFalse(self._open(rule))
        rule.write({"categ_ids": [(5,)], "warehouse_ids": [(6, 0, self.wh_fg.ids)]})
        rule._factory_run()
        self.assertFalse(self._open(rule))

    def test_dead_stock(self):
        rule = self._rule("dead_stock", days=90)
        self.env["stock.quant"]._update_available_quantity(
            self.material, self.stock, 40, in_date=self._days_ago(200)
        )
        # stock received recently is not dead stock
        self._set_stock(self.other_material, self.stock, 10)
        out = self.env["stock.move"]

        def bad():
            if out:
                self.env.cr.execute(
                    "UPDATE stock_move SET date = %s WHERE id IN %s",
                    (self._days_ago(120), tuple(out.ids)),
                )

        def good():
            nonlocal out
            out = self._move(self.material, self.stock, self.customers, 1)

        alert = self._assert_cycle(
            rule, bad, good, f"p{self.material.id}-w{self.wh_raw.id}"
        )
        self.assertEqual(alert.qty, 39)
        self.assertEqual(alert.date.date(), self._days_ago(120).date())

    def test_expiring_lot(self):
        self.material.product_tmpl_id.write(
            {"tracking": "lot", "use_expiration_date": True}
        )
        lot = self.env["stock.lot"].create(
            {
                "name": "TST-LOT-1",
                "product_id": self.material.id,
                "expiration_date": fields.Datetime.now() + timedelta(days=10),
            }
        )
        later = self.env["stock.lot"].create(
            {
                "name": "TST-LOT-2",
                "product_id": self.material.id,
                "expiration_date": fields.Datetime.now() + timedelta(days=90),
            }
        )
        self._set_stock(self.material, self.stock, 5, lot=later)
        rule = self._rule("expiring_lot", days=30)
        alert = self._assert_cycle(
            rule,
            lambda: self._put(self.material, 5, lot=lot),
            lambda: self._put(self.material, 0, lot=lot),
            f"l{lot.id}-w{self.wh_raw.id}",
        )
        self.assertEqual(alert.lot_id, lot)
        self.assertEqual((alert.res_model, alert.res_id), ("stock.lot", lot.id))
        self.assertEqual(lot.factory_alert_count, 1)

    def test_overdue_receipt(self):
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.wh_raw.in_type_id.id,
                "location_id": self.suppliers.id,
                "location_dest_id": self.stock.id,
                "scheduled_date": self._days_ago(10),
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "wire",
                            "product_id": self.material.id,
                            "product_uom_qty": 7,
                            "product_uom": self.material.uom_id.id,
                            "location_id": self.suppliers.id,
                            "location_dest_id": self.stock.id,
                        },
                    )
                ],
            }
        )
        picking.action_confirm()
        rule = self._rule("overdue_receipt", days=3)
        alert = self._assert_cycle(
            rule,
            lambda: picking.write({"scheduled_date": self._days_ago(10)}),
            lambda: picking.write({"scheduled_date": self._days_ago(1)}),
            f"r{picking.id}",
        )
        self.assertEqual(alert.picking_id, picking)
        self.assertEqual(alert.qty, 7)
        self.assertEqual(picking.factory_alert_count, 1)

    def test_open_alerts_are_unique(self):
        rule = self._rule("below_safety")
        self._set_stock(self.material, self.stock, 1)
        rule._factory_run()
        alert = self._open(rule)
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.UniqueViolation),
            self.env.cr.savepoint(),
        ):
            self.Alert._factory_create(
                [
                    {
                        "rule_id": rule.id,
                        "company_id": alert.company_id.id,
                        "key": alert.key,
                    }
                ]
            )

    def test_acknowledged_alert_stays_acknowledged(self):
        rule = self._rule("below_safety")
        self._set_stock(self.material, self.stock, 1)
        rule._factory_run()
        alert = self._open(rule)
        alert.with_user(self.purchaser).action_acknowledge()
        self.assertEqual(alert.state, "acknowledged")
        self.assertEqual(alert.acknowledged_by_id, self.purchaser)
        self._set_stock(self.material, self.stock, -0.5)
        rule._factory_run()
        self.assertEqual(self._alerts(rule), alert)
        self.assertEqual((alert.state, alert.qty), ("acknowledged", 0.5))
        self.assertEqual(self.material.product_tmpl_id.factory_alert_count, 1)

    def test_cron_dispatches_due_rules(self):
        self._set_stock(self.material, self.stock, 1)
        due = self._rule("below_safety", next_run=self._days_ago(1))
        later = self._rule(
            "below_safety", next_run=fields.Datetime.now() + timedelta(hours=2)
        )
        self.Rule._cron_dispatch()
        self.assertEqual(len(self._open(due)), 1)
        self.assertFalse(self._open(later))
        self.assertGreater(due.next_run, fields.Datetime.now())
        self.assertTrue(due.last_run)

    def test_next_run_keeps_the_day_of_month(self):
        rule = self._rule(
            "dead_stock",
            days=180,
            interval_type="months",
            next_run=fields.Datetime.to_datetime("2026-01-01 01:00:00"),
        )
        nxt = rule._next_run_after(fields.Datetime.to_datetime("2026-03-15 08:00:00"))
        self.assertEqual(fields.Datetime.to_string(nxt), "2026-04-01 01:00:00")

    def test_default_rules_shipped_inactive(self):
        """The data file ships the default rules inactive and not updatable
        (the demo activates them)."""
        path = file_path("factory_alerts/data/factory_alert_rule_data.xml")
        root = etree.parse(path).getroot()
        self.assertEqual(root.get("noupdate"), "1")
        records = root.findall("record")
        self.assertEqual(len(records), 3)
        for record in records:
            active = record.find("field[@name='active']")
            self.assertEqual(active.get("eval"), "False", record.get("id"))
        report = self.env.ref("factory_alerts.factory_alert_rule_dead_stock_report")
        self.assertEqual(report.next_run.day, 1)
        self.assertEqual(report.notify_mode, "report")
        self.assertEqual(
            report.group_ids,
            self.env.ref("factory_stock.group_warehouse_supervisor")
            | self.env.ref("factory_stock.group_accountant"),
        )
