"""Booking scans under concurrent clerks: the stock a scan takes is locked
before it is checked, and only stock that no other transfer holds can be
taken (see factory_lock.py and stock_move_lock.py for the reason of the
locks)."""

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from .factory_lock import holding_quants, lock_quants
from .factory_scan_book import _qty, _what


class FactoryScan(models.AbstractModel):
    _inherit = "factory.scan"

    @api.model
    def _book(self, move, qty, lot, lot_name, expiry, source, dest):
        # Lock once: the quants the booking takes from (the product under
        # the transfer's source), held for the booking, so that its
        # reservation updates (Odoo's, on the proposal and the picked line)
        # do not lock them again, one query each.
        if move.picking_id.picking_type_code == "incoming":
            return super()._book(move, qty, lot, lot_name, expiry, source, dest)
        with holding_quants(self.env, move.product_id.ids, move.location_id.ids):
            return super()._book(move, qty, lot, lot_name, expiry, source, dest)

    @api.model
    def _scan_quants(self, move):
        # Lock: the quants of the product under the transfer's source, in id
        # order, before the scan reads what is there. Another clerk booking
        # the same stock waits, then books again on what is left (Odoo's
        # retry). Nothing free: the scan is refused and books nothing.
        lock_quants(
            self.env,
            move.product_id.ids,
            move.location_id.ids,
            child_of=True,
            if_free=True,
        )
        return super()._scan_quants(move)

    @api.model
    def _book_new_line(self, move, qty, lot, lot_name, source, dest, expiry):
        """A line Odoo proposed with exactly this lot, place and quantity
        becomes the picked line itself: its reservation stays as it is.
        Taking the unit off the proposal and reserving it again on a new
        line would update the quant twice for nothing, and make every other
        clerk or validation on that stock fail and retry."""
        rounding = move.product_id.uom_id.rounding
        proposal = move.move_line_ids.filtered(
            lambda ml: (
                not ml.picked
                and not lot_name
                and ml.lot_id == lot
                and ml.location_id == source
                and (not dest or ml.location_dest_id == dest)
                and ml.product_uom_id == move.product_id.uom_id
                and not ml.package_id
                and not ml.result_package_id
                and float_compare(ml.quantity, qty, precision_rounding=rounding) == 0
            )
        )[:1]
        if proposal:
            proposal.picked = True
            return proposal
        return super()._book_new_line(move, qty, lot, lot_name, source, dest, expiry)

    @api.model
    def _scan_source(self, move, lot, qty, source, quants=None):
        if quants is None:
            quants = self._scan_quants(move)
        source = super()._scan_source(move, lot, qty, source, quants=quants)
        self._scan_check_free(move, lot, qty, source, quants)
        return source

    @api.model
    def _scan_check_free(self, move, lot, qty, source, quants):
        """Refuse taking stock that other transfers hold reserved: what is
        on hand of the lot under ``source``, less what is reserved there,
        plus what Odoo reserved there for this transfer (its proposal, which
        the booking takes over)."""
        product = move.product_id
        on_hand = reserved = 0.0
        for (__, __, lot_id, __, __), found in quants.items():
            if lot_id != (lot.id or False):
                continue
            for quant in found:
                location = quant.location_id.with_env(self.env)
                if location.usage == "internal" and location._child_of(source):
                    on_hand += quant.quantity
                    reserved += quant.reserved_quantity
        here = self._scan_product_lines(move.picking_id, product).filtered(
            lambda ml: ml.lot_id == lot and ml.location_id._child_of(source)
        )
        own = sum(here.mapped("quantity_product_uom"))
        proposed = sum(
            here.filtered(lambda ml: not ml.picked).mapped("quantity_product_uom")
        )
        free = on_hand - reserved + proposed
        rounding = product.uom_id.rounding
        if float_compare(qty, free, precision_rounding=rounding) > 0:
            raise UserError(
                self.env._(
                    "Insufficient stock: only %(free)s %(uom)s of %(what)s are free "
                    "in %(location)s (%(reserved)s reserved for other transfers).",
                    free=_qty(max(free, 0.0)),
                    uom=product.uom_id.name,
                    what=_what(product, lot),
                    location=source.display_name,
                    reserved=_qty(max(reserved - own, 0.0)),
                )
            )
