"""Server side of the mobile barcode view (client action ``factory_scan``).

The phone calls these ``@api.model`` methods through ORM RPC. Every scan is
resolved (product, lot, location, transfer, GS1 code) and validated against
the operation here, as the calling user (record rules apply); a refused scan
changes nothing. Accepted scans are booked on the transfer's move lines with
Odoo's own methods (factory_scan_book.py); validation is Odoo's own.
"""

import math

from odoo import api, models
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.tools import float_round

CLERK_GROUP = "factory_stock.group_warehouse_clerk"
MANAGER_GROUP = "factory_stock.group_factory_manager"
STOCK_USER_GROUP = "stock.group_stock_user"
STOCK_MANAGER_GROUP = "stock.group_stock_manager"

# ids a scan context may carry (the phone sends back what it was given)
CTX_RECORDS = {
    "location_id": "stock.location",
    "location_dest_id": "stock.location",
    "product_id": "product.product",
    "lot_id": "stock.lot",
}
MAX_ID = 2**31 - 1

# operation: picking type codes of the transfers it works on
PICKING_OPERATIONS = {
    "receive": ("incoming",),
    "putaway": ("internal",),
    "pick": ("outgoing",),
}


def _rounded(value, uom):
    """``value`` with the precision of ``uom``: what the phone shows (a sum
    of floats is not: 0.1 + 0.2 is 0.30000000000000004)."""
    return float_round(value, precision_rounding=uom.rounding)


