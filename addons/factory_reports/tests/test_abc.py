from odoo.tests import tagged

from .common import FactoryReportsCase

MODEL = "factory.report.abc"


@tagged("post_install", "-at_install")
class TestAbc(FactoryReportsCase):
    """Five active materials (the others of the database archived for the
    test with SQL): issues of 800, 150 and 50 in the last 12 months, two
    without issue; factory_stock's daily classification then stores A, B, C,
    C, C (A up to 80 %, B up to 95 % of the cumulative value)."""

    def setUp(self):
        super().setUp()
        self.big = self._create_material("TST-ABC-1", "Stator core", cost=8.0)
        self.mid = self._create_material("TST-ABC-2", "Brush holder", cost=1.5)
        self.small = self._create_material("TST-ABC-3", "Washer", cost=0.5)
        ours = self.big | self.mid | self.small | self.material | self.other_material
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE product_product SET active = FALSE WHERE id <> ALL(%s)",
            (ours.ids,),
        )
        self.env.invalidate_all()
        for product in self.big | self.mid | self.small:
            self._move(product, self.loc_supplier, self.stock, 100, self._days_ago(30))
            self._move(
                product, self.stock, self.loc_production, 100, self._days_ago(20)
            )
        self.env["product.product"]._cron_compute_abc()

    def test_classes_and_shares(self):
        rows = self._report(MODEL, [], user=self.accountant)
        self.assertEqual(len(rows), 5)
        self.assertEqual(
            rows[:3].product_id.ids, (self.big | self.mid | self.small).ids
        )
        self.assertEqual(rows.mapped("abc_class"), ["a", "b", "c", "c", "c"])
        self.assertEqual(rows[:3].mapped("issue_value"), [800, 150, 50])
        self.assertEqual(rows[:3].mapped("value_share"), [80, 15, 5])
        self.assertEqual(rows[:3].mapped("cumulative_share"), [80, 95, 100])
        # the two without issue add materials, not value
        self.assertEqual(rows[3:].mapped("cumulative_share"), [100, 100])
        self.assertEqual(rows.mapped("cumulative_count_share"), [20, 40, 60, 80, 100])
        groups = {
            g["abc_class"]: g
            for g in self.env[MODEL]
            .with_user(self.accountant)
            .read_group(
                [],
                ["value_share:sum", "count_share:sum", "material_count:sum"],
                ["abc_class"],
            )
        }
        self.assertEqual(
            {
                c: (g["value_share"], g["count_share"], g["material_count"])
                for c, g in groups.items()
            },
            {"a": (80, 20, 1), "b": (15, 20, 1), "c": (5, 60, 3)},
        )

    def test_pareto_chart(self):
        """The Pareto graph (line by rank) reads the cumulative share, one
        point per rank in rank order; the ABC list opens it."""
        action = self.env.ref("factory_reports.factory_report_abc_pareto_action")
        self.assertEqual(action.view_mode.split(",")[0], "graph")
        view = self.env.ref("factory_reports.factory_report_abc_view_graph_pareto")
        self.assertEqual(action.view_ids[0].view_id, view)
        arch = self.env[MODEL].with_user(self.accountant).get_view(view.id, "graph")
        self.assertIn('type="line"', arch["arch"])
        self.assertIn('name="cumulative_share"', arch["arch"])
        # what the graph asks: grouped by rank, max of the cumulative share
        groups = (
            self.env[MODEL]
            .with_user(self.accountant)
            .read_group([], ["cumulative_share:max"], ["rank"], lazy=False)
        )
        self.assertEqual(
            [(g["rank"], g["cumulative_share"]) for g in groups],
            [(1, 80), (2, 95), (3, 100), (4, 100), (5, 100)],
        )
        list_arch = (
            self.env[MODEL]
            .with_user(self.accountant)
            .get_view(
                self.env.ref("factory_reports.factory_report_abc_view_list").id, "list"
            )["arch"]
        )
        self.assertIn(str(action.id), list_arch)
