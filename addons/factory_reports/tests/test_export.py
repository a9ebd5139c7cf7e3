import base64
import io

import openpyxl

from odoo.tests import tagged

from .common import FactoryReportsCase


@tagged("post_install", "-at_install")
class TestExcelExport(FactoryReportsCase):
    """The workbook of a report opens with openpyxl: title, filters, frozen
    header in the user's language, one row per report row, and totals equal
    to the report's own read_group; without the cost right no value column."""

    def setUp(self):
        super().setUp()
        self.product = self._create_material("TST-XL-01", "Export stator", cost=2.0)
        self.other = self._create_material("TST-XL-02", "Export rotor", cost=3.0)
        self._move(self.product, self.loc_supplier, self.stock, 30, self._days_ago(200))
        self._move(self.product, self.loc_supplier, self.stock, 20, self._days_ago(20))
        self._move(self.other, self.loc_supplier, self.bin_a, 7, self._days_ago(400))
        self._move(
            self.other, self.loc_supplier, self.wh_fg.lot_stock_id, 5, self._days_ago(5)
        )

    def _export(self, user, report, **filters):
        # the web client sends the user's language in the context
        wizard = (
            self.env["factory.report.export"]
            .with_user(user)
            .with_context(lang=user.lang)
            .create({"report": report, **filters})
        )
        action = wizard.action_export()
        self.assertIn("download=true", action["url"])
        data = base64.b64decode(wizard.file_data)
        return openpyxl.load_workbook(io.BytesIO(data)).active

    def _table(self, sheet):
        rows = list(sheet.iter_rows(values_only=True))
        header_index = next(i for i, r in enumerate(rows) if r[0] and i > 1 and r[1])
        return rows, header_index

    def test_aging_workbook_totals(self):
        products = self.product | self.other
        sheet = self._export(
            self.accountant,
            "factory.report.aging",
            product_ids=[(6, 0, products.ids)],
            warehouse_ids=[(6, 0, self.wh.ids)],
        )
        rows, h = self._table(sheet)
        self.assertEqual(rows[0][0], "Stock Aging")
        self.assertTrue(any("Test Raw Warehouse" in (r[0] or "") for r in rows[:h]))
        header = rows[h]
        self.assertEqual(sheet.freeze_panes, f"A{h + 2}")
        data, total = rows[h + 1 : -1], rows[-1]
        self.assertEqual(len(data), 2)
        self.assertEqual(total[0], "Total")
        report = self.env["factory.report.aging"].with_user(self.accountant)
        group = report.read_group(
            [("product_id", "in", products.ids), ("warehouse_id", "=", self.wh.id)],
            ["qty:sum", "value:sum", "qty_age_4:sum", "value_age_5:sum"],
            [],
        )[0]
        col = {name: i for i, name in enumerate(header)}
        self.assertEqual(total[col["On Hand"]], group["qty"])
        self.assertEqual(total[col["On Hand"]], 57)
        self.assertEqual(total[col["Stock Value"]], group["value"])
        self.assertEqual(total[col["Stock Value"]], 50 * 2.0 + 7 * 3.0)
        self.assertEqual(total[col["Qty 181-365 Days"]], 30)
        self.assertEqual(total[col["Value Over 365 Days"]], 21)
        self.assertEqual(sum(r[col["On Hand"]] for r in data), 57)

    def test_clerk_gets_no_value_column(self):
        sheet = self._export(
            self.clerk,
            "factory.report.dead.stock",
            product_ids=[(6, 0, (self.product | self.other).ids)],
        )
        rows, h = self._table(sheet)
        header = rows[h]
        self.assertIn("On Hand", header)
        self.assertNotIn("Stock Value", header)
        # only the clerk's warehouse
        self.assertEqual(len(rows[h + 1 : -1]), 2)
        self.assertEqual(rows[-1][header.index("On Hand")], 57)

    def test_chinese_headers(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.accountant.lang = "zh_CN"
        sheet = self._export(
            self.accountant,
            "factory.report.dead.stock",
            product_ids=[(6, 0, self.product.ids)],
        )
        rows, h = self._table(sheet)
        self.assertEqual(rows[0][0], "呆滞料分析")
        self.assertIn("在库数量", rows[h])
        self.assertIn("库存金额", rows[h])
        self.assertEqual(rows[-1][0], "合计")

    def test_turnover_period_filter(self):
        sheet = self._export(
            self.accountant,
            "factory.report.turnover",
            categ_ids=[(6, 0, self.category.ids)],
            warehouse_ids=[(6, 0, self.wh.ids)],
            date_from=self._days_ago(45).date().replace(day=1),
        )
        rows, h = self._table(sheet)
        self.assertTrue(any((r[0] or "").startswith("Period:") for r in rows[:h]))
        header = rows[h]
        months = [r[0] for r in rows[h + 1 : -1]]
        self.assertTrue(months)
        self.assertTrue(
            all(m.date() >= self._days_ago(45).date().replace(day=1) for m in months)
        )
        self.assertIn("Turnover", header)
