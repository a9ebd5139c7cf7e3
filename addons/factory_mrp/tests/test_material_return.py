from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .material_common import MaterialRequestCase


@tagged("post_install", "-at_install")
class TestMaterialReturn(MaterialRequestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bearing = cls._create_material("TST-RM-09", "Bearing", tracking="lot")
        Lot = cls.env["stock.lot"]
        cls.lot1 = Lot.create({"name": "BR-001", "product_id": cls.bearing.id})
        cls.lot2 = Lot.create({"name": "BR-002", "product_id": cls.bearing.id})
        stock = cls.wh_raw.lot_stock_id
        for lot in (cls.lot1, cls.lot2):
            cls.env["stock.quant"]._update_available_quantity(
                cls.bearing, stock, 10, lot_id=lot
            )

    def _issued_request(self):
        request = self._approved(self._adhoc([(self.bearing, 8, self.lot2)]))
        picking = request.picking_ids
        # the preferred lot is reserved first
        self.assertEqual(picking.move_line_ids.lot_id, self.lot2)
        self._validate(picking)
        self.assertEqual(request.state, "issued")
        return request

    def _wizard(self, request, reason, qty, lot):
        action = request.with_user(self.requester).action_return()
        wizard = self.env["factory.material.return"].browse(action["res_id"])
        wizard.reason = reason
        wizard.line_ids.write({"product_qty": qty, "lot_id": lot.id})
        return wizard.with_user(self.requester)

    def test_return_surplus_and_defective(self):
        request = self._issued_request()
        stock = self.wh_raw.lot_stock_id
        reject = self.wh_raw.factory_reject_location_id
        self.assertEqual(self._on_hand(self.bearing, stock, self.lot2), 2)
        action = self._wizard(request, "surplus", 3, self.lot2).action_confirm()
        surplus = self.env["stock.picking"].browse(action["res_id"])
        self.assertEqual(surplus.state, "done")
        self.assertEqual(surplus.location_dest_id, stock)
        self.assertEqual(surplus.factory_mr_return_request_id, request)
        self.assertEqual(self._on_hand(self.bearing, stock, self.lot2), 5)
        self._wizard(request, "defective", 2, self.lot2).action_confirm()
        self.assertEqual(self._on_hand(self.bearing, reject, self.lot2), 2)
        self.assertEqual(self._on_hand(self.bearing, stock, self.lot2), 5)
        self.env.invalidate_all()
        self.assertEqual(request.line_ids.qty_returned, 5)
        self.assertIn("Defective", request.message_ids[0].body)
        self.assertEqual(request.picking_count, 3)

    def test_return_above_issued_refused(self):
        request = self._issued_request()
        stock = self.wh_raw.lot_stock_id
        with self.assertRaises(UserError) as err:
            self._wizard(request, "surplus", 9, self.lot2).action_confirm()
        self.assertIn("only 8.0 issued", str(err.exception))
        with self.assertRaises(UserError):  # never issued from this lot
            self._wizard(request, "surplus", 1, self.lot1).action_confirm()
        self._wizard(request, "surplus", 8, self.lot2).action_confirm()
        with self.assertRaises(UserError):  # all returned already
            request.with_user(self.requester).action_return()
        self.assertEqual(self._on_hand(self.bearing, stock, self.lot2), 10)
        self.assertEqual(self._on_hand(self.bearing, stock, self.lot1), 10)

    def test_return_bad_input(self):
        request = self._issued_request()
        for qty in (0, -2):
            with self.assertRaises(ValidationError):
                self._wizard(request, "surplus", qty, self.lot2)
        with self.assertRaises(ValidationError) as err:
            self._wizard(request, "surplus", "two", self.lot2)
        self.assertIn("must be a number", str(err.exception))
        with self.assertRaises(UserError):  # a tracked material needs its lot
            self._wizard(request, "surplus", 1, self.env["stock.lot"]).action_confirm()
