"""Counting a stocktake in the mobile barcode view (operation ``count``).

The clerk picks one of his stocktakes being counted, scans a location (it
becomes the current one), then products or lots: each scan adds one, a typed
quantity sets the count. Counting goes through the stocktake's own hook
(factory_stocktake_scan.py); idempotency and refusals through the common
scan path of factory.scan (``_scan_logged``).
"""

from odoo import api, models
from odoo.exceptions import UserError

from .factory_scan import CLERK_GROUP, STOCK_MANAGER_GROUP

COUNT_OPERATION = "count"


class FactoryScan(models.AbstractModel):
    _inherit = "factory.scan"

    # Operations ----------------------------------------------------------
    @api.model
    def _operations(self):
        ops = super()._operations()
        user = self.env.user
        # set by _check_operation when it checks one operation: it only spares
        # the stocktake query; a client sending it can hide Count from its own
        # home screen, never allow an operation (_check_operation sets it)
        checked = self.env.context.get("factory_scan_operation")
        if checked and checked != COUNT_OPERATION:
            return ops  # checking another operation: no stocktake query
        if (
            user.has_group(CLERK_GROUP) or user.has_group(STOCK_MANAGER_GROUP)
        ) and self.env["factory.stocktake"].search_count(
            self._count_stocktake_domain(), limit=1
        ):
            count = {
                "key": COUNT_OPERATION,
                "name": self.env._("Count"),
                "icon": "fa-list-ol",
                "help": self.env._("Stocktakes: scan the location, then the items"),
            }
            # before the look-up, which stays last
            self._insert_operation(ops, count)
        return ops

    @api.model
    def _count_stocktake_domain(self):
        """Stocktakes being counted the user may count: those he is a counter
        of, or of his warehouses (record rules apply on top)."""
        return [
            ("state", "=", "counting"),
            "|",
            ("assignment_ids.user_id", "=", self.env.uid),
            ("warehouse_id", "in", self._user_warehouses().ids),
        ]

    # Stocktakes ----------------------------------------------------------
    @api.model
    def stocktakes(self, limit=80):
        """Stocktakes the user can count now (the list of the operation)."""
        self._check_operation(COUNT_OPERATION)
        stocktakes = self.env["factory.stocktake"].search(
            self._count_stocktake_domain(),
            order="date_planned, id",
            limit=limit,
        )
        return [
            {
                "id": stocktake.id,
                "name": stocktake.name,
                "warehouse": stocktake.warehouse_id.name,
                "date": str(stocktake.date_planned),
                "locations": ", ".join(stocktake.location_ids.mapped("name")),
                "lines": stocktake.line_count,
                "counted": stocktake.counted_count,
                "blind": not stocktake.show_book_qty,
            }
            for stocktake in stocktakes
        ]

    @api.model
    def stocktake(self, stocktake_id, location_id=False):
        self._check_operation(COUNT_OPERATION)
        stocktake = self._get_stocktake(stocktake_id)
        location = (
            self.env["stock.location"]
            .browse(self._rpc_id(location_id, required=False) or [])
            .exists()
        )
        return self._stocktake_data(stocktake, location)

    @api.model
    def _get_stocktake(self, stocktake_id):
        stocktake = self.env["factory.stocktake"].search(
            [("id", "=", self._rpc_id(stocktake_id)), *self._count_stocktake_domain()]
        )
        if not stocktake:
            raise UserError(
                self.env._("This stocktake is not being counted by you any more.")
            )
        return stocktake

    @api.model
    def _stocktake_data(self, stocktake, location):
        """The stocktake as the phone shows it: the current location and the
        lines counted there so far (book quantities only when not blind)."""
        counted = stocktake.line_ids.filtered(
            lambda line: line.is_counted and line.location_id == location
        )
        return {
            "id": stocktake.id,
            "name": stocktake.name,
            "warehouse": stocktake.warehouse_id.name,
            "blind": not stocktake.show_book_qty,
            "lines": stocktake.line_count,
            "counted": stocktake.counted_count,
            "location": location.display_name or "",
            "location_lines": [
                stocktake._count_line_data(line)
                for line in counted.sorted(lambda line: (line.product_id.id, line.id))
            ],
        }

    # Scanning ------------------------------------------------------------
    @api.model
    def scan(
        self,
        operation,
        barcode,
        picking_id=False,
        qty=0,
        ctx=None,
        key=False,
        stocktake_id=False,
    ):
        """Count scans (``operation`` count, ``stocktake_id``) take the same
        path as the booking scans: see factory.scan.scan()."""
        if operation != COUNT_OPERATION:
            return super().scan(operation, barcode, picking_id, qty, ctx, key)
        self._check_operation(operation)
        stocktake = self._get_stocktake(stocktake_id)

        def apply(barcode, quantity, ctx):
            return self._scan_count(stocktake, barcode, quantity, ctx)

        def add_data(result):
            location_id = (result.get("ctx") or {}).get("location_id")
            location = self.env["stock.location"].browse(location_id or [])
            result["stocktake"] = self._stocktake_data(stocktake, location)

        return self._scan_logged(operation, barcode, qty, ctx, key, apply, add_data)

    @api.model
    def _scan_count(self, stocktake, barcode, quantity, ctx):
        """A location sets the current location; a product or lot is counted
        there (a lot-tracked product first asks for its lot)."""
        waiting = self.env["product.product"].browse(ctx.get("product_id") or [])
        found = self._resolve(barcode, waiting or None)
        kind = found and found["type"]
        if kind == "location":
            location = stocktake._scan_location(barcode)
            new_ctx = {
                "location_id": location.id,
                "location_id_name": location.display_name,
            }
            return {
                "ok": True,
                "kind": "location",
                "message": self.env._(
                    "Counting %(location)s", location=location.display_name
                ),
                "ctx": new_ctx,
            }
        location = self.env["stock.location"].browse(ctx.get("location_id") or [])
        if not location:
            raise UserError(self.env._("Scan the location first."))
        lot = self.env["stock.lot"]
        if waiting and kind not in ("product", "gs1"):
            # the lot of the product waiting for it (refuses other products' lots)
            product = waiting
            lot = stocktake._scan_lot(waiting, barcode)
        elif kind == "product":
            product = found["product"]
            if product.tracking != "none":
                ctx = dict(
                    ctx, product_id=product.id, product_id_name=product.display_name
                )
                return {
                    "ok": True,
                    "kind": "lot_needed",
                    "message": self.env._(
                        "Scan the lot of %(product)s", product=product.display_name
                    ),
                    "ctx": ctx,
                }
        elif kind == "lot":
            product, lot = found["product"], found["lot"]
        elif kind == "gs1":
            product = found["product"]
            lot = stocktake._scan_lot(product, found.get("lot_name"))
            quantity = quantity or found.get("qty") or 0.0
        else:
            raise self._unknown(barcode)
        line = stocktake._count_scanned(location, product, lot, quantity or None)
        ctx = {key: ctx.get(key) for key in ("location_id", "location_id_name")}
        return {
            "ok": True,
            "kind": "counted",
            "message": self.env._(
                "%(product)s: %(qty)s %(uom)s counted in %(location)s",
                product=" / ".join(p for p in (line["product"], line["lot"]) if p),
                qty=line["counted_qty"],
                uom=line["uom"],
                location=line["location"],
            ),
            "ctx": ctx,
            "line": line,
        }
