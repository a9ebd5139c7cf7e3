from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    factory_dead_stock_days = fields.Integer(
        related="company_id.factory_dead_stock_days", readonly=False
    )
    factory_slow_stock_days = fields.Integer(
        related="company_id.factory_slow_stock_days", readonly=False
    )
