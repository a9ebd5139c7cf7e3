from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoHistory(TransactionCase):
    """With demo data, the demo factory's manager sees figures in every
    report and on the dashboard (a year of history, made by the demo)."""

    def setUp(self):
        super().setUp()
        self.company = self.env.ref(
            "factory_stock.res_company_hengli", raise_if_not_found=False
        )
        if not self.company or not self.env.ref(
            "factory_stock.user_fs_manager", raise_if_not_found=False
        ):
            self.skipTest("no demo data")
        self.manager = self.env.ref("factory_stock.user_fs_manager")

    def _env(self, model):
        return (
            self.env[model]
            .with_user(self.manager)
            .with_company(self.company)
            .with_context(allowed_company_ids=self.company.ids)
        )

    def test_reports_have_figures(self):
        for model in (
            "factory.report.aging",
            "factory.report.dead.stock",
            "factory.report.turnover",
            "factory.report.supplier",
            "factory.report.abc",
        ):
            with self.subTest(model=model):
                self.assertTrue(self._env(model).search_count([]))
        months = self._env("factory.report.turnover")._read_group(
            [("cogs", ">", 0)], ["month:month"], []
        )
        self.assertGreaterEqual(len(months), 12)
        data = self._env("factory.report.dashboard").get_dashboard_data()
        tiles = {tile["key"]: tile for tile in data["tiles"]}
        for key in ("stock_value", "dead_stock", "on_time", "qc_pass"):
            self.assertTrue(tiles[key]["value"], key)
        self.assertLess(tiles["on_time"]["value"], 100)
        self.assertLess(tiles["qc_pass"]["value"], 100)
        self.assertEqual(tiles["count_accuracy"]["value"], 50.0)
        self.assertGreaterEqual(len(data["suppliers"]), 3)
        self.assertGreaterEqual(len(data["categories"]), 3)
