from odoo import fields, models

COST_GROUP = "factory_stock.group_factory_cost"


class StockLot(models.Model):
    _inherit = "stock.lot"

    standard_price = fields.Float(groups=COST_GROUP)
    value_svl = fields.Float(groups=COST_GROUP)
    avg_cost = fields.Monetary(groups=COST_GROUP)
    total_value = fields.Monetary(groups=COST_GROUP)
