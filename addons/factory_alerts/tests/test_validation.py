from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import FactoryAlertsCase


@tagged("post_install", "-at_install")
class TestAlertsValidation(FactoryAlertsCase):
    """Bad input: a clear error, nothing saved."""

    def _refused(self, model, vals, message):
        Model = self.env[model].with_user(self.admin)
        before = Model.with_context(active_test=False).search_count([])
        with (
            self.assertRaisesRegex(ValidationError, message),
            self.env.cr.savepoint(),
        ):
            Model.create(vals)
        self.assertEqual(Model.with_context(active_test=False).search_count([]), before)

    def test_webhook_url_must_be_http(self):
        for url in (
            "ftp://oapi.dingtalk.com/robot/send",
            "javascript:alert(1)",
            "oapi.dingtalk.com/robot/send",
            "file:///etc/passwd",
            "",
        ):
            self._refused(
                "factory.alert.robot",
                {"name": "Bad", "robot_type": "wecom", "url": url},
                "must be an http:// or https:// address",
            )
        robot = self.env["factory.alert.robot"].create(
            {"name": "Good", "robot_type": "wecom", "url": "http://127.0.0.1:9/x"}
        )
        with self.assertRaisesRegex(ValidationError, "http:// or https://"):
            robot.url = "gopher://x"

    def test_domain_must_parse(self):
        for domain, what in (
            ("[('name', '=', 'x'", "not a valid domain"),
            ("[('no_such_field', '=', 1)]", "not a valid domain"),
            ("{'a': 1}", "not a valid domain"),
            ("[('name', 'bad-operator', 1)]", "not a valid domain"),
            ("__import__('os')", "not a valid domain"),
        ):
            self._refused(
                "factory.alert.rule",
                {
                    "name": "Bad domain",
                    "product_domain": domain,
                    "user_ids": [(6, 0, self.purchaser.ids)],
                    "channel_activity": True,
                },
                what,
            )

    def test_days_must_be_positive(self):
        for rule_type in ("dead_stock", "expiring_lot", "overdue_receipt"):
            for days in (0, -5):
                self._refused(
                    "factory.alert.rule",
                    {
                        "name": "Bad days",
                        "rule_type": rule_type,
                        "days": days,
                        "user_ids": [(6, 0, self.purchaser.ids)],
                        "channel_activity": True,
                    },
                    "number of days .* must be positive",
                )

    def test_recipients_and_channels(self):
        base = {"name": "No way out", "rule_type": "below_safety"}
        self._refused("factory.alert.rule", base, "has no channel")
        self._refused(
            "factory.alert.rule",
            {**base, "user_ids": [(6, 0, self.purchaser.ids)]},
            "has no channel",
        )
        self._refused(
            "factory.alert.rule",
            {**base, "channel_activity": True},
            "has no recipient",
        )
        self._refused(
            "factory.alert.rule",
            {**base, "channel_email": True},
            "has no recipient",
        )
        self._refused(
            "factory.alert.rule",
            {**base, "channel_email": True, "email_to": "finance, a@b.c"},
            "is not an e-mail address",
        )
        self._refused(
            "factory.alert.rule",
            {**base, "interval_number": 0, "channel_email": True, "email_to": "a@b.c"},
            "interval of rule .* must be at least 1",
        )
        # an e-mail address alone is enough for the e-mail channel
        rule = self.Rule.with_user(self.admin).create(
            {**base, "channel_email": True, "email_to": "finance@example.com"}
        )
        self.assertEqual(rule._email_addresses_given(), ["finance@example.com"])
        # and removing the last channel later is refused as well
        with self.assertRaisesRegex(ValidationError, "has no channel"):
            rule.channel_email = False

    def test_shortage_rules_need_factory_mrp(self):
        if self.Rule._factory_mrp_installed():
            self.skipTest("factory_mrp is installed: see factory_alerts_mrp")
        self._refused(
            "factory.alert.rule",
            {
                "name": "Shortages",
                "rule_type": "mo_shortage",
                "user_ids": [(6, 0, self.purchaser.ids)],
                "channel_activity": True,
            },
            "install Factory MRP",
        )

    def test_rule_form_shows_days_only_when_counted(self):
        form = Form(self.Rule.with_user(self.admin))
        form.name = "Form rule"
        form.rule_type = "below_safety"
        self.assertTrue(form._get_modifier("days", "invisible"))
        form.rule_type = "dead_stock"
        self.assertFalse(form._get_modifier("days", "invisible"))
        form.days = 180
        form.channel_email = True
        form.email_to = "finance@example.com"
        rule = form.save()
        self.assertEqual(rule.days, 180)

    def test_acknowledge_only_open_alerts(self):
        rule = self._rule("below_safety")
        self._put(self.material, 1)
        rule._factory_run()
        alert = self._open(rule)
        alert.with_user(self.purchaser).action_acknowledge()
        with self.assertRaisesRegex(UserError, "Only open alerts"):
            alert.with_user(self.purchaser).action_acknowledge()
        alert.with_user(self.purchaser).action_resolve()
        self.assertEqual(alert.resolved_by_id, self.purchaser)
        with self.assertRaisesRegex(UserError, "already resolved"):
            alert.with_user(self.purchaser).action_resolve()
        # a run while the condition holds reopens it
        rule._factory_run()
        self.assertEqual(alert.state, "open")
