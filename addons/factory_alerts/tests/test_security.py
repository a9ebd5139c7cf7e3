from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import FactoryAlertsCase


@tagged("post_install", "-at_install")
class TestAlertsSecurity(FactoryAlertsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.robot = cls.env["factory.alert.robot"].create(
            {
                "name": "Test robot",
                "robot_type": "dingtalk",
                "url": "https://oapi.dingtalk.com/robot/send?access_token=tok",
                "secret": "SECret",
            }
        )
        cls.rule = cls._rule("below_safety", robot_ids=[(6, 0, cls.robot.ids)])
        cls.env["stock.quant"]._update_available_quantity(
            cls.material, cls.wh_raw.lot_stock_id, 1
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.material, cls.wh_fg.lot_stock_id, 1
        )
        cls.rule.warehouse_ids = cls.wh_raw | cls.wh_fg
        cls.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": cls.material.id,
                "warehouse_id": cls.wh_fg.id,
                "location_id": cls.wh_fg.lot_stock_id.id,
                "product_min_qty": 5,
                "product_max_qty": 10,
            }
        )
        cls.rule._factory_run()
        cls.alerts = cls.env["factory.alert"].search([("rule_id", "=", cls.rule.id)])

    def test_robot_url_and_secret_for_administrators_only(self):
        Robot = self.env["factory.alert.robot"]
        export = self.env.ref("base.group_allow_export")
        for user in (self.supervisor, self.purchaser, self.manager, self.clerk):
            user.groups_id |= export  # refused for the field, not the export
            robots = Robot.with_user(user)
            self.assertEqual(
                robots.browse(self.robot.id).read(["name"])[0]["name"], "Test robot"
            )
            for fname in ("url", "secret"):
                with self.assertRaises(AccessError, msg=f"{user.login} read {fname}"):
                    robots.browse(self.robot.id).read([fname])
                with self.assertRaises(AccessError, msg=f"{user.login} search_read"):
                    robots.search_read([("id", "=", self.robot.id)], [fname])
                with self.assertRaises(AccessError, msg=f"{user.login} read_group"):
                    robots.read_group([], [fname], [fname])
                with self.assertRaises(AccessError, msg=f"{user.login} export"):
                    robots.browse(self.robot.id).export_data([fname])
                with self.assertRaises(AccessError, msg=f"{user.login} search"):
                    robots.search([(fname, "ilike", "tok")])
                with self.assertRaises(AccessError, msg=f"{user.login} web_read"):
                    robots.browse(self.robot.id).web_read({fname: {}})
                self.assertNotIn(fname, robots.fields_get())
            # neither can they change a robot or send its test message
            with self.assertRaises(AccessError):
                robots.browse(self.robot.id).write({"name": "x"})
            with self.assertRaises(AccessError):
                robots.browse(self.robot.id).action_send_test()
        admin = Robot.with_user(self.admin).browse(self.robot.id)
        self.assertEqual(admin.read(["url", "secret"])[0]["secret"], "SECret")
        self.assertEqual(admin.export_data(["secret"])["datas"], [["SECret"]])

    def test_purchaser_acknowledges_but_cannot_edit_rules(self):
        rule = self.rule.with_user(self.purchaser)
        self.assertEqual(rule.read(["name"])[0]["name"], self.rule.name)
        with self.assertRaises(AccessError):
            rule.write({"days": 5})
        with self.assertRaises(AccessError):
            rule.action_run_now()
        with self.assertRaises(AccessError):
            self.Rule.with_user(self.purchaser).create(
                {"name": "x", "robot_ids": [(6, 0, self.robot.ids)]}
            )
        with self.assertRaises(AccessError):
            rule.unlink()
        alert = self.alerts[0].with_user(self.purchaser)
        alert.action_acknowledge()
        self.assertEqual(alert.state, "acknowledged")
        self.assertEqual(alert.acknowledged_by_id, self.purchaser)
        alert.write({"note": "Ordered from the usual supplier"})
        # the supervisor may edit and run rules
        self.rule.with_user(self.supervisor).write({"interval_number": 2})
        self.rule.with_user(self.supervisor).action_run_now()

    def test_forged_state_and_who_when_refused(self):
        alert = self.alerts[0]
        for user in (self.purchaser, self.supervisor, self.admin):
            for vals in (
                {"state": "resolved"},
                {"acknowledged_by_id": user.id},
                {"acknowledged_on": "2026-01-01 00:00:00"},
                {"resolved_by_id": user.id},
                {"qty": 999},
                {"reopen_count": 0},
            ):
                with self.assertRaises(UserError, msg=f"{user.login} {vals}"):
                    alert.with_user(user).write(vals)
            with self.assertRaises(UserError):  # AccessError is one too
                alert.with_user(user).write({"rule_id": self.rule.id, "key": "x"})
        self.assertEqual(alert.state, "open")
        self.assertFalse(alert.acknowledged_by_id)
        # a forged create (RPC) is refused too
        with self.assertRaises(UserError):
            self.Alert.with_user(self.admin).create(
                {
                    "rule_id": self.rule.id,
                    "company_id": self.env.company.id,
                    "key": "forged",
                    "state": "resolved",
                }
            )
        with self.assertRaises(AccessError):
            self.Alert.with_user(self.purchaser).create(
                {"rule_id": self.rule.id, "company_id": self.env.company.id, "key": "f"}
            )
        # no context key opens the writer either
        with self.assertRaises(UserError):
            alert.with_user(self.purchaser).with_context(
                factory_protected_writer=True, install_mode=True
            ).write({"state": "acknowledged"})

    def test_outbox_for_administrators_only(self):
        messages = self.Outbox.search([("rule_id", "=", self.rule.id)])
        self.assertTrue(messages)
        for user in (self.supervisor, self.purchaser, self.manager):
            with self.assertRaises(AccessError):
                messages.with_user(user).read(["body"])
        admin = messages.with_user(self.admin)
        self.assertTrue(admin.read(["body"]))
        for vals in ({"state": "sent"}, {"attempts": 0}, {"body": "forged"}):
            with self.assertRaises(UserError):
                admin.write(vals)

    def test_warehouse_scope_and_roles_without_alerts(self):
        by_wh = {a.warehouse_id: a for a in self.alerts}
        self.assertEqual(set(by_wh), {self.wh_raw, self.wh_fg})
        seen = self.Alert.with_user(self.supervisor_fg).search(
            [("rule_id", "=", self.rule.id)]
        )
        self.assertEqual(seen, by_wh[self.wh_fg])
        with self.assertRaises(AccessError):
            by_wh[self.wh_raw].with_user(self.supervisor_fg).read(["state"])
        for user in (self.purchaser, self.manager):
            self.assertEqual(
                self.Alert.with_user(user).search([("rule_id", "=", self.rule.id)]),
                self.alerts,
            )
        with self.assertRaises(AccessError):
            self.Alert.with_user(self.worker).search([])
        # a clerk reads the alerts of his warehouse but does not act on them
        with self.assertRaises(AccessError):
            by_wh[self.wh_raw].with_user(self.clerk).action_acknowledge()
