"""Booking accepted scans on stock.move.line with Odoo's own methods.

Called inside a savepoint by factory.scan.scan(): any UserError raised here
rolls back everything the scan did and is returned to the phone as a refusal.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_round

from .stock_move_line import OVERRIDE_GROUP


def _qty(qty):
    """A quantity as people write it: 5, 2.5 (not 5.0)."""
    return format(qty, "g")


def _what(product, lot):
    return product.display_name + (" / " + lot.name if lot else "")


def _lot_suffix(name):
    return " (" + name + ")" if name else ""


class FactoryScan(models.AbstractModel):
    _inherit = "factory.scan"

    # Context helpers -----------------------------------------------------
    @api.model
    def _ctx_record(self, ctx, key, model):
        value = ctx.get(key)
        return self.env[model].browse(int(value)).exists() if value else self.env[model]

    @api.model
    def _ctx_with(self, ctx, **values):
        """A new context; record values are stored as id + display name."""
        ctx = dict(ctx)
        for key, value in values.items():
            if isinstance(value, models.BaseModel):
                ctx[key] = value.id or False
                ctx[f"{key}_name"] = value.display_name if value else ""
            else:
                ctx[key] = value
        return ctx

    @api.model
    def _ok(self, kind, message, ctx, **extra):
        return dict(ok=True, kind=kind, message=message, ctx=ctx, **extra)

    # Transfers (receive, put away, pick) -----------------------------------
    @api.model
    def _scan_picking(self, operation, picking, barcode, qty, ctx):
        if not picking:
            found = self._resolve(barcode)
            if found and found["type"] == "picking":
                self._get_picking(operation, found["picking"].id)
                return self._ok(
                    "picking",
                    found["picking"].name,
                    {},
                    picking_id=found["picking"].id,
                )
            raise UserError(self.env._("Choose or scan a transfer first."))
        if picking.state in ("done", "cancel", "draft"):
            raise UserError(self.env._("%s cannot be scanned any more.", picking.name))
        warehouse = picking.picking_type_id.warehouse_id
        pending = self._ctx_record(ctx, "product_id", "product.product")
        found = self._resolve(barcode, product=pending)
        incoming = picking.picking_type_code == "incoming"
        if not found and pending and incoming:
            # a new lot number for the product waiting for it
            found = {"type": "lot", "lot_name": barcode, "product": pending}
        if not found:
            raise self._unknown(barcode)
        kind = found["type"]
        if kind == "picking":
            raise UserError(
                self.env._(
                    "%(scanned)s is another transfer: you are working on %(picking)s.",
                    scanned=found["picking"].name,
                    picking=picking.name,
                )
            )
        if kind == "location":
            location = found["location"]
            if self._scan_takes_from_source(operation):
                self._check_in_warehouse(location, warehouse, picking.location_id)
                ctx = self._ctx_with(ctx, location_id=location)
                message = self.env._("Source: %s", location.display_name)
            else:
                allowed = picking.location_dest_id | picking.move_ids.location_dest_id
                self._check_in_warehouse(location, warehouse, allowed)
                ctx = self._ctx_with(ctx, location_dest_id=location)
                message = self.env._("Destination: %s", location.display_name)
            return self._ok("location", message, ctx)
        product = found["product"]
        lot = found.get("lot") or self.env["stock.lot"]
        lot_name = found.get("lot_name") or False
        if pending and kind == "lot" and lot and lot.product_id != pending:
            raise UserError(
                self.env._(
                    "Lot %(lot)s belongs to %(other)s, not to %(product)s.",
                    lot=lot.name,
                    other=lot.product_id.display_name,
                    product=pending.display_name,
                )
            )
        if lot_name and not lot:
            lot = self.env["stock.lot"].search(
                [("name", "=", lot_name), ("product_id", "=", product.id)], limit=1
            )
            if not lot:
                other = self.env["stock.lot"].search(
                    [("name", "=", lot_name), ("product_id", "!=", product.id)],
                    limit=1,
                )
                if other and not incoming:
                    raise UserError(
                        self.env._(
                            "Lot %(lot)s belongs to %(other)s, not to %(product)s.",
                            lot=lot_name,
                            other=other.product_id.display_name,
                            product=product.display_name,
                        )
                    )
        qty = qty or found.get("qty") or 1.0
        move = self._scan_move_of(picking, product)
        if product.tracking != "none" and not lot and not lot_name:
            ctx = self._ctx_with(ctx, product_id=product)
            return self._ok(
                "lot_needed",
                self.env._("%s: now scan its lot.", product.display_name),
                ctx,
            )
        line = self._book(
            move,
            qty,
            lot=lot,
            lot_name=None if lot else lot_name,
            expiry=found.get("expiry"),
            source=self._ctx_record(ctx, "location_id", "stock.location"),
            dest=self._ctx_record(ctx, "location_dest_id", "stock.location"),
        )
        ctx = {
            key: value
            for key, value in ctx.items()
            if not key.startswith(("product_id", "lot_"))
        }
        return self._ok(
            "booked",
            self.env._(
                "%(qty)s %(uom)s %(product)s%(lot)s booked.",
                qty=_qty(qty),
                uom=product.uom_id.name,
                product=product.display_name,
                lot=_lot_suffix(line.lot_id.name or line.lot_name),
            ),
            ctx,
            move_line_id=line.id,
        )

    @api.model
    def _scan_takes_from_source(self, operation):
        """Whether a location scanned on a transfer of ``operation`` is where
        the goods are taken from (else: where they are put)."""
        return operation == "pick"

    @api.model
    def _scan_move_of(self, picking, product):
        moves = picking.move_ids.filtered(
            lambda m: m.product_id == product and m.state not in ("done", "cancel")
        )
        if not moves:
            raise UserError(
                self.env._(
                    "Wrong product: %(product)s is not to be handled on %(picking)s.",
                    product=product.display_name,
                    picking=picking.name,
                )
            )
        # the first move that still has room
        for move in moves:
            done = sum(
                move.move_line_ids.filtered("picked").mapped("quantity_product_uom")
            )
            if (
                float_compare(
                    done, move.product_qty, precision_rounding=product.uom_id.rounding
                )
                < 0
            ):
                return move
        return moves[0]

    @api.model
    def _book(self, move, qty, lot, lot_name, expiry, source, dest):
        """Book ``qty`` (product unit) of ``lot`` / new ``lot_name`` on
        ``move``: refuse what the move does not allow, then update its move
        lines (picked) with Odoo's create / write."""
        product = move.product_id
        rounding = product.uom_id.rounding
        picking = move.picking_id
        warehouse = picking.picking_type_id.warehouse_id
        incoming = picking.picking_type_code == "incoming"
        context = {"preserve_state": True}
        lines = move.move_line_ids
        picked = lines.filtered("picked")
        self._scan_check_demand(move, qty)
        if product.tracking == "serial":
            if float_compare(qty, 1.0, precision_rounding=rounding) != 0:
                raise UserError(
                    self.env._("A serial number is scanned one unit at a time.")
                )
            name = lot.name if lot else lot_name
            if any((ml.lot_id.name or ml.lot_name) == name for ml in picked):
                raise UserError(
                    self.env._("Serial number %s is already scanned.", name)
                )
        if incoming:
            if lot_name and not picking.picking_type_id.use_create_lots:
                raise UserError(self.env._("Unknown lot %s.", lot_name))
            source = move.location_id
            dest = dest or move.location_dest_id
            self._check_in_warehouse(dest, warehouse, move.location_dest_id)
        else:
            if lot_name:
                raise UserError(self.env._("Unknown lot %s.", lot_name))
            if dest:
                self._check_in_warehouse(dest, warehouse, move.location_dest_id)
            quants = self._scan_quants(move)
            source = self._scan_source(move, lot, qty, source, quants=quants)
            # Odoo's own cache of the quants the booking reserves from: its
            # reservation updates below find them without searching again
            context["quants_cache"] = quants
        # The unit goes from Odoo's proposal to the picked line in two steps:
        # the move's state is recomputed once, at the end (in between, the
        # move would seem to lack a unit and change state back and forth).
        booking = move.with_context(**context)
        picked = picked.with_env(booking.env)
        same = picked.filtered(
            lambda ml: (
                ml.lot_id == lot
                and (ml.lot_name or False) == (lot_name or False)
                and ml.location_id == source
                and (not dest or ml.location_dest_id == dest)
            )
        )[:1]
        if same:
            # as for a new line: the quantity comes out of Odoo's proposal,
            # so that the move never holds more than its demand reserved
            self._take_from_proposal(booking, qty, lot, source)
            same.quantity = float_round(
                same.quantity
                + product.uom_id._compute_quantity(qty, same.product_uom_id),
                precision_rounding=same.product_uom_id.rounding,
            )
            line = same
        else:
            line = self._book_new_line(
                booking, qty, lot, lot_name, source, dest, expiry
            )
        move._recompute_state()
        line = line.with_env(self.env)
        if not incoming:
            self._scan_check_fifo(line)
        return line

    @api.model
    def _scan_check_demand(self, move, qty):
        """Refuse scanning more than the move asks for (other modules replace
        the limit for their transfers, e.g. material requests)."""
        product = move.product_id
        done = sum(move.move_line_ids.filtered("picked").mapped("quantity_product_uom"))
        if (
            float_compare(
                done + qty, move.product_qty, precision_rounding=product.uom_id.rounding
            )
            > 0
        ):
            raise UserError(
                self.env._(
                    "Too much: %(product)s allows %(demand)s %(uom)s on %(picking)s, "
                    "%(done)s already scanned, %(qty)s more is over.",
                    product=product.display_name,
                    demand=move.product_qty,
                    uom=product.uom_id.name,
                    picking=move.picking_id.name,
                    done=done,
                    qty=qty,
                )
            )

    @api.model
    def _take_from_proposal(self, move, qty, lot, source):
        """Take ``qty`` off a line Odoo proposed (reserved, not picked): of
        the same lot and source first, else any; reduce it, or remove it when
        it is not larger."""
        product = move.product_id
        todo = move.move_line_ids.filtered(lambda ml: not ml.picked)
        todo = todo.sorted(
            lambda ml: (ml.lot_id != lot, ml.location_id != source, ml.id)
        )
        for proposal in todo[:1]:
            left = proposal.quantity_product_uom - qty
            if float_compare(left, 0, precision_rounding=product.uom_id.rounding) > 0:
                proposal.quantity = product.uom_id._compute_quantity(
                    left, proposal.product_uom_id
                )
            else:
                proposal.unlink()

    @api.model
    def _book_new_line(self, move, qty, lot, lot_name, source, dest, expiry):
        """A new picked line, its quantity taken from Odoo's proposal."""
        product = move.product_id
        self._take_from_proposal(move, qty, lot, source)
        vals = {
            "move_id": move.id,
            "picking_id": move.picking_id.id,
            "product_id": product.id,
            "product_uom_id": product.uom_id.id,
            "quantity": qty,
            "location_id": source.id,
            "location_dest_id": (dest or move.location_dest_id).id,
            "picked": True,
        }
        if lot:
            vals["lot_id"] = lot.id
        elif lot_name:
            vals["lot_name"] = lot_name
            if expiry and "expiration_date" in self.env["stock.move.line"]._fields:
                vals["expiration_date"] = fields.Datetime.to_datetime(expiry)
        return move.env["stock.move.line"].create(vals)

    @api.model
    def _scan_quants(self, move):
        """{(product, location, lot, package, owner) ids: quants} of the
        move's product under its source location, as Odoo's reservation
        builds it (``quants_cache``): all of them, whatever the record rules,
        since the reservation updates rely on it to find their quant."""
        return (
            self.env["stock.quant"]
            .sudo()
            ._get_quants_by_products_locations(move.product_id, move.location_id)
        )

    @api.model
    def _scan_source(self, move, lot, qty, source, quants=None):
        """Where the scanned goods are taken from, refusing what is not there:
        the scanned source, else Odoo's reserved line, else the bin holding
        most of them. ``quants``: the move's quants (``_scan_quants``)."""
        product = move.product_id
        warehouse = move.picking_id.picking_type_id.warehouse_id
        if lot and lot.product_id != product:
            raise UserError(
                self.env._(
                    "Lot %(lot)s belongs to %(other)s, not to %(product)s.",
                    lot=lot.name,
                    other=lot.product_id.display_name,
                    product=product.display_name,
                )
            )
        if source:
            self._check_in_warehouse(source, warehouse, move.location_id)
        if quants is None:
            quants = self._scan_quants(move)
        on_hand = {}
        for (__, __, lot_id, __, __), found in quants.items():
            if lot_id != (lot.id or False):
                continue
            for quant in found:
                location = quant.location_id.with_env(self.env)
                if location.usage == "internal" and (
                    not source or location._child_of(source)
                ):
                    on_hand[location] = on_hand.get(location, 0.0) + quant.quantity
        if not source:
            reserved = move.move_line_ids.filtered(
                lambda ml: not ml.picked and ml.lot_id == lot
            ).location_id
            candidates = [loc for loc in reserved if loc in on_hand] or sorted(
                on_hand, key=lambda loc: -on_hand[loc]
            )
            if not candidates:
                raise UserError(self._missing(product, lot, move.location_id))
            source = candidates[0]
            on_hand = {source: on_hand[source]}
        taken = sum(
            self._scan_product_lines(move.picking_id, product)
            .filtered(
                lambda ml: (
                    ml.picked and ml.lot_id == lot and ml.location_id._child_of(source)
                )
            )
            .mapped("quantity_product_uom")
        )
        available = sum(on_hand.values()) - taken
        if (
            float_compare(qty, available, precision_rounding=product.uom_id.rounding)
            > 0
        ):
            raise UserError(self._missing(product, lot, source, available))
        return source

    @api.model
    def _scan_product_lines(self, picking, product):
        """The move lines of ``product`` on ``picking``: those of its moves of
        the product (already loaded when booking, unlike all the transfer's
        lines)."""
        return picking.move_ids.filtered(
            lambda m: m.product_id == product
        ).move_line_ids

    @api.model
    def _missing(self, product, lot, location, available=0.0):
        what = _what(product, lot)
        return self.env._(
            "Only %(available)s %(uom)s of %(what)s in %(location)s.",
            available=max(available, 0.0),
            uom=product.uom_id.name,
            what=what,
            location=location.display_name,
        )

    @api.model
    def _scan_check_fifo(self, line):
        """The FIFO / FEFO rule of the validation, applied to the scanned line
        now, so that the clerk is told at the shelf which lot goes first."""
        lines = self._scan_product_lines(line.picking_id, line.product_id).filtered(
            "picked"
        )
        issues = lines._factory_issue_lines()
        if line not in issues:
            return
        violations = [
            first for ml, first in lines._factory_order_violations(issues) if ml == line
        ]
        if not violations:
            return
        picking = line.picking_id
        if (
            self.env.user.has_group(OVERRIDE_GROUP)
            and (picking.factory_fifo_override_reason or "").strip()
        ):
            return
        raise UserError(
            self.env._(
                "FIFO: lot %(lot)s of %(product)s cannot be issued yet, lot "
                "%(first)s must go first (%(policy)s).",
                lot=line.lot_id.name,
                product=line.product_id.display_name,
                first=violations[0].name,
                policy=line.product_id.categ_id.factory_issue_policy.upper(),
            )
        )
