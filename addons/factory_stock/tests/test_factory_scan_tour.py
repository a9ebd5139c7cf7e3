from odoo.tests import tagged

from .test_factory_scan_common import FactoryScanCase
from .tour_case import FactoryTourCase


@tagged("post_install", "-at_install")
class TestFactoryScanTour(FactoryTourCase, FactoryScanCase):
    """The barcode view on a phone, as the raw warehouse's clerk (browser
    tours in static/tests/tours/factory_scan_tour.js): each flow includes a
    wrong scan that must be refused and leave stock untouched."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk.lang = "en_US"
        cls.wh_fg.lot_stock_id.barcode = "SCAN-FG-STOCK"

    def _tour(self, name):
        self.start_tour("/odoo/factory-scan", name, login=self.clerk.login)

    def test_receive_by_scanning(self):
        receipt = self._receipt()
        self._tour("factory_scan_receive_tour")
        self.assertEqual(receipt.state, "done")
        lines = receipt.move_line_ids
        self.assertEqual(
            sorted(
                (ml.product_id.default_code, ml.lot_id.name or "", ml.quantity)
                for ml in lines
            ),
            [("SCAN-GLUE", "TOUR-LOT-1", 5.0), ("TST-0001", "", 4.0)],
        )
        backorder = receipt.backorder_ids
        self.assertEqual(backorder.move_ids.product_uom_qty, 6.0)
        log = self.env["factory.scan.log"].search([("picking_id", "=", receipt.id)])
        self.assertEqual(
            sorted(log.mapped("state")), ["done", "done", "done", "refused"]
        )

    def test_pick_with_fifo_guidance(self):
        delivery = self._delivery(3)
        self._tour("factory_scan_pick_tour")
        self.assertEqual(delivery.state, "done")
        self.assertEqual(delivery.move_line_ids.lot_id, self.l1)
        self.assertEqual(self.l1.product_qty, 2)
        self.assertEqual(self.l2.product_qty, 5)

    def test_move_between_bins(self):
        self._tour("factory_scan_move_tour")
        Quant = self.env["stock.quant"]
        self.assertEqual(Quant._get_available_quantity(self.material, self.bin_a), 5)
        self.assertEqual(Quant._get_available_quantity(self.material, self.bin_b), 3)
        self.assertFalse(
            Quant._get_available_quantity(self.material, self.wh_fg.lot_stock_id)
        )

    def test_look_up_a_lot(self):
        self._tour("factory_scan_lookup_tour")

    def test_offline_queue_sent_once_in_order(self):
        receipt = self._receipt()
        self._tour("factory_scan_offline_tour")
        self.assertEqual(self._picked(receipt).quantity, 5.0)
        logs = self.env["factory.scan.log"].search([("picking_id", "=", receipt.id)])
        self.assertEqual(len(logs), 2)
        self.assertEqual(logs.mapped("state"), ["done", "done"])
        self.assertEqual(sorted(logs.mapped("quantity")), [2.0, 3.0])
