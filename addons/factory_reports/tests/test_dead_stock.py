from datetime import date, timedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import FactoryReportsCase

MODEL = "factory.report.dead.stock"


@tagged("post_install", "-at_install")
class TestDeadStock(FactoryReportsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.moving = cls._create_material("TST-DS-01", "Moving bearing", cost=4.0)
        cls.dead = cls._create_material("TST-DS-02", "Dead bracket", cost=2.5)
        cls.slow = cls._create_material("TST-DS-03", "Slow gasket", cost=1.0)

    def setUp(self):
        super().setUp()
        # moving: received 250 days ago, last issued 10 days ago
        self.m_in = self._move(
            self.moving, self.loc_supplier, self.bin_a, 20, self._days_ago(250)
        )
        self.m_out = self._move(
            self.moving, self.bin_a, self.loc_production, 5, self._days_ago(10)
        )
        # dead: received 200 days ago in two bins, never issued
        self.d_in = self._move(
            self.dead, self.loc_supplier, self.bin_a, 30, self._days_ago(200)
        )
        self._move(self.dead, self.loc_supplier, self.bin_b, 10, self._days_ago(201))
        # slow: received 300 days ago, last issued 120 days ago; a recent
        # inventory adjustment is not an issue
        self._move(self.slow, self.loc_supplier, self.stock, 50, self._days_ago(300))
        self.s_out = self._move(
            self.slow, self.stock, self.loc_customer, 8, self._days_ago(120)
        )
        self._adjust(self.slow, self.stock, -2, self._days_ago(3))

    def _row(self, product, user=None):
        return self._report(
            MODEL,
            [("product_id", "=", product.id), ("warehouse_id", "=", self.wh.id)],
            user=user,
        )

    def test_figures(self):
        today = date.today()
        moving, dead, slow = (self._row(p) for p in (self.moving, self.dead, self.slow))
        self.assertEqual(
            (moving.qty, moving.days_idle, moving.status), (15, 10, "active")
        )
        self.assertEqual(moving.last_issue_date, self.m_out.date)
        self.assertEqual(moving.last_receipt_date, self.m_in.date)
        self.assertAlmostEqual(moving.value, 15 * 4.0)

        self.assertEqual((dead.qty, dead.days_idle, dead.status), (40, 201, "dead"))
        self.assertFalse(dead.last_issue_date)
        self.assertEqual(dead.last_receipt_date, self.d_in.date)
        self.assertEqual(dead.idle_since.date(), today - timedelta(days=201))
        self.assertAlmostEqual(dead.value, 40 * 2.5)
        self.assertIn("A-01", dead.locations)
        self.assertIn("B-01", dead.locations)

        self.assertEqual((slow.qty, slow.days_idle, slow.status), (40, 120, "slow"))
        self.assertEqual(slow.last_issue_date, self.s_out.date)

    def test_filters_and_company_days(self):
        products = (self.moving | self.dead | self.slow).ids
        domain = [("product_id", "in", products)]
        dead = self._report(MODEL, domain + [("status", "=", "dead")])
        self.assertEqual(dead.product_id, self.dead)
        # the search filter "at least N days without issue"
        rows = self._report(MODEL, domain + [("days_idle", ">=", 100)])
        self.assertEqual(rows.product_id, self.dead | self.slow)
        # the company setting moves the limits
        self.company.write(
            {"factory_dead_stock_days": 100, "factory_slow_stock_days": 5}
        )
        rows = self._report(MODEL, domain)
        self.assertEqual(
            {r.product_id: r.status for r in rows},
            {self.moving: "slow", self.dead: "dead", self.slow: "dead"},
        )

    def test_bad_days_refused(self):
        for vals in (
            {"factory_slow_stock_days": 0},
            {"factory_slow_stock_days": 200, "factory_dead_stock_days": 100},
            {"factory_dead_stock_days": -5},
        ):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                self.company.write(vals)
        self.assertEqual(
            (
                self.company.factory_slow_stock_days,
                self.company.factory_dead_stock_days,
            ),
            (90, 180),
        )

    def test_drill_down_to_moves(self):
        action = self._row(self.slow).action_open_moves()
        moves = self.env["stock.move"].search(action["domain"])
        self.assertEqual(len(moves), 3)
        self.assertEqual(moves.product_id, self.slow)
