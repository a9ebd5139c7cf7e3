from odoo import Command
from odoo.tests import Form, new_test_user

from odoo.addons.factory_stock.tests.common import FactoryStockCase


class MaterialRequestCase(FactoryStockCase):
    """A motor made of a shaft and two magnets, stock in the raw material
    warehouse, requesters, an approver and a cost center."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.motor = cls._create_material("TST-FG-01", "Micro motor")
        cls.shaft = cls._create_material("TST-RM-01", "Shaft")
        cls.magnet = cls._create_material("TST-RM-02", "Magnet")
        cls.bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.motor.product_tmpl_id.id,
                "product_qty": 1,
                "bom_line_ids": [
                    Command.create({"product_id": cls.shaft.id, "product_qty": 1}),
                    Command.create({"product_id": cls.magnet.id, "product_qty": 2}),
                ],
            }
        )
        groups = "base.group_user,factory_stock.group_workshop_supervisor"
        cls.requester = new_test_user(cls.env, login="t_ws_req", groups=groups)
        cls.approver = new_test_user(cls.env, login="t_ws_appr", groups=groups)
        cls.mrp_user = new_test_user(
            cls.env, login="t_mr_mrp", groups="base.group_user,mrp.group_mrp_user"
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.shaft, cls.wh_raw.lot_stock_id, 10
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.magnet, cls.wh_raw.lot_stock_id, 30
        )
        cls.cost_center = cls.env["factory.cost.center"].create(
            {"name": "Test Maintenance", "code": "TST-MNT"}
        )
        cls.Request = cls.env["factory.material.request"]

    @classmethod
    def _inventory(cls, product, location, qty, lot=None):
        """Set the counted quantity: a valued inventory adjustment."""
        quant = (
            cls.env["stock.quant"]
            .with_context(inventory_mode=True)
            .create(
                {
                    "product_id": product.id,
                    "location_id": location.id,
                    "lot_id": lot.id if lot else False,
                    "inventory_quantity": qty,
                }
            )
        )
        quant.action_apply_inventory()

    def _order(self, qty):
        form = Form(self.env["mrp.production"])
        form.product_id = self.motor
        form.bom_id = self.bom
        form.product_qty = qty
        form.picking_type_id = self.wh_raw.manu_type_id
        production = form.save()
        production.action_confirm()
        return production

    def _adhoc(self, lines, user=None):
        return self.Request.with_user(user or self.requester).create(
            {
                "warehouse_id": self.wh_raw.id,
                "cost_center_id": self.cost_center.id,
                "line_ids": [
                    Command.create(
                        {"product_id": product.id, "product_qty": qty, "lot_id": lot.id}
                    )
                    for product, qty, lot in lines
                ],
            }
        )

    def _approved(self, request):
        request.with_user(request.requested_by_id).action_submit()
        request.with_user(self.approver).action_approve()
        self.assertEqual(request.state, "approved")
        return request

    def _on_hand(self, product, location, lot=None):
        quants = self.env["stock.quant"]._gather(
            product, location, lot_id=lot, strict=True
        )
        return sum(quants.mapped("quantity"))

    def _validate(self, picking, quantities=None, user=None, backorder=True):
        """Validate ``picking`` as ``user`` (the clerk), with {product: qty}
        picked instead of the reserved quantities."""
        picking = picking.with_user(user or self.clerk)
        for move in picking.move_ids:
            if quantities and move.product_id in quantities:
                move.quantity = quantities[move.product_id]
            move.picked = True
        res = picking.button_validate()
        if isinstance(res, dict):
            wizard = Form.from_action(self.env, res).save()
            wizard = wizard.with_user(user or self.clerk)
            wizard.process() if backorder else wizard.process_cancel_backorder()
        return picking
