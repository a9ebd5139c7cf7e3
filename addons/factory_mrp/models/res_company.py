from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    factory_mr_approval_required = fields.Boolean(
        "Approve Material Requests",
        default=True,
        help="Material requests wait for a workshop supervisor's approval (never "
        "the requester's own) before the warehouse issues them.",
    )
