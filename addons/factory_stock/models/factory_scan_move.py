"""The barcode view's "move" operation (factory_scan.py): scan a source
location, an item and a destination; the move is an internal transfer that
Odoo validates."""

from odoo import Command, api, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

from .factory_scan_book import _qty, _what


class FactoryScan(models.AbstractModel):
    _inherit = "factory.scan"

    # Internal move -------------------------------------------------------
    @api.model
    def _scan_move(self, barcode, qty, ctx):
        """Source location, then item (product / lot, quantity), then
        destination: an internal transfer validated by Odoo."""
        source = self._ctx_record(ctx, "location_id", "stock.location")
        product = self._ctx_record(ctx, "product_id", "product.product")
        lot = self._ctx_record(ctx, "lot_id", "stock.lot")
        found = self._resolve(barcode, product=product)
        if not found or found["type"] == "picking":
            raise self._unknown(barcode)
        warehouses = self._user_warehouses()
        if found["type"] == "location":
            location = found["location"]
            if location.warehouse_id not in warehouses or location.usage != "internal":
                raise UserError(
                    self.env._(
                        "%(location)s is outside your warehouses.",
                        location=location.display_name,
                    )
                )
            ready = source and product and (lot or product.tracking == "none")
            if not ready:
                ctx = self._ctx_with({}, location_id=location)
                return self._ok(
                    "location",
                    self.env._("Source: %s. Now scan the item.", location.display_name),
                    ctx,
                )
            return self._move_book(source, location, product, lot, ctx)
        if not source:
            raise UserError(self.env._("Scan the source location first."))
        item = found["product"]
        item_lot = found.get("lot") or self.env["stock.lot"]
        if found["type"] == "gs1" and found.get("lot_name"):
            item_lot = self.env["stock.lot"].search(
                [("name", "=", found["lot_name"]), ("product_id", "=", item.id)],
                limit=1,
            )
            if not item_lot:
                raise UserError(self.env._("Unknown lot %s.", found["lot_name"]))
        if product and item_lot and item_lot.product_id != product:
            raise UserError(
                self.env._(
                    "Lot %(lot)s belongs to %(other)s, not to %(product)s.",
                    lot=item_lot.name,
                    other=item_lot.product_id.display_name,
                    product=product.display_name,
                )
            )
        qty = qty or found.get("qty") or ctx.get("qty") or 1.0
        if item.tracking != "none" and not item_lot:
            ctx = self._ctx_with(ctx, product_id=item, lot_id=item_lot, qty=qty)
            return self._ok(
                "lot_needed",
                self.env._("%s: now scan its lot.", item.display_name),
                ctx,
            )
        available = sum(
            self.env["stock.quant"]
            .search(
                [
                    ("product_id", "=", item.id),
                    ("lot_id", "=", item_lot.id or False),
                    ("location_id", "=", source.id),
                ]
            )
            .mapped("quantity")
        )
        if float_compare(qty, available, precision_rounding=item.uom_id.rounding) > 0:
            raise UserError(self._missing(item, item_lot, source, available))
        ctx = self._ctx_with(ctx, product_id=item, lot_id=item_lot, qty=qty)
        return self._ok(
            "item",
            self.env._(
                "%(qty)s %(uom)s %(what)s: now scan the destination.",
                qty=_qty(qty),
                uom=item.uom_id.name,
                what=_what(item, item_lot),
            ),
            ctx,
        )

    @api.model
    def _move_book(self, source, dest, product, lot, ctx):
        if dest == source:
            raise UserError(self.env._("The destination is the source location."))
        warehouse = source.warehouse_id
        self._check_in_warehouse(dest, warehouse)
        qty = float(ctx.get("qty") or 1.0)
        picking_type = warehouse.int_type_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": source.id,
                "location_dest_id": dest.id,
                "origin": self.env._("Barcode move"),
                "move_ids": [
                    Command.create(
                        {
                            "name": product.display_name,
                            "product_id": product.id,
                            "product_uom": product.uom_id.id,
                            "product_uom_qty": qty,
                            "location_id": source.id,
                            "location_dest_id": dest.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        move = picking.move_ids
        move.move_line_ids.unlink()  # Odoo's proposal: we book what was scanned
        self.env["stock.move.line"].create(
            {
                "move_id": move.id,
                "picking_id": picking.id,
                "product_id": product.id,
                "product_uom_id": product.uom_id.id,
                "lot_id": lot.id or False,
                "quantity": qty,
                "location_id": source.id,
                "location_dest_id": dest.id,
                "picked": True,
            }
        )
        picking.button_validate()
        if picking.state != "done" or not float_is_zero(
            move.product_qty - move.quantity, precision_rounding=product.uom_id.rounding
        ):
            raise UserError(self.env._("The move could not be validated."))
        return self._ok(
            "moved",
            self.env._(
                "%(qty)s %(uom)s %(what)s moved from %(src)s to %(dest)s "
                "(%(picking)s).",
                qty=_qty(qty),
                uom=product.uom_id.name,
                what=_what(product, lot),
                src=source.display_name,
                dest=dest.display_name,
                picking=picking.name,
            ),
            {},
            picking_name=picking.name,
        )
