from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    factory_no_negative_stock = fields.Boolean(
        related="company_id.factory_no_negative_stock", readonly=False
    )
