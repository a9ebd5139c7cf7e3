from odoo.tests import tagged

from odoo.addons.web.models.models import Base

from .common import FactoryReportsCase

SPECS = {
    "factory.report.dead.stock": {
        "product_id": {"fields": {"display_name": {}}},
        "qty": {},
        "days_idle": {},
        "locations": {},
        "value": {},
    },
    "factory.report.aging": {
        "product_id": {"fields": {"display_name": {}}},
        "qty": {},
        "qty_age_1": {},
        "oldest_date": {},
        "value": {},
    },
}


@tagged("post_install", "-at_install")
class TestReportQueries(FactoryReportsCase):
    """How the reports are queried: a list page and its count from one
    evaluation of the report, with the answer of Odoo's own web_search_read
    (page, then search_count); PostgreSQL's JIT off for the transaction of
    a report query only (SET LOCAL)."""

    def setUp(self):
        super().setUp()
        self.parts = self.env["product.product"]
        for i in range(5):
            part = self._create_material(f"TST-RQ-{i}", f"Query part {i}", cost=i + 1)
            self._move(part, self.loc_supplier, self.stock, 10 + i, self._days_ago(40))
            self.parts |= part
        self.env.flush_all()

    def _both(self, model, user, **kwargs):
        Report = self.env[model].with_user(user)
        domain = [("product_id", "in", self.parts.ids)]
        ours = Report.web_search_read(domain, SPECS[model], **kwargs)
        self.env.invalidate_all()
        odoo = Base.web_search_read(Report, domain, SPECS[model], **kwargs)
        return ours, odoo

    def test_page_and_count_as_odoo(self):
        for model in SPECS:
            for kwargs, length in (
                ({"limit": 2}, 5),  # full page: counted
                ({"limit": 2, "offset": 4}, 5),  # last page, not full
                ({"limit": 2, "count_limit": 3}, 3),  # count bounded
                ({"limit": 2, "offset": 2, "count_limit": 3}, 4),  # past the bound
                ({"limit": 80}, 5),
                ({"limit": 2, "offset": 10}, 0),
            ):
                with self.subTest(model=model, **kwargs):
                    ours, odoo = self._both(model, self.manager, **kwargs)
                    self.assertEqual(ours["length"], length)
                    self.assertEqual(ours, odoo)
            ours, odoo = self._both(model, self.manager, limit=80)
            self.assertEqual(
                {r["product_id"]["id"] for r in ours["records"]}, set(self.parts.ids)
            )

    def test_one_evaluation_per_page(self):
        Report = self.env["factory.report.aging"].with_user(self.manager)
        domain = [("product_id", "in", self.parts.ids)]
        spec = {"qty": {}, "value": {}}
        Report.web_search_read(domain, spec, limit=2)  # rules, rights cached

        def queries(method):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            method(Report, domain, spec, limit=2)
            return self.env.cr.sql_log_count - before

        ours = queries(type(Report).web_search_read)
        odoo = queries(Base.web_search_read)
        # Odoo's evaluates the report three times, each after a SET LOCAL
        # jit: the page, search_count, then the company of the records for
        # the record rule web_read checks in Python; ours once (the page
        # with its count and the rules' fields); the rest is the same
        self.assertEqual(odoo - ours, 4)

    def test_jit_off_for_report_transaction(self):
        self.env.cr.execute("SET LOCAL jit = on")
        self.env["factory.report.dead.stock"].search_count([])
        self.env.cr.execute("SHOW jit")
        self.assertEqual(self.env.cr.fetchone()[0], "off")

    def test_dashboard_count_is_aging_count(self):
        data = (
            self.env["factory.report.dashboard"]
            .with_user(self.manager)
            .get_dashboard_data()
        )
        tile = next(t for t in data["tiles"] if t["key"] == "stock_value")
        count = (
            self.env["factory.report.aging"].with_user(self.manager).search_count([])
        )
        self.assertEqual(tile["note"], f"{count} lines on hand")
