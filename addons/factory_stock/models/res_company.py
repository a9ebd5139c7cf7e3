from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    factory_qc_segregation = fields.Boolean(
        string="Segregation of Duties on Receipts",
        default=True,
        help="The user who received goods can neither inspect nor confirm the "
        "same receipt.",
    )
