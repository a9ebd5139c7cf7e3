from odoo import api, fields, models

from .factory_input import factory_clean_vals


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    factory_qc_segregation = fields.Boolean(
        related="company_id.factory_qc_segregation", readonly=False
    )

    @api.model_create_multi
    def create(self, vals_list):
        # bad numbers and ids are refused, not crashes (RPC, imports)
        return super().create([factory_clean_vals(self, vals) for vals in vals_list])
