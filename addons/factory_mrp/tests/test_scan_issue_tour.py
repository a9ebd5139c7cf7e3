from odoo.tests import HttpCase, tagged

from odoo.addons.factory_stock.tests.tour_case import FactoryTourCase

from .scan_issue_common import ScanIssueCase


@tagged("post_install", "-at_install")
class TestScanIssueTour(FactoryTourCase, ScanIssueCase):
    """Issue 8 acceptance: a clerk issues a material request by scanning on a
    phone-sized viewport (static/tests/tours/factory_scan_issue_tour.js)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk.lang = "en_US"
        cls.requester.name = "t_ws_req"

    def test_issue_request_by_scanning_on_a_phone(self):
        request, picking = self._issue_request([(self.glue, 7), (self.shaft, 2)])
        self.start_tour(
            "/odoo/factory-scan", "factory_scan_issue_tour", login=self.clerk.login
        )
        self.assertEqual(picking.state, "done")
        self.assertEqual(request.state, "issued")
        destination = self.cost_center.location_id
        self.assertEqual(
            sorted(
                (ml.product_id.default_code, ml.lot_id.name or "", ml.quantity)
                for ml in picking.move_line_ids
            ),
            [
                ("SCAN-GLUE", "SCAN-L1", 5.0),
                ("SCAN-GLUE", "SCAN-L2", 2.0),
                ("TST-RM-01", "", 2.0),
            ],
        )
        self.assertEqual(self._received(self.glue, destination), 7)
        self.assertEqual(self._on_hand(self.glue, self.bin_a, self.l1), 0)
        self.assertEqual(self._on_hand(self.glue, self.bin_b, self.l2), 3)
        self.assertEqual(self._on_hand(self.shaft, destination), 2)
        self.assertEqual(self._on_hand(self.shaft, self.wh_raw.lot_stock_id), 8)
        logs = self.env["factory.scan.log"].search(
            [("user_id", "=", self.clerk.id), ("operation", "=", "issue")]
        )
        self.assertEqual(
            sorted(logs.filtered(lambda log: log.state == "refused").mapped("barcode")),
            ["6900000000011", "TST-RM-01"],
        )


@tagged("post_install", "-at_install")
class TestScanIssueButtonTour(HttpCase, ScanIssueCase):
    """The request form's Scan to Issue button opens the barcode view on the
    request's transfer (client action params)."""

    def test_scan_to_issue_button(self):
        self.clerk.lang = "en_US"
        request, picking = self._issue_request([(self.shaft, 2)])
        self.start_tour(
            f"/odoo/action-factory_mrp.factory_material_request_action/{request.id}",
            "factory_scan_issue_button_tour",
            login=self.clerk.login,
        )
        self.assertEqual(self._picked(picking).quantity, 2)
