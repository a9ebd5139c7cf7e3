from odoo import fields, models
from odoo.tools import float_compare

COST_GROUP = "factory_stock.group_factory_cost"


class StockMove(models.Model):
    """A move's unit price is what valuation books (a purchase price on
    receipts, the cost on the rest): money, read by Odoo's valuation as the
    validating user through ``_fetch_field`` (factory.cost.access.mixin)."""

    _name = "stock.move"
    _inherit = ["stock.move", "factory.cost.access.mixin"]
    _factory_cost_fields = ("price_unit",)

    price_unit = fields.Float(groups=COST_GROUP)

    def _merge_moves(self, merge_into=False):
        # Merging a negative move into a positive one recomputes the unit
        # price of the result (stock.move._merge_moves writes price_unit):
        # Odoo's bookkeeping, also when a user without the cost right merges.
        if (
            self.env.su
            or self._fields["price_unit"].is_accessible(self.env)
            or not any(
                float_compare(
                    move.product_qty, 0.0, precision_rounding=move.product_uom.rounding
                )
                < 0
                for move in self
            )
        ):
            return super()._merge_moves(merge_into=merge_into)
        merged = super(StockMove, self.sudo())._merge_moves(
            merge_into=merge_into and merge_into.sudo()
        )
        return merged.with_env(self.env)
