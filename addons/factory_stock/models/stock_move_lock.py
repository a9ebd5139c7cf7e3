"""Reservations and validations that stay exact under concurrent users.

Odoo chooses the quant to change with ``FOR NO KEY UPDATE SKIP LOCKED``
(stock.quant._update_available_quantity): when another transaction holds the
quant of a lot, it does not wait but creates a second quant of the same
product, location and lot, with -1 on hand or 1 reserved and nothing on hand.
Measured with 20 clients delivering a lot of 10 (bench/soak.py): negative
quants, reservations left on quants that no move line holds (stock nobody can
reserve any more, so fewer deliveries than stock), and validations that found
their lot "short" and unreserved another client's move line (MissingError
for that client, or "no quantities reserved").

The locks below (factory_lock.py) make a transaction wait for the quants it
reserves or moves instead, and fail with a serialization error, which Odoo
retries on fresh data, when another transaction changed them meanwhile.
"""

from odoo import api, models
from odoo.tools import float_compare, float_is_zero

from .factory_lock import holding_quants_at, lock_quants

# fields of a move line whose change moves its reservation (stock.move.line.write)
UNRESERVING_FIELDS = {
    "location_id",
    "location_dest_id",
    "lot_id",
    "package_id",
    "result_package_id",
    "owner_id",
    "product_uom_id",
    "quant_id",
}


class StockQuant(models.Model):
    _inherit = "stock.quant"

    @api.model
    def _update_available_quantity(
        self,
        product_id,
        location_id,
        quantity=False,
        reserved_quantity=False,
        lot_id=None,
        package_id=None,
        owner_id=None,
        in_date=None,
    ):
        # Lock: the quants of this product in this location, so that Odoo's
        # SKIP LOCKED finds them held by this transaction (its own locks are
        # never skipped) and updates them instead of creating a duplicate.
        if not location_id.should_bypass_reservation():
            lock_quants(self.env, product_id.ids, location_id.ids)
        return super()._update_available_quantity(
            product_id,
            location_id,
            quantity=quantity,
            reserved_quantity=reserved_quantity,
            lot_id=lot_id,
            package_id=package_id,
            owner_id=owner_id,
            in_date=in_date,
        )


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_assign(self, force_qty=False):
        # Lock: every quant the reservation may take from (the moves'
        # products under their source locations), in id order, before Odoo
        # chooses what to reserve. Another reservation of the same stock
        # waits, then retries on what is left. Products with nothing free
        # are not locked: nothing of them is reserved.
        moves = self
        if not force_qty:  # the moves Odoo reserves for
            moves = self.filtered(
                lambda m: (
                    not m.picked
                    and m.state in ("confirmed", "waiting", "partially_available")
                )
            )
        lock_quants(
            self.env,
            moves.product_id.ids,
            moves.location_id.ids,
            child_of=True,
            if_free=True,
        )
        return super()._action_assign(force_qty=force_qty)


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def write(self, vals):
        # Odoo unreserves and reserves again a line whose quantity is written,
        # even with the quantity it already has: two updates of its quant
        # that change nothing but make every other transaction on that stock
        # fail and retry. A quantity equal to every line's own is dropped.
        qty = vals.get("quantity")
        unchanged = (
            isinstance(qty, int | float)
            and not isinstance(qty, bool)
            and self
            and not set(vals) & UNRESERVING_FIELDS
            and all(
                float_compare(
                    ml.quantity, qty, precision_rounding=ml.product_uom_id.rounding
                )
                == 0
                for ml in self
            )
        )
        if unchanged:
            vals = {k: v for k, v in vals.items() if k != "quantity"}
        return super().write(vals)

    def _action_done(self):
        # Lock: the quants these lines take from and put into, all at once and
        # in id order, before the suite's checks and Odoo read them; held for
        # the validation, so that Odoo's update of each line's quants does
        # not lock them again, one query per line and side.
        with holding_quants_at(
            self.env,
            self.product_id.ids,
            (self.location_id | self.location_dest_id).ids,
        ):
            return super()._action_done()


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _get_without_quantities_error_message(self):
        """Validating a transfer of which nothing could be reserved: say that
        the stock is short (what is free, on hand, reserved for other
        transfers) instead of only "no quantities are reserved"."""
        shortages = self._factory_shortage_messages()
        if not shortages:
            return super()._get_without_quantities_error_message()
        return "\n".join(shortages)

    def _factory_shortage_messages(self):
        Quant = self.env["stock.quant"].sudo()
        messages = []
        for picking in self:
            moves = picking.move_ids.filtered(
                lambda m: m.state not in ("done", "cancel")
            )
            if any(
                not float_is_zero(m.quantity, precision_rounding=m.product_uom.rounding)
                for m in moves
            ):
                continue
            for move in moves:
                if not move.product_id.is_storable or move._should_bypass_reservation():
                    continue
                product, location = move.product_id, move.location_id
                uom = product.uom_id
                free = Quant._get_available_quantity(product, location)
                if (
                    float_compare(
                        free, move.product_qty, precision_rounding=uom.rounding
                    )
                    >= 0
                ):
                    continue
                quants = Quant._gather(product, location)
                messages.append(
                    self.env._(
                        "Insufficient stock for %(picking)s: %(product)s has "
                        "%(free)s %(uom)s free in %(location)s (%(on_hand)s on "
                        "hand, %(reserved)s reserved for other transfers), "
                        "%(asked)s asked.",
                        picking=picking.name,
                        product=product.display_name,
                        free=format(free, "g"),
                        uom=uom.name,
                        location=location.display_name,
                        on_hand=format(sum(quants.mapped("quantity")), "g"),
                        reserved=format(sum(quants.mapped("reserved_quantity")), "g"),
                        asked=format(move.product_qty, "g"),
                    )
                )
        return messages
