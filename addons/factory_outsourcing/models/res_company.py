from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    factory_charge_excess_loss = fields.Boolean(
        string="Charge Excess Loss to Subcontractors",
        default=True,
        help="Component consumption above a subcontractor's allowed loss rate, "
        "once approved, is charged to it at the components' cost (a deduction "
        "on its statement).",
    )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    factory_charge_excess_loss = fields.Boolean(
        related="company_id.factory_charge_excess_loss", readonly=False
    )
