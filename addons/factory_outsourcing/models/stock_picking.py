"""Receipts and orders of subcontractors run Odoo's subcontracting orders.

Confirming an outsourcing order creates Odoo's subcontracting manufacturing
order; the quantity entered on its receipt records it, and validating the
receipt finishes it. Odoo does both as
the current user, so a Purchaser (confirming) or a Warehouse Clerk
(receiving) would need Manufacturing rights they do not otherwise have. The
suite lets Odoo's own code do it as system at exactly these two points: the
user's own rights on the order and the transfer are checked first (by the
purchase confirmation and the transfer's validation), and every stock rule
(no negative stock, over-issue, FIFO) still runs.

The validation scope is a :class:`contextvars.ContextVar`, which nothing a
client sends can set."""

import contextvars
from contextlib import contextmanager

from odoo import models

_RECEIVING = contextvars.ContextVar("factory_subcontract_receiving", default=False)


@contextmanager
def _receiving():
    token = _RECEIVING.set(True)
    try:
        yield
    finally:
        _RECEIVING.reset(token)


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _subcontracted_produce(self, subcontract_details):
        # the outsourcing order's confirmation creates Odoo's subcontracting
        # order (see the module docstring)
        self.check_access("write")
        return super(StockPicking, self.sudo())._subcontracted_produce(
            subcontract_details
        )

    def _action_done(self):
        if self.env.su or not any(self.move_ids.mapped("is_subcontract")):
            return super()._action_done()
        with _receiving():
            return super()._action_done()


class StockMove(models.Model):
    _inherit = "stock.move"

    # a quantity typed or scanned on the receipt records the components on
    # the subcontracting order at once (Odoo's "auto record")
    def _auto_record_components(self, qty):
        with _receiving():
            return super()._auto_record_components(qty)

    def _reduce_subcontract_order_qty(self, quantity_to_remove):
        with _receiving():
            return super()._reduce_subcontract_order_qty(quantity_to_remove)

    def _get_subcontract_production(self):
        productions = super()._get_subcontract_production()
        if _RECEIVING.get():
            # the receipt's validation records and finishes the subcontracting
            # order (see the module docstring)
            return productions.sudo()
        return productions
