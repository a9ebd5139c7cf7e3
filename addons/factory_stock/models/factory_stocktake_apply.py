"""The per-line work Odoo's inventory adjustment does that a stocktake's
apply can batch (profiled on the bench's full count, bench/README.md).

While a stocktake is being applied (``applying_stocktake``: a context
variable of the call stack, never a context key), and for its own inventory
moves only:

- no reservation: Odoo creates each inventory move ``confirmed`` with its
  move line, which reserves the line's quantity on the quant (a quant
  update), then validation unreserves it (another) before taking it out (a
  third). The reservation is undone before anything reads it, so the quants,
  moves and move lines come out the same without it.
- the FIFO candidates of the valuation (``product.product._run_fifo``, a
  search per outgoing move that also flushes the previous move's layer
  updates) are read in one search for all the stocktake's products when the
  first outgoing move is valued (after the incoming layers of the same
  validation exist), then served from it; the layers a move consumed are
  left out by their remaining quantity, as the search would.
"""

from collections import defaultdict

from odoo import models

from .factory_stocktake_stock import _APPLYING


def _state():
    """The apply in progress on this thread, or None: a dict with the
    stocktake id and the FIFO candidates once read."""
    return _APPLYING.get()


class StockMove(models.Model):
    _inherit = "stock.move"

    def _should_bypass_reservation(self, forced_location=False):
        state = _state()
        if (
            state is not None
            and self.is_inventory
            and self.factory_stocktake_id.id == state["stocktake_id"]
        ):
            return True
        return super()._should_bypass_reservation(forced_location=forced_location)


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _get_fifo_candidates(self, company, lot=False):
        state = _state()
        if state is None or self.id not in state["product_ids"]:
            return super()._get_fifo_candidates(company, lot=lot)
        # only Odoo's own domain is served from the batch read
        domain = self._get_fifo_candidates_domain(company, lot=lot)
        own = [
            ("product_id", "=", self.id),
            ("remaining_qty", ">", 0),
            ("company_id", "=", company.id),
            ("lot_id", "=", lot.id if lot else False),
        ]
        if domain != own:
            return super()._get_fifo_candidates(company, lot=lot)
        candidates = state["fifo"].get(company.id)
        if candidates is None:
            candidates = state["fifo"][company.id] = self._factory_fifo_candidates(
                company, state["product_ids"]
            )
        layers = candidates.get((self.id, lot.id if lot else False))
        if not layers:
            return self.env["stock.valuation.layer"].sudo()
        return layers.filtered(lambda svl: svl.remaining_qty > 0).sorted(
            lambda svl: svl._candidate_sort_key()
        )

    def _factory_fifo_candidates(self, company, product_ids):
        """{(product id, lot id or False): layers in the search's order} of
        ``product_ids`` in ``company``, in one search."""
        layers = (
            self.env["stock.valuation.layer"]
            .sudo()
            .search(
                [
                    ("product_id", "in", list(product_ids)),
                    ("remaining_qty", ">", 0),
                    ("company_id", "=", company.id),
                ]
            )
        )
        by_key = defaultdict(list)
        for layer in layers:
            by_key[layer.product_id.id, layer.lot_id.id or False].append(layer.id)
        SVL = self.env["stock.valuation.layer"].sudo()
        return {key: SVL.browse(ids) for key, ids in by_key.items()}
