from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    factory_dead_stock_days = fields.Integer(
        related="company_id.factory_dead_stock_days", readonly=False
    )
    factory_slow_stock_days = fields.Integer(
        related="company_id.factory_slow_stock_days", readonly=False
    )
    factory_aging_bucket_1 = fields.Integer(
        related="company_id.factory_aging_bucket_1", readonly=False
    )
    factory_aging_bucket_2 = fields.Integer(
        related="company_id.factory_aging_bucket_2", readonly=False
    )
    factory_aging_bucket_3 = fields.Integer(
        related="company_id.factory_aging_bucket_3", readonly=False
    )
    factory_aging_bucket_4 = fields.Integer(
        related="company_id.factory_aging_bucket_4", readonly=False
    )
