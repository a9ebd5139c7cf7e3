from odoo.tests import tagged

from odoo.addons.factory_stock.tests.test_phone_layout import PhoneLayoutCase

from .report_common import ProductionReportCase


@tagged("post_install", "-at_install")
class TestPhoneLayoutMrp(ProductionReportCase, PhoneLayoutCase):
    """The workshop screens of line workers, clerks and workshop supervisors
    fit a 360 px phone with tap targets of at least 40 px (see
    factory_stock's factory_phone_layout tours)."""

    def _issued_request(self):
        request = self._approved(self._adhoc([(self.shaft, 2, self.env["stock.lot"])]))
        self._validate(request.picking_ids)
        self.assertEqual(request.state, "issued")
        return request

    def test_line_worker_screens(self):
        self._released(10)
        self.assertPhoneLayout(
            self.worker, ["/odoo/factory-report", "/odoo/factory-wip"]
        )
        self.start_tour(
            "/odoo/factory-report",
            "factory_phone_layout_report",
            login=self.worker.login,
        )

    def test_clerk_screens(self):
        request = self._approved(self._adhoc([(self.shaft, 2, self.env["stock.lot"])]))
        self.assertPhoneLayout(
            self.clerk,
            [
                "/odoo/factory-material-requests",
                f"/odoo/factory-material-requests/{request.id}",
            ],
        )

    def test_workshop_supervisor_screens(self):
        request = self._issued_request()
        self._order(20)  # 20 shafts wanted, 8 left in stock: a shortage
        self.assertPhoneLayout(
            self.requester,
            [
                "/odoo/factory-shortages",
                "/odoo/factory-material-requests",
                f"/odoo/factory-material-requests/{request.id}",
            ],
        )
        self.start_tour(
            f"/odoo/factory-material-requests/{request.id}",
            "factory_phone_layout_return",
            login=self.requester.login,
        )
