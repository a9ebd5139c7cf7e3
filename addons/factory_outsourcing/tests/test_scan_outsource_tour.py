from odoo.tests import tagged

from odoo.addons.factory_stock.tests.tour_case import FactoryTourCase

from .common import OutsourcingCase


@tagged("post_install", "-at_install")
class TestScanOutsourceTour(FactoryTourCase, OutsourcingCase):
    """A clerk sends the material of an outsourcing order by scanning on a
    phone-sized viewport (static/tests/tours/factory_scan_outsource_tour.js)."""

    def test_send_to_subcontractor_on_a_phone(self):
        self.clerk.lang = "en_US"
        self.blank.barcode = "6900000000017"
        order = self._order(10)
        resupply = self._resupply(order)
        self.start_tour(
            "/odoo/factory-scan", "factory_scan_outsource_tour", login=self.clerk.login
        )
        self.assertEqual(resupply.state, "done")
        self.assertEqual(resupply.move_ids.quantity, 20)
        self._assert_balance(self.blank, sent=20, consumed=0, held=20)
        refused = self.env["factory.scan.log"].search(
            [
                ("user_id", "=", self.clerk.id),
                ("operation", "=", "outsource"),
                ("state", "=", "refused"),
            ]
        )
        self.assertEqual(len(refused), 1)
