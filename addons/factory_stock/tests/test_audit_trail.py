from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import FactoryStockCase


@tagged("post_install", "-at_install")
class TestAuditTrail(FactoryStockCase):
    """Prices, costs, category rules and the suite's company settings are in
    OCA auditlog's trail (操作日志) with user, time, old and new value."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create({"name": "Test Audit Vendor"})

    def _changes(self, record, fname):
        """[(user, old, new)] of the logged changes of ``record.fname``."""
        logs = self.env["auditlog.log"].search(
            [("model_model", "=", record._name), ("res_id", "=", record.id)],
            order="id",
        )
        return [
            (log.user_id, line.old_value_text, line.new_value_text)
            for log in logs
            for line in log.line_ids
            if line.field_name == fname
        ]

    def test_rules_are_active(self):
        for xmlid in (
            "auditlog_rule_product_supplierinfo",
            "auditlog_rule_purchase_order_line",
            "auditlog_rule_product_product",
            "auditlog_rule_product_category",
            "auditlog_rule_res_company",
        ):
            rule = self.env.ref(f"factory_stock.{xmlid}")
            self.assertEqual((rule.state, rule.log_type), ("subscribed", "full"), xmlid)

    def test_supplier_and_purchase_prices_logged(self):
        info = (
            self.env["product.supplierinfo"]
            .with_user(self.manager)
            .create(
                {
                    "partner_id": self.vendor.id,
                    "product_tmpl_id": self.material.product_tmpl_id.id,
                    "price": 7.5,
                }
            )
        )
        info.write({"price": 9.0})
        self.assertEqual(
            self._changes(info, "price"),
            [(self.manager, False, "7.5"), (self.manager, "7.5", "9.0")],
        )
        order = (
            self.env["purchase.order"]
            .with_user(self.purchaser)
            .create(
                {
                    "partner_id": self.vendor.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.material.id,
                                "product_qty": 5,
                                "price_unit": 8.0,
                            }
                        )
                    ],
                }
            )
        )
        order.order_line.price_unit = 8.5
        changes = self._changes(order.order_line, "price_unit")
        self.assertEqual(changes[-1], (self.purchaser, "8.0", "8.5"))
        info.unlink()
        unlink = self.env["auditlog.log"].search(
            [
                ("model_model", "=", "product.supplierinfo"),
                ("res_id", "=", info.id),
                ("method", "=", "unlink"),
            ]
        )
        self.assertEqual(unlink.user_id, self.manager)
        self.assertIn(
            "9.0", unlink.line_ids.filtered(lambda l: l.field_name == "price").old_value
        )

    def test_cost_logged_not_other_product_fields(self):
        self.material.with_user(self.manager).standard_price = 12.0
        self.material.with_user(self.supervisor).name = "Copper wire 0.25"
        self.assertEqual(
            self._changes(self.material, "standard_price")[-1],
            (self.manager, "10.0", "12.0"),
        )
        self.assertFalse(self._changes(self.material, "name"))

    def test_category_rules_and_settings_logged(self):
        self.category.with_user(self.manager).write(
            {"factory_issue_policy": "fifo", "name": "Test Raw Materials (FIFO)"}
        )
        # the issue policy is Odoo's removal strategy (one setting): its
        # change is what the log shows
        user, __, new = self._changes(self.category, "removal_strategy_id")[-1]
        self.assertEqual(user, self.manager)
        self.assertIn(self.env.ref("stock.removal_fifo").name, new)
        self.assertFalse(self._changes(self.category, "name"))
        # a setting, through Inventory settings as an administrator does it
        admin = new_test_user(
            self.env,
            login="t_audit_admin",
            groups="base.group_user,base.group_system,factory_stock.group_factory_admin",
        )
        before = self.company.factory_qc_segregation
        settings = self.env["res.config.settings"].with_user(admin).create({})
        settings.factory_qc_segregation = not before
        settings.execute()
        self.assertEqual(self.company.factory_qc_segregation, not before)
        [(user, old, new)] = self._changes(self.company, "factory_qc_segregation")

        # auditlog stores the values as text, False as an empty value
        def text(value):
            return "True" if value else False

        self.assertEqual((user, old, new), (admin, text(before), text(not before)))

    def test_manager_reads_the_trail_clerk_does_not(self):
        self.material.with_user(self.manager).standard_price = 11.0
        Lines = self.env["auditlog.log.line.view"]
        # the manager's screen: its list and search views, grouped by type
        action = self.env.ref("factory_stock.factory_auditlog_line_action")
        views = Lines.with_user(self.manager).get_views(
            [(action.view_id.id, "list"), (action.search_view_id.id, "search")]
        )
        shown = set(views["models"]["auditlog.log.line.view"]["fields"])
        domain = [
            ("model_model", "=", "product.product"),
            ("res_id", "=", self.material.id),
            ("method", "=", "write"),
        ]
        rows = Lines.with_user(self.manager).web_search_read(
            domain, {fname: {} for fname in shown}
        )["records"]
        self.assertEqual(
            [
                (r["field_description"], r["old_value_text"], r["new_value_text"])
                for r in rows
            ],
            [("Cost", "10.0", "11.0")],
        )
        groups = Lines.with_user(self.manager).web_read_group(
            [], ["model_name"], ["model_name"]
        )
        self.assertIn("Product Variant", [g["model_name"] for g in groups["groups"]])
        for user in (self.clerk, self.qc, self.worker):
            with self.assertRaises(AccessError, msg=user.login):
                Lines.with_user(user).search([])
            with self.assertRaises(AccessError, msg=user.login):
                self.env["auditlog.log"].with_user(user).search([])
