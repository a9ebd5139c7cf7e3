from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import FactoryStockCase


@tagged("post_install", "-at_install")
class TestNegativeStock(FactoryStockCase):
    """No operation leaves less than zero of a material (or lot) in an
    internal location of a warehouse."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock = cls.wh_raw.lot_stock_id
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls.wire = cls._create_material("TST-NEG-1", "Enamelled wire", tracking="lot")
        cls.l1 = cls.env["stock.lot"].create({"name": "L1", "product_id": cls.wire.id})
        cls._set_stock(cls, cls.material, cls.stock, 2)
        cls._set_stock(cls, cls.wire, cls.bin_a, 2, lot=cls.l1)

    def _qty(self, product, location, lot=None):
        quants = self.env["stock.quant"]._gather(
            product, location, lot_id=lot, strict=True
        )
        return sum(quants.mapped("quantity"))

    def _picking(self, product, qty, source, dest, picking_type=None):
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": (picking_type or self.wh_raw.out_type_id).id,
                "location_id": source.id,
                "location_dest_id": dest.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": product.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": dest.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        return picking

    def _force(self, picking, qty, lot=None):
        """What a clerk does who picks more than reserved: the move's
        quantity, picked."""
        move = picking.move_ids
        move.quantity = qty
        if lot:
            move.move_line_ids.lot_id = lot
        move.picked = True

    def test_delivery_over_stock_refused(self):
        picking = self._picking(self.material, 5, self.stock, self.customers)
        self.assertEqual(picking.move_ids.quantity, 2)  # what is there
        self._force(picking, 5)
        with self.assertRaises(UserError) as err:
            picking.with_user(self.supervisor).button_validate()
        message = str(err.exception)
        self.assertIn("Not enough stock of [TST-0001] Copper wire", message)
        self.assertIn("TRW/Stock", message)
        self.assertIn("2.0 Units on hand, 5.0 Units asked", message)
        # nothing changed
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(self._qty(self.material, self.stock), 2)
        self.assertEqual(picking.move_ids.quantity, 5)
        self.assertEqual(picking.move_ids.state, "assigned")
        # what is there goes, the rest waits in a backorder
        self._force(picking, 2)
        action = picking.with_user(self.supervisor).button_validate()
        Form.from_action(self.env(user=self.supervisor), action).save().process()
        self.assertEqual(picking.state, "done")
        self.assertEqual(self._qty(self.material, self.stock), 0)

    def test_lot_over_stock_refused(self):
        picking = self._picking(self.wire, 5, self.bin_a, self.customers)
        self._force(picking, 5, lot=self.l1)
        with self.assertRaises(UserError) as err:
            picking.with_user(self.supervisor).button_validate()
        self.assertIn("TRW/Stock/A-01 (lot L1): 2.0 Units on hand", str(err.exception))
        self.assertEqual(self._qty(self.wire, self.bin_a, self.l1), 2)

    def test_internal_transfer_and_scrap_refused(self):
        transfer = self._picking(
            self.material, 3, self.stock, self.bin_b, self.wh_raw.int_type_id
        )
        self._force(transfer, 3)
        with self.assertRaises(UserError):
            transfer.with_user(self.supervisor).button_validate()
        self.assertEqual(self._qty(self.material, self.bin_b), 0)
        scrap = (
            self.env["stock.scrap"]
            .with_user(self.supervisor)
            .create(
                {
                    "product_id": self.material.id,
                    "scrap_qty": 4,
                    "location_id": self.stock.id,
                }
            )
        )
        action = scrap.action_validate()  # Odoo warns first: not enough
        self.assertEqual(action["res_model"], "stock.warn.insufficient.qty.scrap")
        warning = Form.from_action(self.env(user=self.supervisor), action).save()
        with self.assertRaises(UserError) as err:
            warning.action_done()  # "scrap anyway"
        self.assertIn("4.0 Units asked", str(err.exception))
        self.assertEqual(scrap.state, "draft")
        self.assertEqual(self._qty(self.material, self.stock), 2)

    def test_negative_count_refused(self):
        quant = self.env["stock.quant"]._gather(self.material, self.stock)
        quant = quant.with_user(self.supervisor).with_context(inventory_mode=True)
        quant.inventory_quantity = -1
        with self.assertRaises(UserError) as err:
            quant.action_apply_inventory()
        self.assertIn("cannot be negative", str(err.exception))
        self.assertEqual(self._qty(self.material, self.stock), 2)
        quant.inventory_quantity = 0
        quant.action_apply_inventory()
        self.assertEqual(self._qty(self.material, self.stock), 0)

    def test_direct_quant_changes_refused(self):
        """RPC, import or server code that changes quants directly (as sudo)."""
        Quant = self.env["stock.quant"].sudo()
        with self.assertRaises(UserError):
            Quant._update_available_quantity(self.material, self.stock, -3)
        with self.assertRaises(UserError):
            Quant.create(
                {
                    "product_id": self.other_material.id,
                    "location_id": self.bin_a.id,
                    "quantity": -1,
                }
            )
        self.assertEqual(self._qty(self.material, self.stock), 2)
        self.assertEqual(self._qty(self.other_material, self.bin_a), 0)
        # outside the internal locations of warehouses Odoo's rules apply
        Quant._update_available_quantity(self.material, self.customers, -3)
        self.assertEqual(self._qty(self.material, self.customers), -3)

    def test_quantities_moved_within_an_operation_pass(self):
        """Odoo moves quantity between quants of a location on the way, and
        lines of one validation may come in any order: only what is negative
        at the end of the operation is refused."""
        # a lot taken from untracked stock of the same location (Odoo makes
        # the lot quant negative, then moves the untracked quantity onto it)
        self._set_stock(self.wire, self.bin_b, 3)
        picking = self._picking(self.wire, 3, self.bin_b, self.customers)
        self._force(picking, 3, lot=self.l1)
        picking.with_user(self.supervisor).button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(self._qty(self.wire, self.bin_b), 0)
        # a delivery from an empty bin validated with the transfer that fills
        # it: the delivery's line comes first
        delivery = self._picking(self.material, 2, self.bin_b, self.customers)
        self._force(delivery, 2)
        transfer = self._picking(
            self.material, 2, self.stock, self.bin_b, self.wh_raw.int_type_id
        )
        self._force(transfer, 2)
        self.assertLess(delivery.move_line_ids.id, transfer.move_line_ids.id)
        (delivery | transfer).with_user(self.supervisor).button_validate()
        self.assertEqual((delivery.state, transfer.state), ("done", "done"))
        self.assertEqual(self._qty(self.material, self.bin_b), 0)
        self.assertEqual(self._qty(self.material, self.stock), 0)

    def test_done_line_edit_refused(self):
        picking = self._picking(self.material, 2, self.stock, self.customers)
        self._force(picking, 2)
        picking.with_user(self.supervisor).button_validate()
        line = picking.move_line_ids  # as the administrator corrects a transfer
        with self.assertRaises(UserError):
            line.quantity = 4
        self.assertEqual(line.quantity, 2)
        self.assertEqual(self._qty(self.material, self.stock), 0)
        line.quantity = 1  # gives one back
        self.assertEqual(self._qty(self.material, self.stock), 1)

    def test_setting(self):
        self.assertTrue(self.company.factory_no_negative_stock)
        arch = self.env["res.config.settings"].get_view()["arch"]
        self.assertIn('name="factory_no_negative_stock"', arch)  # Inventory settings
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.factory_no_negative_stock)
        settings.factory_no_negative_stock = False
        settings.execute()
        self.assertFalse(self.company.factory_no_negative_stock)
        picking = self._picking(self.material, 5, self.stock, self.customers)
        self._force(picking, 5)
        picking.with_user(self.supervisor).button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(self._qty(self.material, self.stock), -3)
