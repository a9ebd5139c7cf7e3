from odoo import fields, models


class FactoryStocktakeAssignment(models.Model):
    _name = "factory.stocktake.assignment"
    _description = "Stocktake Counter Assignment"
    _inherit = ["factory.protected.mixin"]
    _order = "stocktake_id, id"
    # an assignment belongs to its stocktake (see factory.protected.mixin);
    # the counter and location stay the supervisor's to change
    _factory_fixed_fields = ("stocktake_id",)

    stocktake_id = fields.Many2one(
        "factory.stocktake", required=True, ondelete="cascade", index=True
    )
    warehouse_id = fields.Many2one(related="stocktake_id.warehouse_id")
    location_id = fields.Many2one(
        "stock.location",
        required=True,
        domain="[('usage', '=', 'internal'), ('warehouse_id', '=', warehouse_id)]",
    )
    user_id = fields.Many2one(
        "res.users",
        "Counter",
        required=True,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("stock.group_stock_user").id)
        ],
    )
