from odoo import fields, models

COST_GROUP = "factory_stock.group_factory_cost"


class MrpWorkcenter(models.Model):
    _inherit = "mrp.workcenter"

    factory_overhead_hour = fields.Float(
        "Overhead per Hour",
        digits="Product Price",
        groups=COST_GROUP,
        help="Manufacturing overhead (energy, depreciation, supervision) charged "
        "per hour of time recorded on this work center, on top of the labour "
        "rate. It enters the finished product's valuation.",
    )
