from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.factory_stock.tests.test_factory_scan_common import FactoryScanCase

from .material_common import MaterialRequestCase


class ScanIssueCase(MaterialRequestCase, FactoryScanCase):
    """Material requests of the raw warehouse issued in the barcode view:
    the FIFO lot-tracked glue (lots SCAN-L1 in bin A-01, older, and SCAN-L2 in
    B-01, 5 each), shafts and magnets; its clerk and a clerk of the finished
    goods warehouse."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fg_clerk = new_test_user(
            cls.env,
            login="t_fg_clerk",
            groups="base.group_user,factory_stock.group_warehouse_clerk",
            factory_warehouse_ids=[Command.set(cls.wh_fg.ids)],
        )

    def _issue_request(self, lines):
        """An approved ad hoc request of {product: qty} and its transfer."""
        request = self._approved(
            self._adhoc(
                [(product, qty, self.env["stock.lot"]) for product, qty in lines]
            )
        )
        self.assertEqual(len(request.picking_ids), 1)
        return request, request.picking_ids

    def _move_data(self, data, product):
        return next(m for m in data["moves"] if m["product_id"] == product.id)

    def _received(self, product, location):
        """What ``location`` holds of ``product``, all lots."""
        quants = self.env["stock.quant"].search(
            [("product_id", "=", product.id), ("location_id", "=", location.id)]
        )
        return sum(quants.mapped("quantity"))
