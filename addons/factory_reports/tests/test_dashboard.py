from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import FactoryReportsCase


@tagged("post_install", "-at_install")
class TestDashboard(FactoryReportsCase):
    """The dashboard's tiles are the reports' own figures, for managers only."""

    def setUp(self):
        super().setUp()
        self.dead = self._create_material("TST-DB-01", "Dashboard dead part", cost=4.0)
        self._move(self.dead, self.loc_supplier, self.stock, 10, self._days_ago(300))
        self.env.flush_all()

    def _tiles(self, user):
        data = self.env["factory.report.dashboard"].with_user(user).get_dashboard_data()
        return {tile["key"]: tile for tile in data["tiles"]}

    def test_tiles_equal_reports(self):
        tiles = self._tiles(self.manager)
        Dead = self.env["factory.report.dead.stock"].with_user(self.manager)
        dead = Dead.read_group([("status", "=", "dead")], ["value:sum"], [])[0]
        self.assertAlmostEqual(tiles["dead_stock"]["value"], dead["value"])
        self.assertGreaterEqual(tiles["dead_stock"]["value"], 40.0)
        Aging = self.env["factory.report.aging"].with_user(self.manager)
        total = Aging.read_group([], ["value:sum"], [])[0]["value"]
        self.assertAlmostEqual(tiles["stock_value"]["value"], total)
        self.assertEqual(
            tiles["dead_stock"]["action"],
            "factory_reports.factory_report_dead_stock_action",
        )
        for tile in tiles.values():
            self.env.ref(tile["action"])  # every tile opens an existing report
        self.assertEqual(
            set(tiles),
            {
                "stock_value",
                "turnover",
                "dead_stock",
                "on_time",
                "qc_pass",
                "shortages",
            },
        )

    def test_category_shares_and_months(self):
        data = (
            self.env["factory.report.dashboard"]
            .with_user(self.manager)
            .get_dashboard_data()
        )
        tiles = {tile["key"]: tile for tile in data["tiles"]}
        categories = data["categories"]
        self.assertAlmostEqual(
            sum(c["value"] for c in categories), tiles["stock_value"]["value"]
        )
        self.assertAlmostEqual(sum(c["share"] for c in categories), 100.0)
        self.assertEqual(len(data["months"]), 12)
        self.assertEqual(data["months"][-1]["month"], data["month"])
        Turnover = self.env["factory.report.turnover"].with_user(self.manager)
        this_month = Turnover.read_group(
            [("month", "=", data["month"] + "-01")], ["turnover:avg"], []
        )[0]["turnover"]
        self.assertAlmostEqual(data["months"][-1]["turnover"], this_month or 0.0)

    def test_only_for_managers(self):
        for user in (self.clerk, self.accountant, self.purchaser):
            with self.assertRaises(AccessError):
                self.env["factory.report.dashboard"].with_user(
                    user
                ).get_dashboard_data()
