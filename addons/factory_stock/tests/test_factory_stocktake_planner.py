from collections import Counter
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from .factory_stocktake_common import FactoryStocktakeCase


@tagged("post_install", "-at_install")
class TestFactoryStocktakePlanner(FactoryStocktakeCase):
    def test_abc_class_from_issue_value(self):
        customer = self.env.ref("stock.stock_location_customers")
        cheap = self._create_material("TST-ABC-3", "Washer", cost=1.0)
        self._set_stock(cheap, self.stock, 100)
        self._set_stock(self.other_material, self.bin_b, 100)
        idle = self._create_material("TST-ABC-4", "Idle", cost=5.0)
        self._set_stock(idle, self.stock, 10)
        # issue values: material 15 x 1,000,000, other 3 x 200,000, washer 5 x 1,
        # far above the demo data's own issues
        self.material.standard_price = 1_000_000
        self.other_material.standard_price = 200_000
        for product, location, qty in (
            (self.material, self.bin_a, 10),
            (self.material, self.stock, 5),
            (self.other_material, self.bin_b, 3),
            (cheap, self.stock, 5),
        ):
            move = self.env["stock.move"].create(
                {
                    "name": "issue",
                    "product_id": product.id,
                    "product_uom": product.uom_id.id,
                    "product_uom_qty": qty,
                    "location_id": location.id,
                    "location_dest_id": customer.id,
                }
            )
            move._action_confirm()
            move._action_assign()
            move.picked = True
            move._action_done()
        self.company.write({"factory_abc_a_share": 90.0, "factory_abc_b_share": 99.0})
        self.env["product.product"]._cron_compute_abc()
        # cumulative share before each: material 0 % -> A, other 96 % -> B,
        # washer > 99.8 % -> C, no issue -> C
        self.assertEqual(self.material.factory_abc_class, "a")
        self.assertEqual(self.other_material.factory_abc_class, "b")
        self.assertEqual(cheap.factory_abc_class, "c")
        self.assertEqual(idle.factory_abc_class, "c")
        self.assertAlmostEqual(self.material.sudo().factory_issue_value, 15_000_000)
        stocktake = self._started(abc_class="a")
        self.assertEqual(stocktake.line_ids.product_id, self.material)

    def test_planner_on_2000_materials(self):
        Product = self.env["product.product"]
        # materials of other tests / demo are planned too: keep them out of the way
        Product.search([("is_storable", "=", True)]).factory_next_count_date = date(
            2100, 1, 1
        )
        classes = ["a"] * 200 + ["b"] * 400 + ["c"] * 1400
        products = Product.create(
            [
                {
                    "name": f"Planned material {i}",
                    "default_code": f"PLN-{i:05d}",
                    "is_storable": True,
                    "categ_id": self.category.id,
                    "factory_abc_class": abc,
                }
                for i, abc in enumerate(classes)
            ]
        )
        self.env["stock.quant"].create(
            [
                {"product_id": p.id, "location_id": self.stock.id, "quantity": 1}
                for p in products
            ]
        )
        start = date(2027, 2, 1)  # a Monday
        end = start + relativedelta(months=12)
        counted = Counter()
        last = {}
        day = start
        ours = set(products.ids)
        while day < end:
            stocktakes = Product._cron_plan_cycle_counts(today=day)
            if day.weekday() >= 5:
                self.assertFalse(stocktakes)
            for product_id in set(stocktakes.product_ids.ids) & ours:
                counted[day.replace(day=1)] += 1
                last[product_id] = day
            # nothing over-due after a run: every nominal date is ahead
            self.assertFalse(
                Product.search_count(
                    [
                        ("id", "in", products.ids),
                        ("factory_next_count_date", "<", day),
                    ]
                )
            )
            day += timedelta(days=1)
        self.assertEqual(set(last), ours)  # every material counted in the year
        expected = 200 + 400 / 3 + 1400 / 12
        for month, count in sorted(counted.items()):
            self.assertAlmostEqual(
                count, expected, delta=expected * 0.05, msg=f"{month}: {count}"
            )
        # stocktakes are cycle counts of the warehouse holding the stock
        stocktake = self.env["factory.stocktake"].search(
            [("product_ids", "in", products[:1].ids)], limit=1
        )
        self.assertEqual(
            (stocktake.stocktake_type, stocktake.warehouse_id),
            ("cycle", self.wh_raw),
        )
        # work is spread evenly over the working days of a month
        per_day = Counter()
        for st in self.env["factory.stocktake"].search(
            [("date_planned", ">=", "2027-03-01"), ("date_planned", "<", "2027-04-01")]
        ):
            per_day[st.date_planned] += len(set(st.product_ids.ids) & ours)
        # the working days from the 3rd to the 28th: 18 in March 2027
        self.assertEqual(len(per_day), 18)
        mean = sum(per_day.values()) / len(per_day)
        self.assertLess(max(per_day.values()), 1.2 * mean)
        self.assertGreater(min(per_day.values()), 0.8 * mean)

    def test_cycle_counts_created_by_cron(self):
        self.env["product.product"].search(
            [("is_storable", "=", True)]
        ).factory_next_count_date = date(2100, 1, 1)
        self.material.write(
            {"factory_abc_class": "a", "factory_next_count_date": date(2027, 3, 6)}
        )
        # Friday 5 March takes Saturday's count
        stocktakes = self.env["product.product"]._cron_plan_cycle_counts(
            today=date(2027, 3, 5)
        )
        self.assertEqual(stocktakes.product_ids, self.material)
        self.assertEqual(self.material.factory_next_count_date, date(2027, 4, 6))
        stocktakes.with_user(self.supervisor).action_start()
        self.assertEqual(stocktakes.line_ids.location_id, self.bin_a | self.stock)
        self.assertEqual(
            stocktakes.read(["product_ids"])[0]["product_ids"], self.material.ids
        )
