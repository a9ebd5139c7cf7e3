from odoo.tests import tagged

from .common import FactoryReportsCase

MODEL = "factory.report.aging"


@tagged("post_install", "-at_install")
class TestAging(FactoryReportsCase):
    """Receipts of 400, 200, 100 and 10 days ago, an issue, an adjustment
    gain (40 days ago) and loss, and a return to the supplier: what remains
    is the newest stock (FIFO), by bucket of its incoming date."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls._create_material("TST-AG-01", "Aged shaft", cost=2.0)

    def setUp(self):
        super().setUp()
        p, sup = self.product, self.loc_supplier
        self._move(p, sup, self.bin_a, 100, self._days_ago(400))
        self._move(p, sup, self.bin_a, 20, self._days_ago(200))
        self._move(p, sup, self.bin_b, 50, self._days_ago(100))
        self._move(p, sup, self.stock, 30, self._days_ago(10))
        self._move(p, self.bin_a, self.loc_production, 60, self._days_ago(5))
        self._adjust(p, self.stock, 8, self._days_ago(40))
        self._adjust(p, self.bin_a, -10, self._days_ago(3))
        self._move(p, self.bin_b, sup, 5, self._days_ago(2))
        # moves inside the warehouse change nothing
        self._move(p, self.bin_b, self.stock, 10, self._days_ago(1))

    def test_buckets(self):
        row = self._report(
            MODEL,
            [("product_id", "=", self.product.id), ("warehouse_id", "=", self.wh.id)],
        )
        self.assertEqual(len(row), 1)
        # on hand 100 + 20 + 50 + 30 - 60 + 8 - 10 - 5 = 133; newest first:
        # 30 (10 d), 8 (40 d), 50 (100 d), 20 (200 d), 25 of the 100 (400 d)
        self.assertEqual(row.qty, 133)
        self.assertEqual(
            (row.qty_0_30, row.qty_31_90, row.qty_91_180, row.qty_181_365, row.qty_365),
            (30, 8, 50, 20, 25),
        )
        self.assertEqual(row.max_age, 400)
        # values at Odoo's valuation (standard cost 2.0)
        self.assertAlmostEqual(row.value, 266.0)
        self.assertEqual(
            (
                row.value_0_30,
                row.value_31_90,
                row.value_91_180,
                row.value_181_365,
                row.value_365,
            ),
            (60, 16, 100, 40, 50),
        )
        quants = self.env["stock.quant"].search(
            [
                ("product_id", "=", self.product.id),
                ("location_id", "child_of", self.wh.view_location_id.id),
            ]
        )
        self.assertAlmostEqual(sum(quants.mapped("value")), row.value)

    def test_grouped_totals_and_drill_down(self):
        groups = (
            self.env[MODEL]
            .with_user(self.accountant)
            .read_group(
                [("product_id", "=", self.product.id)],
                ["qty_365:sum", "value_365:sum"],
                ["warehouse_id"],
            )
        )
        self.assertEqual((groups[0]["qty_365"], groups[0]["value_365"]), (25, 50))
        row = self._report(MODEL, [("product_id", "=", self.product.id)])
        moves = self.env["stock.move"].search(row.action_open_moves()["domain"])
        # the four receipts and the adjustment gain
        self.assertEqual(len(moves), 5)
