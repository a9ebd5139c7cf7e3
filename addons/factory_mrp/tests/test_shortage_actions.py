from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .material_common import MaterialRequestCase


@tagged("post_install", "-at_install")
class TestShortageActions(MaterialRequestCase):
    """The shortage view's columns and its one-click actions on the selected
    lines: material requests and requests for quotation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier = cls.env["res.partner"].create({"name": "Test Shaft Works"})
        cls.shaft.seller_ids = [
            Command.create({"partner_id": cls.supplier.id, "price": 4.5})
        ]
        # a subcontractor's location: internal, outside every warehouse
        cls.subcontractor_loc = cls.env["stock.location"].create(
            {"name": "Test Subcontractor", "usage": "internal"}
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.magnet, cls.subcontractor_loc, 4
        )
        cls.Shortage = cls.env["factory.mrp.shortage"]

    def _rows(self, production):
        self.Shortage.invalidate_model()
        return {
            row.product_id: row
            for row in self.Shortage.search([("production_id", "=", production.id)])
        }

    def test_columns(self):
        production = self._order(20)  # 20 shafts (10 in stock), 40 magnets (30)
        rows = self._rows(production)
        shaft, magnet = rows[self.shaft], rows[self.magnet]
        self.assertEqual((shaft.required_qty, shaft.shortage_qty), (20, 10))
        self.assertEqual((magnet.required_qty, magnet.shortage_qty), (40, 10))
        self.assertEqual(magnet.subcontractor_qty, 4)
        # confirming reserved what the warehouse had: nothing free is left
        self.assertEqual((magnet.reserved_qty, magnet.free_qty), (30, 0))
        self.assertEqual(shaft.subcontractor_qty, 0)

    def test_two_step_reservation_counts_for_the_order(self):
        self.wh_raw.manufacture_steps = "pbm"
        production = self._order(5)
        production.action_assign()
        rows = self._rows(production)
        # the component picking holds the material: nothing short, not free
        self.assertEqual(rows[self.shaft].reserved_qty, 5)
        self.assertEqual(rows[self.shaft].shortage_qty, 0)
        self.assertEqual(rows[self.shaft].free_qty, 5)

    def test_rfq_per_supplier_for_selected_lines(self):
        production = self._order(20)
        rows = self._rows(production)
        with self.assertRaisesRegex(UserError, "TST-RM-02"):  # magnet: no supplier
            (rows[self.shaft] | rows[self.magnet]).with_user(
                self.purchaser
            ).action_factory_create_rfqs()
        self.assertFalse(
            self.env["purchase.order"].search([("partner_id", "=", self.supplier.id)])
        )
        action = rows[self.shaft].with_user(self.purchaser).action_factory_create_rfqs()
        rfq = self.env["purchase.order"].search(action["domain"])
        self.assertEqual(rfq.partner_id, self.supplier)
        self.assertEqual(rfq.state, "draft")
        self.assertEqual(rfq.picking_type_id, self.wh_raw.in_type_id)
        self.assertEqual(
            [
                (line.product_id, line.product_qty, line.price_unit)
                for line in rfq.order_line
            ],
            [(self.shaft, 10, 4.5)],
        )
        self.assertIn(production.name, rfq.origin)
        # a clerk may look at shortages but not buy
        with self.assertRaises(AccessError):
            rows[self.shaft].with_user(self.clerk).action_factory_create_rfqs()

    def test_nothing_short_is_refused(self):
        production = self._order(2)
        rows = self._rows(production)
        with self.assertRaisesRegex(UserError, "None of the selected lines"):
            rows[self.shaft].with_user(self.purchaser).action_factory_create_rfqs()

    def test_material_request_for_selected_lines(self):
        production = self._order(4)
        rows = self._rows(production)
        action = (
            rows[self.magnet].with_user(self.requester).action_factory_create_requests()
        )
        request = self.Request.search(action["domain"])
        self.assertEqual(request.production_id, production)
        self.assertEqual(
            [(line.product_id, line.product_qty) for line in request.line_ids],
            [(self.magnet, 8)],
        )
        self.assertEqual(request.state, "draft")
        # one open request per order
        with self.assertRaisesRegex(UserError, "already has an open material request"):
            rows[self.shaft].with_user(self.requester).action_factory_create_requests()
        self.assertEqual(production.factory_material_request_count, 1)
