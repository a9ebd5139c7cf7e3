from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    factory_no_negative_stock = fields.Boolean(
        string="No Negative Stock",
        default=True,
        help="Refuse every operation (delivery, transfer, scrap, consumption, "
        "inventory adjustment, scan, import) that would leave less than zero of "
        "a material, or of one of its lots, in an internal location of a "
        "warehouse.",
    )
