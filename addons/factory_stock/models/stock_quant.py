"""No negative stock in the internal locations of a warehouse.

Every change of a quant's quantity goes through ``stock.quant`` ``create`` /
``write`` (Odoo's ``_update_available_quantity`` and everything that calls it:
validation of transfers, scraps, manufacturing orders, inventory adjustments,
edits of done move lines). Each change is recorded per (material, location,
lot) while the operation runs; when the outermost operation ends, the
material and lots it took out of a warehouse location are read back in one
query and a net negative result is refused, which rolls back the whole
operation.

Checking at the end of the operation, not at each quant write, lets Odoo
move quantities between quants of the same location on the way (a lot taken
from untracked stock, an edited done line undone then redone, a chain of
moves processed out of order): only what is still negative once the
operation is over is refused.

The pending changes live in a :class:`contextvars.ContextVar` of the call
stack, for the cursor of the operation: nothing a client sends (no context
key) can skip the check.
"""

import contextvars
from collections import defaultdict
from contextlib import contextmanager

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare, float_round

_PENDING = contextvars.ContextVar("factory_negative_stock_pending", default=None)


@contextmanager
def factory_negative_stock_guard(env):
    """Run an operation that changes quants; refuse a net negative quantity
    in a warehouse location when the outermost such operation ends."""
    state = _PENDING.get()
    if state is not None and state["cr"] is env.cr:
        yield  # nested: the outermost operation checks
        return
    state = {"cr": env.cr, "deltas": defaultdict(lambda: [0.0, 0.0])}
    token = _PENDING.set(state)
    try:
        yield
    finally:
        _PENDING.reset(token)
    if state["deltas"]:
        env["stock.quant"].sudo()._factory_check_negative_stock(state["deltas"])


class StockQuant(models.Model):
    _inherit = "stock.quant"

    @api.model_create_multi
    def create(self, vals_list):
        if not any(vals.get("quantity") for vals in vals_list):
            return super().create(vals_list)
        with factory_negative_stock_guard(self.env):
            quants = super().create(vals_list)
            for quant in quants:
                quant._factory_record_delta(quant.quantity)
        return quants

    def write(self, vals):
        if "quantity" not in vals:
            return super().write(vals)
        with factory_negative_stock_guard(self.env):
            before = {quant: quant.quantity for quant in self}
            res = super().write(vals)
            for quant, quantity in before.items():
                quant._factory_record_delta(quant.quantity - quantity)
        return res

    def _factory_guards_location(self):
        """Whether the quant's location may not go negative: an internal
        location of a warehouse whose company refuses negative stock."""
        self.ensure_one()
        location = self.sudo().location_id
        return bool(
            location.usage == "internal"
            and location.warehouse_id
            and (
                location.company_id or location.warehouse_id.company_id
            ).factory_no_negative_stock
        )

    def _factory_record_delta(self, delta):
        state = _PENDING.get()
        if not delta or state is None or not self._factory_guards_location():
            return
        key = (self.product_id.id, self.location_id.id, self.lot_id.id or False)
        # [taken out, put in] during the operation
        if delta < 0:
            state["deltas"][key][0] -= delta
        else:
            state["deltas"][key][1] += delta

    @api.model
    def _factory_check_negative_stock(self, deltas):
        """Refuse the keys (product, location, lot) of ``deltas`` that were
        taken from and now sum to less than zero, in one query."""
        taken = {key: moved for key, moved in deltas.items() if moved[0] > 0}
        if not taken:
            return
        self.flush_model(["product_id", "location_id", "lot_id", "quantity"])
        keys = list(taken)
        # the keys as a joined set (a row-value IN list of thousands of keys,
        # e.g. a stocktake's losses, is a filter over every quant: seconds)
        rows = self.env.execute_query(
            SQL(
                """
                SELECT q.product_id, q.location_id, q.lot_id, SUM(q.quantity)
                  FROM unnest(%s::int[], %s::int[], %s::int[]) AS k(p, l, lot)
                  JOIN stock_quant q
                    ON q.product_id = k.p AND q.location_id = k.l
                   AND COALESCE(q.lot_id, 0) = k.lot
              GROUP BY q.product_id, q.location_id, q.lot_id
                """,
                [p for p, __, __ in keys],
                [loc for __, loc, __ in keys],
                [lot or 0 for __, __, lot in keys],
            )
        )
        errors = []
        for product_id, location_id, lot_id, quantity in rows:
            product = self.env["product.product"].browse(product_id)
            rounding = product.uom_id.rounding
            if float_compare(quantity, 0, precision_rounding=rounding) >= 0:
                continue
            out, put = taken[product_id, location_id, lot_id or False]
            errors.append(
                self._factory_negative_stock_message(
                    product,
                    self.env["stock.location"].browse(location_id),
                    self.env["stock.lot"].browse(lot_id),
                    on_hand=quantity + out - put,
                    asked=out,
                )
            )
        if errors:
            raise UserError("\n".join(errors))

    @api.model
    def _factory_negative_stock_message(self, product, location, lot, on_hand, asked):
        rounding = product.uom_id.rounding
        values = {
            "product": product.display_name,
            "location": location.display_name,
            "lot": lot.name,
            # + 0.0: never print -0.0
            "on_hand": float_round(on_hand, precision_rounding=rounding) + 0.0,
            "asked": float_round(asked, precision_rounding=rounding),
            "uom": product.uom_id.name,
        }
        if lot:
            return self.env._(
                "Not enough stock of %(product)s in %(location)s (lot %(lot)s): "
                "%(on_hand)s %(uom)s on hand, %(asked)s %(uom)s asked.",
                **values,
            )
        return self.env._(
            "Not enough stock of %(product)s in %(location)s: %(on_hand)s %(uom)s "
            "on hand, %(asked)s %(uom)s asked.",
            **values,
        )

    def _apply_inventory(self):
        # a counted quantity below zero is refused where stock may not go
        # negative, with a message of its own
        negative = self.filtered(
            lambda q: (
                float_compare(
                    q.inventory_quantity,
                    0,
                    precision_rounding=q.product_uom_id.rounding,
                )
                < 0
                and q._factory_guards_location()
            )
        )
        if negative:
            raise UserError(
                "\n".join(
                    self.env._(
                        "The counted quantity of %(product)s in %(location)s "
                        "cannot be negative (%(qty)s %(uom)s).",
                        product=quant.product_id.display_name
                        + (f" / {quant.lot_id.name}" if quant.lot_id else ""),
                        location=quant.location_id.display_name,
                        qty=quant.inventory_quantity,
                        uom=quant.product_uom_id.name,
                    )
                    for quant in negative
                )
            )
        return super()._apply_inventory()
