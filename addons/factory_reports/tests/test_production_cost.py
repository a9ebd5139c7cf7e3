import base64
import io

import openpyxl

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.factory_mrp.tests.order_cost_common import OrderCostCase


@tagged("post_install", "-at_install")
class TestProductionCostExport(OrderCostCase):
    """Production cost comes from factory_mrp's stored breakdown: the export
    per order and per product adds up to Odoo's valuation of the finished
    goods, and the components consumed appear as issues to production in the
    month's turnover."""

    def _sheet(self, report):
        wizard = (
            self.env["factory.report.export"]
            .with_user(self.accountant)
            .create({"report": report})
        )
        wizard.action_export()
        data = base64.b64decode(wizard.file_data)
        rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.values)
        header = next(i for i, r in enumerate(rows) if i > 1 and r[0] and r[1])
        return rows[header], rows[header + 1 : -1], rows[-1]

    def test_cost_equals_valuation(self):
        production = self._finish(self._cost_order(5))
        value = self._finished_value(production)
        # 5 coils of the first FIFO layer (2.0) and 10 poles at 0.5
        self.assertAlmostEqual(production.factory_cost_material, 15.0)
        header, rows, total = self._sheet("mrp.production")
        col = {name: i for i, name in enumerate(header)}
        self.assertIn(production.name, [r[col["Reference"]] for r in rows])
        row = next(r for r in rows if r[col["Reference"]] == production.name)
        self.assertAlmostEqual(row[col["Total Cost"]], value, places=2)
        self.assertAlmostEqual(row[col["Material Cost"]], 15.0)
        # (the orders the accountant sees: those of his companies)
        orders = (
            self.env["mrp.production"]
            .with_user(self.accountant)
            .search([("state", "=", "done")])
        )
        self.assertAlmostEqual(
            total[col["Total Cost"]], sum(orders.mapped("factory_cost_total"))
        )
        header, rows, total = self._sheet("factory.mrp.product.cost")
        col = {name: i for i, name in enumerate(header)}
        report = (
            self.env["factory.mrp.product.cost"]
            .with_user(self.accountant)
            .read_group([], ["total:sum", "unit_cost:avg"], [])[0]
        )
        self.assertAlmostEqual(total[col["Total Cost"]], report["total"])
        self.assertAlmostEqual(total[col["Unit Cost"]], report["unit_cost"])
        # the components left the warehouse for production at their layers
        self.env.flush_all()
        month = production.date_finished.date().replace(day=1)
        turnover = self.env["factory.report.turnover"].search(
            [
                ("categ_id", "=", self.cat_fifo.id),
                ("warehouse_id", "=", self.wh_raw.id),
                ("month", "=", month),
            ]
        )
        self.assertAlmostEqual(turnover.cogs_production, 15.0)

    def test_bad_period_refused(self):
        with self.assertRaises(ValidationError):
            self.env["factory.report.export"].with_user(self.accountant).create(
                {
                    "report": "factory.mrp.product.cost",
                    "date_from": "2026-05-01",
                    "date_to": "2026-04-01",
                }
            )
        self.assertFalse(self.env["factory.report.export"].search([]))
