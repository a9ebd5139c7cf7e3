from odoo.tests import tagged

from odoo.addons.factory_stock.tests.tour_case import FactoryTourCase

from .report_common import ProductionReportCase


@tagged("post_install", "-at_install")
class TestProductionReportTour(FactoryTourCase, ProductionReportCase):
    """A line worker reports output on a phone (browser tour
    static/tests/tours/factory_production_report_tour.js)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.worker.lang = "en_US"

    def test_line_worker_reports_on_phone(self):
        production = self._released(10)
        winding, assembly = self._ops(production)
        self.start_tour(
            "/odoo/factory-report",
            "factory_production_report_tour",
            login=self.worker.login,
        )
        report = winding.factory_report_ids
        self.assertEqual(len(report), 1)
        self.assertEqual(report.employee_id, self.employee)
        self.assertEqual(report.reported_by_id, self.worker)
        self.assertEqual((report.good_qty, report.scrap_qty), (7, 1))
        self.assertEqual(report.scrap_reason_id, self.reason)
        self.assertEqual(report.duration, 25)
        self.assertEqual(winding.qty_produced, 7)
        self.assertEqual(winding.factory_scrap_qty, 1)
        self.assertEqual(winding.state, "progress")
        self.assertEqual(report.productivity_id.factory_employee_id, self.employee)
        self.assertAlmostEqual(report.productivity_id.duration, 25)
        self.assertFalse(assembly.factory_report_ids)