class FactoryScan(models.AbstractModel):
    _name = "factory.scan"
    _description = "Barcode Scan Service"

    # Operations ----------------------------------------------------------
    @api.model
    def _operations(self):
        """Operations of the home screen, in order, for the current user.
        Other modules (count, material requests, ...) append theirs."""
        user = self.env.user
        ops = []
        if user.has_group(CLERK_GROUP) or user.has_group(STOCK_MANAGER_GROUP):
            ops += [
                {
                    "key": "receive",
                    "name": self.env._("Receive"),
                    "icon": "fa-truck",
                    "help": self.env._("Receipts from suppliers"),
                    "transfers": True,
                },
                {
                    "key": "putaway",
                    "name": self.env._("Put Away"),
                    "icon": "fa-sign-in",
                    "help": self.env._("Scan the bin, then the items"),
                    "transfers": True,
                },
                {
                    "key": "pick",
                    "name": self.env._("Pick / Issue"),
                    "icon": "fa-cubes",
                    "help": self.env._("Deliveries and issues, oldest lots first"),
                    "transfers": True,
                },
                {
                    "key": "move",
                    "name": self.env._("Move"),
                    "icon": "fa-exchange",
                    "help": self.env._("Source, item, quantity, destination"),
                },
            ]
        ops.append(
            {
                "key": "lookup",
                "name": self.env._("Look Up"),
                "icon": "fa-search",
                "help": self.env._("What is where: product, lot, bin or transfer"),
            }
        )
        return ops

    @api.model
    def _insert_operation(self, ops, operation, after=()):
        """Insert ``operation`` into ``ops`` right after the first of the
        ``after`` keys present, else before the look-up (always last)."""
        keys = [op["key"] for op in ops]
        anchor = next((key for key in after if key in keys), None)
        index = keys.index(anchor) + 1 if anchor else max(len(ops) - 1, 0)
        ops.insert(index, operation)
        return ops

    # RPC arguments --------------------------------------------------------
    @api.model
    def _rpc_text(self, value):
        """A barcode or an operation as the phone sends it: text (digits may
        come as a number); any other JSON value is refused."""
        if value in (None, False):
            return ""
        if (
            isinstance(value, bool)
            or not isinstance(value, str | int | float)
            or "\x00" in str(value)
        ):
            raise UserError(self.env._("%(value)r is not a barcode.", value=value))
        return str(value)

    @api.model
    def _rpc_id(self, value, required=True):
        """A record id as the phone sends it (or its digits); False / 0 when
        not ``required``."""
        if not value and not required and not isinstance(value, list | dict):
            return False
        if isinstance(value, str) and value.strip().isdecimal():
            value = int(value.strip())
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not (0 < value <= MAX_ID)
        ):
            raise UserError(
                self.env._("%(value)r is not a valid reference.", value=value)
            )
        return value

    @api.model
    def _rpc_ctx(self, ctx):
        """The scan context the phone sends back: a dict whose record ids
        designate existing records (else the context is refused)."""
        if ctx in (None, False, ""):
            return {}
        if not isinstance(ctx, dict):
            raise UserError(
                self.env._("The scan context is not valid: %(ctx)r", ctx=ctx)
            )
        ctx = dict(ctx)
        for key, model in CTX_RECORDS.items():
            if key in ctx:
                record_id = self._rpc_id(ctx[key], required=False)
                if record_id and not self.env[model].browse(record_id).exists():
                    raise UserError(
                        self.env._("The scan context is not valid: %(ctx)r", ctx=ctx)
                    )
                ctx[key] = record_id
        if "qty" in ctx:
            ctx["qty"] = self._parse_qty(ctx["qty"])
        return ctx

    @api.model
    def _check_operation(self, operation):
        operation = self._rpc_text(operation)
        if not self.env.user.has_group(STOCK_USER_GROUP):
            raise AccessError(
                self.env._("You have no access to the warehouse barcode view.")
            )
        # only this operation is looked for: modules may skip deciding about
        # the others (e.g. whether stocktakes are being counted)
        ops = self.with_context(factory_scan_operation=operation)._operations()
        if operation not in {op["key"] for op in ops}:
            raise AccessError(
                self.env._(
                    "The operation %(operation)s is not allowed for %(user)s.",
                    operation=operation,
                    user=self.env.user.name,
                )
            )

    @api.model
    def home(self):
        """Home screen: the user's operations and warehouses."""
        self._check_operation("lookup")
        return {
            "user": self.env.user.name,
            "operations": self._operations(),
            "warehouses": self._user_warehouses().mapped("name"),
        }

    @api.model
    def _user_warehouses(self):
        """Warehouses the user works in: his Factory Warehouses for clerks and
        supervisors (as the record rules), every warehouse otherwise."""
        user = self.env.user
        if user.has_group(CLERK_GROUP) and not user.has_group(MANAGER_GROUP):
            return user.factory_warehouse_ids
        return self.env["stock.warehouse"].search([])

    # Transfers -----------------------------------------------------------
    @api.model
    def _picking_operations(self):
        """{operation: picking type codes} of the operations working on
        transfers (their home button has ``transfers``). Other modules add
        theirs and narrow the list in ``_picking_domain``."""
        return dict(PICKING_OPERATIONS)

    @api.model
    def _picking_domain(self, operation):
        return [
            ("picking_type_code", "in", self._picking_operations()[operation]),
            ("state", "in", ("confirmed", "waiting", "assigned")),
            ("picking_type_id.warehouse_id", "in", self._user_warehouses().ids),
        ]

    @api.model
    def pickings(self, operation, limit=80):
        """Open transfers of the operation the user may work on."""
        self._check_operation(operation)
        limit = self._rpc_id(limit)
        if operation not in self._picking_operations():
            return []
        pickings = self.env["stock.picking"].search(
            self._picking_domain(operation),
            order="priority desc, scheduled_date, id",
            limit=limit,
        )
        return [
            {
                "id": picking.id,
                "name": picking.name,
                "partner": picking.partner_id.display_name or "",
                "origin": picking.origin or "",
                "state": picking.state,
                "lines": len(picking.move_ids),
                "quarantine": bool(picking.move_ids.filtered("factory_qc_required")),
            }
            for picking in pickings
        ]

    @api.model
    def picking(self, operation, picking_id):
        self._check_operation(operation)
        return self._picking_data(self._get_picking(operation, picking_id))

    @api.model
    def _get_picking(self, operation, picking_id):
        picking = self.env["stock.picking"].browse(self._rpc_id(picking_id))
        try:
            # record rules: the user's warehouses; a transfer deleted since
            # the phone listed it is found missing by this read itself (no
            # query of its own: every scan of a transfer comes here)
            picking.check_access("write")
            code = picking.picking_type_code
        except MissingError:
            raise UserError(
                self.env._("This transfer does not exist any more.")
            ) from None
        if code not in self._picking_operations().get(operation, ()):
            raise UserError(
                self.env._(
                    "%(picking)s is not a transfer for this operation.",
                    picking=picking.name,
                )
            )
        return picking

    @api.model
    def _picking_data(self, picking, moves=None):
        """What the phone shows of ``picking``. With ``moves`` (the answer to
        a booking scan), only these moves and ``partial``: the phone merges
        them by id into the transfer it shows instead of rebuilding it all."""
        partial = moves is not None
        rows = []
        if moves is None:
            moves = picking.move_ids
        for move in moves.filtered(lambda m: m.state != "cancel"):
            picked = move.move_line_ids.filtered("picked")
            todo = move.move_line_ids - picked
            uom = move.product_id.uom_id
            rows.append(
                {
                    "id": move.id,
                    "product_id": move.product_id.id,
                    "product": move.product_id.display_name,
                    "tracking": move.product_id.tracking,
                    "uom": move.product_id.uom_id.name,
                    "demand": _rounded(move.product_qty, uom),
                    "done": _rounded(sum(picked.mapped("quantity_product_uom")), uom),
                    "destination": move.location_dest_id.display_name,
                    "lines": [
                        {
                            "lot": line.lot_id.name or line.lot_name or "",
                            "from": line.location_id.display_name,
                            "to": line.location_dest_id.display_name,
                            "quantity": _rounded(line.quantity_product_uom, uom),
                        }
                        for line in picked
                    ],
                    # FIFO / FEFO guidance: what Odoo reserved (its removal
                    # strategy follows the category's issue policy)
                    "next": [
                        {
                            "lot": line.lot_id.name or "",
                            "from": line.location_id.display_name,
                            "quantity": _rounded(line.quantity_product_uom, uom),
                        }
                        for line in todo
                        if picking.picking_type_code != "incoming"
                    ],
                }
            )
        data = {"id": picking.id, "state": picking.state, "moves": rows}
        if partial:
            data["partial"] = True
            return data
        data.update(
            name=picking.name,
            code=picking.picking_type_code,
            partner=picking.partner_id.display_name or "",
            origin=picking.origin or "",
            location=picking.location_id.display_name,
            location_dest=picking.location_dest_id.display_name,
            qc_rule=picking.factory_qc_rule or "",
        )
        return data

    # Scanning ------------------------------------------------------------
    @api.model
    def scan(self, operation, barcode, picking_id=False, qty=0, ctx=None, key=False):
        """Apply one scan to ``operation`` (and the transfer ``picking_id``).

        :param qty: quantity typed on the phone (0 / empty: 1, or the GS1 one)
        :param ctx: the scan context returned by the previous scan (source,
            destination, product waiting for its lot, ...)
        :param key: idempotency key; a scan sent again with the same key gets
            the stored answer and books nothing.
        :return: dict with ok, kind, message, ctx (and picking)
        """
        self._check_operation(operation)
        if operation != "move" and operation not in self._picking_operations():
            raise UserError(self.env._("This operation does not book scans."))
        picking = self.env["stock.picking"]
        if picking_id:
            picking = self._get_picking(operation, picking_id)

        def apply(barcode, quantity, ctx):
            if operation == "move":
                return self._scan_move(barcode, quantity, ctx)
            return self._scan_picking(operation, picking, barcode, quantity, ctx)

        def add_data(result):
            result.update(self._scan_picking_update(picking, result))

        return self._scan_logged(
            operation, barcode, qty, ctx, key, apply, add_data, picking=picking
        )

    @api.model
    def _scan_picking_update(self, picking, result):
        """What a scan's answer carries of its transfer: nothing when it
        changed nothing (refused, or only the scan context: the phone keeps
        what it shows), the booked move alone after a booking (merged by the
        phone), the whole transfer for a resent scan (the phone may have been
        offline)."""
        if not picking:
            return {}
        if result.get("replayed"):
            return {"picking": self._picking_data(picking)}
        line_id = result.get("ok") and result.get("move_line_id")
        if not line_id:
            return {}
        move = self.env["stock.move.line"].browse(line_id).move_id
        return {"picking": self._picking_data(picking, moves=move)}

    @api.model
    def _scan_logged(
        self, operation, barcode, qty, ctx, key, apply, add_data, picking=None
    ):
        """The path every booking scan takes: idempotency key claimed in
        factory.scan.log (a resend gets the stored answer), ``apply(barcode,
        quantity, ctx)`` in a savepoint, a refusal returned as an error result
        that changed nothing, ``add_data(result)`` for what the phone shows."""
        barcode = self._rpc_text(barcode).strip()
        ctx = self._rpc_ctx(ctx)
        picking = picking or self.env["stock.picking"]
        log = self.env["factory.scan.log"]
        if key:
            try:
                logged_qty = float(str(qty or 0).replace(",", "."))
            except ValueError:
                logged_qty = 0.0
            if not math.isfinite(logged_qty):
                logged_qty = 0.0
            log, stored = log._claim(str(key), operation, picking, barcode, logged_qty)
            if stored is not None:
                result = dict(stored, replayed=True)
                add_data(result)
                return result
        try:
            with self.env.cr.savepoint():
                quantity = self._parse_qty(qty)
                if not barcode:
                    raise UserError(self.env._("Nothing was scanned."))
                result = apply(barcode, quantity, ctx)
        except (UserError, ValidationError) as error:
            result = {
                "ok": False,
                "kind": "error",
                "message": error.args[0],
                "ctx": ctx,
            }
        if log:
            log._store(result)
        add_data(result)
        return result

    @api.model
    def _parse_qty(self, qty):
        if qty in (None, False, ""):
            return 0.0
        if isinstance(qty, bool) or not isinstance(qty, str | int | float):
            raise UserError(self.env._("%(qty)s is not a quantity.", qty=qty))
        try:
            quantity = float(str(qty).replace(",", "."))
        except ValueError:
            raise UserError(self.env._("%(qty)s is not a quantity.", qty=qty)) from None
        if not math.isfinite(quantity):
            raise UserError(self.env._("%(qty)s is not a quantity.", qty=qty))
        if quantity < 0:
            raise UserError(self.env._("The quantity cannot be negative."))
        return quantity

    @api.model
    def validate(self, operation, picking_id, backorder=True):
        """Odoo's own validation of the transfer; what was not scanned goes to
        a backorder (or is dropped when ``backorder`` is False)."""
        self._check_operation(operation)
        picking = self._get_picking(operation, picking_id)
        if not picking.move_line_ids.filtered("picked"):
            raise UserError(self.env._("Nothing was scanned on %s.", picking.name))
        picking.with_context(
            skip_backorder=True,
            picking_ids_not_to_backorder=[] if backorder else picking.ids,
        ).button_validate()
        return {
            "ok": True,
            "message": self.env._("%s validated.", picking.name),
            "state": picking.state,
            "backorders": picking.backorder_ids.mapped("name"),
        }
