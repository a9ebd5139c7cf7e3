from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    factory_mr_approval_required = fields.Boolean(
        related="company_id.factory_mr_approval_required", readonly=False
    )
