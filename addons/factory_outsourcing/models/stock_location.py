from odoo import fields, models


class StockLocation(models.Model):
    _name = "stock.location"
    _inherit = ["stock.location", "factory.protected.mixin"]
    # set by the subcontractor's "Create Subcontracting Location" only
    _factory_protected_fields = ("factory_subcontractor_id",)

    factory_subcontractor_id = fields.Many2one(
        "res.partner",
        string="Owning Subcontractor",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The subcontractor whose own subcontracting location this is: what "
        "is sent to it, consumed, returned and held here is its material balance.",
    )
