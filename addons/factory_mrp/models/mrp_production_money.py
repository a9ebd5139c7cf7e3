from odoo import fields, models

COST_GROUP = "factory_stock.group_factory_cost"


class MrpProduction(models.Model):
    """Odoo's extra unit cost (set by subcontracting) is money; Odoo's
    valuation of the finished product runs for whoever closes the order."""

    _name = "mrp.production"
    _inherit = ["mrp.production", "factory.cost.access.mixin"]
    _factory_cost_fields = ("extra_cost",)

    extra_cost = fields.Float(groups=COST_GROUP)

    def _cal_price(self, consumed_moves):
        # mrp_account writes the finished move's unit price (a cost field):
        # Odoo's bookkeeping, also when the user closing the order cannot
        # read costs.
        if self.env.su or self.env.user.has_group(COST_GROUP):
            return super()._cal_price(consumed_moves)
        return super(MrpProduction, self.sudo())._cal_price(consumed_moves.sudo())
