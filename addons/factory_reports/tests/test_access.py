from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import FactoryReportsCase

MONEY = {
    "factory.report.dead.stock": ("value",),
    "factory.report.aging": ("value", "value_age_1", "value_age_5"),
    "factory.report.turnover": ("cogs", "cogs_scrap", "avg_value", "closing_value"),
    "factory.report.supplier": ("amount",),
    "factory.report.abc": ("issue_value", "value_share", "cumulative_share"),
    "factory.report.movement": ("value",),
}
QUANTITIES = {
    "factory.report.dead.stock": ("qty", "days_idle", "status"),
    "factory.report.aging": ("qty", "qty_age_1", "qty_age_5"),
    "factory.report.turnover": ("qty_issued", "turnover", "days_of_inventory"),
    "factory.report.supplier": ("qty_received", "on_time_qty_rate"),
    "factory.report.abc": ("abc_class", "count_share"),
    "factory.report.movement": ("qty_in", "qty_out", "kind", "reference"),
}

SUMMED = {
    "factory.report.dead.stock": "qty",
    "factory.report.aging": "qty_age_5",
    "factory.report.turnover": "qty_issued",
    "factory.report.supplier": "qty_received",
    "factory.report.abc": "count_share",
    "factory.report.movement": "qty_in",
}


@tagged("post_install", "-at_install")
class TestReportAccess(FactoryReportsCase):
    """A clerk sees quantities of their warehouses but no values, through
    every RPC path; an accountant reads and exports everything; a line
    worker does not open the reports."""

    def setUp(self):
        super().setUp()
        self.product = self._create_material("TST-AC-01", "Access coil", cost=3.0)
        self._move(self.product, self.loc_supplier, self.stock, 10, self._days_ago(40))
        self._move(
            self.product,
            self.loc_supplier,
            self.wh_fg.lot_stock_id,
            5,
            self._days_ago(40),
        )
        self._move(self.product, self.stock, self.loc_production, 2, self._days_ago(30))
        vendor = self.env["res.partner"].create({"name": "Access Vendor"})
        self.env["purchase.order"].create(
            {
                "partner_id": vendor.id,
                "picking_type_id": self.wh.in_type_id.id,
                "order_line": [
                    Command.create({"product_id": self.product.id, "product_qty": 4})
                ],
            }
        ).button_confirm()
        self.env.flush_all()

    def test_clerk_sees_no_money(self):
        for model, fnames in MONEY.items():
            Report = self.env[model].with_user(self.clerk)
            rows = Report.search([], limit=5)
            self.assertTrue(rows, model)
            rows.read(list(QUANTITIES[model]))
            Report.read_group([], [f"{SUMMED[model]}:sum"], [])
            self.assertFalse(set(fnames) & set(Report.fields_get()), model)
            for fname in fnames:
                msg = f"{model}.{fname}"
                with self.assertRaises(AccessError, msg=msg):
                    rows.read([fname])
                with self.assertRaises(AccessError, msg=msg):
                    Report.search_read([], [fname], limit=1)
                with self.assertRaises(AccessError, msg=msg):
                    Report.read_group([], [f"{fname}:sum"], [])
                with self.assertRaises(AccessError, msg=msg):
                    rows.export_data([fname])
                with self.assertRaises(AccessError, msg=msg):
                    Report.search([(fname, ">", 0)])

    def test_clerk_reads_the_ratios_of_money_he_cannot_read(self):
        """The pivot and graph of a ratio (turnover, days of inventory, the
        supplier rates) group it as a ratio of sums of columns the clerk may
        not read: he gets the ratio, not the money."""
        for model in ("factory.report.turnover", "factory.report.supplier"):
            Report = self.env[model].with_user(self.clerk)
            for fname in Report._factory_ratios:
                if fname not in Report.fields_get():
                    continue
                groups = Report.read_group([], [f"{fname}:avg"], [])
                self.assertIn(fname, groups[0], f"{model}.{fname}")

    def test_accountant_reads_and_exports_everything(self):
        for model, fnames in MONEY.items():
            Report = self.env[model].with_user(self.accountant)
            rows = Report.search([], limit=5)
            rows.read(list(fnames + QUANTITIES[model]))
            Report.read_group([], [f"{f}:sum" for f in fnames], [])
            rows.export_data(list(fnames + QUANTITIES[model]))
        row = self._report(
            "factory.report.dead.stock",
            [("product_id", "=", self.product.id), ("warehouse_id", "=", self.wh.id)],
            user=self.accountant,
        )
        self.assertEqual(row.export_data(["qty", "value"])["datas"], [[8.0, 24.0]])

    def test_warehouse_scope(self):
        domain = [("product_id", "=", self.product.id)]
        for model in (
            "factory.report.dead.stock",
            "factory.report.aging",
            "factory.report.movement",
        ):
            clerk_rows = self._report(model, domain, user=self.clerk)
            self.assertEqual(clerk_rows.warehouse_id, self.wh_raw, model)
            for user in (self.manager, self.accountant):
                rows = self._report(model, domain, user=user)
                self.assertEqual(rows.warehouse_id, self.wh_raw | self.wh_fg, model)
        rows = self._report(
            "factory.report.turnover",
            [("categ_id", "=", self.category.id)],
            user=self.clerk,
        )
        self.assertEqual(rows.warehouse_id, self.wh_raw)

    def test_line_worker_has_no_access(self):
        for model in MONEY:
            with self.assertRaises(AccessError, msg=model):
                self.env[model].with_user(self.worker).search([])

    def test_reports_are_read_only_for_everyone(self):
        for model in MONEY:
            for user in (self.manager, self.accountant, self.clerk):
                Report = self.env[model].with_user(user)
                row = Report.search([], limit=1)
                with self.assertRaises(AccessError, msg=f"{model} {user.login}"):
                    row.write({"company_id": self.company.id})
                with self.assertRaises(AccessError, msg=f"{model} {user.login}"):
                    Report.create({"company_id": self.company.id})
                with self.assertRaises(AccessError, msg=f"{model} {user.login}"):
                    row.unlink()
