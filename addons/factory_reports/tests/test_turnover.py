import calendar
from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .common import FactoryReportsCase

MODEL = "factory.report.turnover"


@tagged("post_install", "-at_install")
class TestTurnover(FactoryReportsCase):
    """A FIFO material: 10 received at 5.00 the month before; in the month
    10 received at 7.00, 8 issued to production, 4 delivered to a customer
    and 1 scrapped (FIFO values 40, 24 and 7)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fifo = cls.env["product.category"].create(
            {"name": "Turnover FIFO", "property_cost_method": "fifo"}
        )
        cls.product = cls._create_material(
            "TST-TO-01", "FIFO rotor", cost=5.0, categ_id=cls.fifo.id
        )
        today = fields.Date.today()
        cls.month = today.replace(day=1) - relativedelta(months=2)
        cls.prev_month = cls.month - relativedelta(months=1)

    def _at(self, month, day):
        return datetime.combine(month.replace(day=day), time(10, 0))

    def setUp(self):
        super().setUp()
        p, stock = self.product, self.stock
        self._move(p, self.loc_supplier, stock, 10, self._at(self.prev_month, 10), 5.0)
        self._move(p, self.loc_supplier, stock, 10, self._at(self.month, 5), 7.0)
        self._move(p, stock, self.loc_production, 8, self._at(self.month, 10))
        self._move(p, stock, self.loc_customer, 4, self._at(self.month, 15))
        self._scrap(p, stock, 1, self._at(self.month, 20))

    def _row(self, month, user=None):
        return self._report(
            MODEL,
            [
                ("categ_id", "=", self.fifo.id),
                ("warehouse_id", "=", self.wh.id),
                ("month", "=", month),
            ],
            user=user,
        )

    def test_month_figures(self):
        row = self._row(self.month)
        self.assertEqual(len(row), 1)
        self.assertEqual(row.qty_issued, 13)
        self.assertAlmostEqual(row.cogs_production, 40.0)  # 8 x 5.00
        self.assertAlmostEqual(row.cogs_customer, 24.0)  # 2 x 5.00 + 2 x 7.00
        self.assertAlmostEqual(row.cogs_scrap, 7.0)
        self.assertAlmostEqual(row.cogs_subcontract, 0.0)
        self.assertAlmostEqual(row.cogs, 71.0)
        self.assertAlmostEqual(row.opening_value, 50.0)
        self.assertAlmostEqual(row.closing_value, 49.0)  # 7 x 7.00
        self.assertAlmostEqual(row.avg_value, 49.5)
        self.assertAlmostEqual(row.turnover, 71.0 / 49.5, places=2)
        days = calendar.monthrange(self.month.year, self.month.month)[1]
        self.assertEqual(row.days, days)
        self.assertAlmostEqual(row.days_of_inventory, 49.5 * days / 71.0, places=1)

    def test_months_before_and_after(self):
        before = self._row(self.prev_month)
        self.assertEqual(
            (before.opening_value, before.closing_value, before.cogs), (0, 50, 0)
        )
        # a month without movement still has its stock (and no turnover)
        after = self._row(self.month + relativedelta(months=1))
        self.assertEqual(
            (after.opening_value, after.closing_value, after.cogs), (49, 49, 0)
        )
        self.assertFalse(after.days_of_inventory)
        # one stable id per month, warehouse and category
        rows = self._report(MODEL, [("categ_id", "=", self.fifo.id)])
        self.assertEqual(len(set(rows.ids)), len(rows))
        self.assertEqual(self._report(MODEL, [("id", "=", after.id)]), after)

    def test_grouped_ratio_is_ratio_of_sums(self):
        groups = (
            self.env[MODEL]
            .with_user(self.accountant)
            .read_group(
                [
                    ("categ_id", "=", self.fifo.id),
                    ("month", ">=", self.prev_month),
                    ("month", "<=", self.month),
                ],
                ["cogs:sum", "avg_value:sum", "turnover:avg"],
                [],
            )
        )
        # (0 + 71) / (25 + 49.5)
        self.assertAlmostEqual(groups[0]["turnover"], 71.0 / 74.5, places=4)

    def test_drill_down(self):
        moves = self.env["stock.move"].search(
            self._row(self.month).action_open_moves()["domain"]
        )
        self.assertEqual(len(moves), 4)
