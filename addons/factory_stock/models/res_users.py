from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    factory_warehouse_ids = fields.Many2many(
        "stock.warehouse",
        "factory_stock_users_warehouse_rel",
        "user_id",
        "warehouse_id",
        string="Factory Warehouses",
        help="Warehouse clerks and supervisors only see the stock, transfers and "
        "moves of these warehouses.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["factory_warehouse_ids"]

    def write(self, vals):
        res = super().write(vals)
        if "factory_warehouse_ids" in vals:
            # record rules read the assignment: drop their cached domains
            self.env.registry.clear_cache()
        return res
