from odoo import fields, models

COST_GROUP = "factory_stock.group_factory_cost"


class MrpWorkcenter(models.Model):
    """Work center rates are money: hidden from users without the cost right,
    read by Odoo's costing as the user through ``_fetch_field``
    (factory.cost.access.mixin)."""

    _name = "mrp.workcenter"
    _inherit = ["mrp.workcenter", "factory.cost.access.mixin"]
    _factory_cost_fields = ("costs_hour", "factory_overhead_hour")

    costs_hour = fields.Float(groups=COST_GROUP)
