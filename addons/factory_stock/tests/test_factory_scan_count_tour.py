from odoo.tests import tagged

from .test_factory_scan_count import FactoryScanCountCase
from .tour_case import FactoryTourCase


@tagged("post_install", "-at_install")
class TestFactoryScanCountTour(FactoryTourCase, FactoryScanCountCase):
    """Issue 7 acceptance: a clerk counts two locations by scanning on a
    phone-sized viewport (static/tests/tours/factory_scan_count_tour.js)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk.lang = "en_US"
        cls.wh_raw.lot_stock_id.barcode = "CNT-STOCK"

    def test_count_two_locations_on_a_phone(self):
        stocktake = self._count_stocktake()
        self.start_tour(
            "/odoo/factory-scan", "factory_scan_count_tour", login=self.clerk.login
        )
        self.assertEqual(
            self._counted(stocktake),
            [
                ("A-01", "TST-0001", "", 2.0),
                ("A-01", "TST-ST-01", "COIL-1", 6.0),
                ("B-01", "TST-0002", "", 4.0),
            ],
        )
        logs = self.env["factory.scan.log"].search(
            [("user_id", "=", self.clerk.id), ("operation", "=", "count")]
        )
        self.assertEqual(
            logs.filtered(lambda log: log.state == "refused").mapped("barcode"),
            ["CNT-STOCK"],
        )
