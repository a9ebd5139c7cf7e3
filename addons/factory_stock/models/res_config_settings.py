from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    factory_qc_segregation = fields.Boolean(
        related="company_id.factory_qc_segregation", readonly=False
    )
