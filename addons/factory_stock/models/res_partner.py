from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    factory_qc_waived = fields.Boolean(
        string="Trusted Supplier (No Incoming Inspection)",
        tracking=True,
        help="Receipts from this supplier go straight to stock, even for "
        "categories that require incoming inspection.",
    )
