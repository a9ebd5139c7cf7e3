from odoo.exceptions import ValidationError
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
            (row.qty_age_1, row.qty_age_2, row.qty_age_3, row.qty_age_4, row.qty_age_5),
            (30, 8, 50, 20, 25),
        )
        self.assertEqual(row.max_age, 400)
        # values at Odoo's valuation (standard cost 2.0)
        self.assertAlmostEqual(row.value, 266.0)
        self.assertEqual(
            (
                row.value_age_1,
                row.value_age_2,
                row.value_age_3,
                row.value_age_4,
                row.value_age_5,
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
                ["qty_age_5:sum", "value_age_5:sum"],
                ["warehouse_id"],
            )
        )
        self.assertEqual((groups[0]["qty_age_5"], groups[0]["value_age_5"]), (25, 50))
        row = self._report(MODEL, [("product_id", "=", self.product.id)])
        moves = self.env["stock.move"].search(row.action_open_moves()["domain"])
        # the four receipts and the adjustment gain
        self.assertEqual(len(moves), 5)

    def test_company_buckets(self):
        """Buckets up to 7, 50, 250 and 399 days (Settings): the same pieces
        fall into other buckets, and the labels follow the limits."""
        settings = self.env["res.config.settings"].create(
            {
                "factory_aging_bucket_1": 7,
                "factory_aging_bucket_2": 50,
                "factory_aging_bucket_3": 250,
                "factory_aging_bucket_4": 399,
            }
        )
        settings.execute()
        self.assertEqual(self.company._factory_aging_limits(), [7, 50, 250, 399])
        row = self._report(
            MODEL,
            [("product_id", "=", self.product.id), ("warehouse_id", "=", self.wh.id)],
        )
        # 30 (10 d) + 8 (40 d) | 50 (100 d) + 20 (200 d) | 25 (400 d)
        self.assertEqual(
            (row.qty_age_1, row.qty_age_2, row.qty_age_3, row.qty_age_4, row.qty_age_5),
            (0, 38, 70, 0, 25),
        )
        self.assertEqual(
            (
                row.value_age_1,
                row.value_age_2,
                row.value_age_3,
                row.value_age_4,
                row.value_age_5,
            ),
            (0, 76, 140, 0, 50),
        )
        self.assertEqual(row.qty, 133)
        labels = self.env[MODEL].fields_get(
            ["qty_age_1", "qty_age_2", "qty_age_5", "value_age_4"], ["string"]
        )
        self.assertEqual(labels["qty_age_1"]["string"], "Qty 0-7 Days")
        self.assertEqual(labels["qty_age_2"]["string"], "Qty 8-50 Days")
        self.assertEqual(labels["qty_age_5"]["string"], "Qty Over 399 Days")
        self.assertEqual(labels["value_age_4"]["string"], "Value 251-399 Days")
        self.env["res.lang"]._activate_lang("zh_CN")
        labels = self.env[MODEL].with_context(lang="zh_CN").fields_get(["qty_age_5"])
        self.assertEqual(labels["qty_age_5"]["string"], "数量 399 天以上")

    def test_bad_buckets_refused(self):
        before = self.company._factory_aging_limits()
        for limits in ((30, 30, 180, 365), (0, 90, 180, 365), (30, 90, 400, 365)):
            with self.subTest(limits=limits):
                # the settings form saves (create) then applies (execute)
                with self.assertRaises(ValidationError), self.env.cr.savepoint():
                    self.env["res.config.settings"].create(
                        {
                            f"factory_aging_bucket_{i}": limit
                            for i, limit in enumerate(limits, start=1)
                        }
                    ).execute()
                self.env.invalidate_all()
                self.assertEqual(self.company._factory_aging_limits(), before)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.company.factory_aging_bucket_1 = -5
        self.env.invalidate_all()
        self.assertEqual(self.company._factory_aging_limits(), before)
