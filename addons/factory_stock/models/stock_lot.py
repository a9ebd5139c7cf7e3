from odoo import fields, models

COST_GROUP = "factory_stock.group_factory_cost"


class StockLot(models.Model):
    _name = "stock.lot"
    _inherit = ["stock.lot", "factory.cost.access.mixin"]
    _factory_cost_fields = ("standard_price",)

    standard_price = fields.Float(groups=COST_GROUP)
    value_svl = fields.Float(groups=COST_GROUP)
    avg_cost = fields.Monetary(groups=COST_GROUP)
    total_value = fields.Monetary(groups=COST_GROUP)
