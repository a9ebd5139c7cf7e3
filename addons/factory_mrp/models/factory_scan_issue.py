"""Issuing material requests in the mobile barcode view (operation ``issue``).

The clerk chooses (or scans) an approved material request's open transfer in
his warehouses and scans its items and lots, as in the pick operation
(factory_stock: source bins, FIFO / FEFO guidance and check, idempotency).
At scan time, and changing nothing when refused, an item that is not on the
request, or a quantity that would issue more than requested plus the
category tolerance (unless a workshop supervisor approved an over-issue),
is refused; the same rule is enforced again when the transfer is validated
(stock_move_line.py). Validation is Odoo's own and updates the request.

Requests of one-step manufacturing orders are issued by the order's own
component moves (no transfer): the order consumes them, they are not
scanned here.
"""

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from odoo.addons.factory_stock.models.factory_scan import (
    CLERK_GROUP,
    STOCK_MANAGER_GROUP,
)

ISSUE_OPERATION = "issue"
OPEN_STATES = ("approved", "partial")


def _qty(qty):
    return format(qty, "g")


class FactoryScan(models.AbstractModel):
    _inherit = "factory.scan"

    # Operations ----------------------------------------------------------
    @api.model
    def _operations(self):
        ops = super()._operations()
        user = self.env.user
        if user.has_group(CLERK_GROUP) or user.has_group(STOCK_MANAGER_GROUP):
            issue = {
                "key": ISSUE_OPERATION,
                "name": self.env._("Issue Material Request"),
                "icon": "fa-dropbox",
                "help": self.env._(
                    "Approved material requests: only their items, up to the "
                    "requested quantity"
                ),
                "transfers": True,
                "list_prompt": self.env._("Scan or choose a material request"),
            }
            self._insert_operation(ops, issue, after=("pick",))
        return ops

    @api.model
    def _picking_operations(self):
        return dict(super()._picking_operations(), **{ISSUE_OPERATION: ("internal",)})

    @api.model
    def _scan_takes_from_source(self, operation):
        return operation == ISSUE_OPERATION or super()._scan_takes_from_source(
            operation
        )

    # Transfers -----------------------------------------------------------
    @api.model
    def _picking_domain(self, operation):
        domain = super()._picking_domain(operation)
        if operation == ISSUE_OPERATION:
            return [*domain, ("factory_material_request_id.state", "in", OPEN_STATES)]
        if operation == "putaway":
            # the issues of material requests have their own operation
            return [*domain, ("factory_material_request_id", "=", False)]
        return domain

    @api.model
    def _get_picking(self, operation, picking_id):
        picking = super()._get_picking(operation, picking_id)
        if operation == ISSUE_OPERATION:
            request = picking.factory_material_request_id
            if not request:
                raise UserError(
                    self.env._(
                        "%(picking)s does not issue a material request.",
                        picking=picking.name,
                    )
                )
            if request.state not in OPEN_STATES:
                raise UserError(
                    self.env._(
                        "Material request %(request)s is not approved for issue.",
                        request=request.name,
                    )
                )
        return picking

    @api.model
    def pickings(self, operation, limit=80):
        rows = super().pickings(operation, limit=limit)
        if operation != ISSUE_OPERATION or not rows:
            return rows
        pickings = self.env["stock.picking"].browse([row["id"] for row in rows])
        for row, picking in zip(rows, pickings, strict=True):
            row.update(self._issue_request_data(picking.factory_material_request_id))
        return rows

    @api.model
    def _issue_request_data(self, request):
        """What the phone shows of a request: reference, for whom, who asked."""
        return {
            "request": request.name,
            "request_for": (
                request.production_id.name or request.cost_center_id.display_name or ""
            ),
            "requester": request.requested_by_id.name or "",
            "request_lines": len(request.line_ids),
            "over_issue_approved": bool(request.over_issue_approved_by_id),
        }

    @api.model
    def _picking_data(self, picking, moves=None):
        data = super()._picking_data(picking, moves=moves)
        request = picking.factory_material_request_id
        if not request:
            return data
        if data.get("partial"):
            # what a booking can change on the request: its over-issue approval
            data["over_issue_approved"] = bool(request.over_issue_approved_by_id)
        else:
            data.update(self._issue_request_data(request))
        # the request's own figures, beside the transfer's: requested, issued
        # so far (net of returns), scanned not validated, still to issue
        issued, booked = request.sudo()._factory_issue_figures()
        lines = {line.product_id.id: line for line in request.line_ids}
        for move in data["moves"]:
            line = lines.get(move["product_id"])
            if not line:
                continue
            done, returned = issued[request.id, line.product_id.id]
            net = done - returned
            scanned = booked.get((request.id, line.product_id.id), 0.0)
            move.update(
                requested=line.product_qty,
                issued=net,
                to_issue=max(line.product_qty - net - scanned, 0.0),
                preferred_lot=line.lot_id.name or "",
            )
        return data

    # Scanning ------------------------------------------------------------
    @api.model
    def _scan_picking(self, operation, picking, barcode, qty, ctx):
        if operation == ISSUE_OPERATION and not picking:
            # the request's reference opens its (first) open transfer
            request = self.env["factory.material.request"].search(
                [("name", "=", barcode)], limit=1
            )
            if request:
                found = self.env["stock.picking"].search(
                    [
                        *self._picking_domain(ISSUE_OPERATION),
                        ("factory_material_request_id", "=", request.id),
                    ],
                    order="priority desc, scheduled_date, id",
                    limit=1,
                )
                if not found:
                    raise UserError(
                        self.env._(
                            "Material request %(request)s has nothing to issue in "
                            "your warehouses.",
                            request=request.name,
                        )
                    )
                return self._ok("picking", found.name, {}, picking_id=found.id)
        return super()._scan_picking(operation, picking, barcode, qty, ctx)

    @api.model
    def _scan_move_of(self, picking, product):
        request = picking.factory_material_request_id
        if request and product not in request.line_ids.product_id:
            raise UserError(request._factory_not_on_request_error(product))
        return super()._scan_move_of(picking, product)

    @api.model
    def _scan_check_demand(self, move, qty):
        """On a material request, the limit is the request's (requested plus
        tolerance, over all its transfers), not the transfer's demand."""
        request = move.factory_material_request_id or (
            move.picking_id.factory_material_request_id
        )
        if not request:
            return super()._scan_check_demand(move, qty)
        product = move.product_id
        if request.state not in OPEN_STATES:
            raise UserError(
                self.env._(
                    "Material request %(request)s is not approved for issue.",
                    request=request.name,
                )
            )
        line, limit = request._factory_issue_limit(product)
        if not line:
            raise UserError(request._factory_not_on_request_error(product))
        if limit is None:
            return
        issued, booked = request.sudo()._factory_issue_figures()
        done, returned = issued[request.id, product.id]
        booked = booked.get((request.id, product.id), 0.0)
        total = done - returned + booked + qty
        if float_compare(total, limit, precision_rounding=product.uom_id.rounding) > 0:
            raise UserError(
                self.env._(
                    "Over-issue: %(product)s on %(request)s: requested %(requested)s "
                    "%(uom)s (tolerance %(tolerance)s %%, at most %(limit)s), issued "
                    "%(issued)s, scanned %(booked)s, %(qty)s more would make "
                    "%(total)s. A workshop supervisor can approve an over-issue on "
                    "the request with a reason.",
                    product=product.display_name,
                    request=request.name,
                    requested=_qty(line.product_qty),
                    uom=product.uom_id.name,
                    tolerance=_qty(product.categ_id.factory_issue_tolerance),
                    limit=_qty(limit),
                    issued=_qty(done - returned),
                    booked=_qty(booked),
                    qty=_qty(qty),
                    total=_qty(total),
                )
            )

    @api.model
    def validate(self, operation, picking_id, backorder=True):
        result = super().validate(operation, picking_id, backorder=backorder)
        picking = self.env["stock.picking"].browse(int(picking_id))
        request = picking.factory_material_request_id
        if request:
            state = dict(request._fields["state"]._description_selection(self.env))
            result["request"] = request.name
            result["request_state"] = request.state
            result["message"] = self.env._(
                "%(picking)s validated: material request %(request)s is %(state)s.",
                picking=picking.name,
                request=request.name,
                state=state[request.state],
            )
        return result
