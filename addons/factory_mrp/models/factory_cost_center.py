from odoo import api, fields, models


class FactoryCostCenter(models.Model):
    """A department or cost center that takes material from the warehouse
    without a manufacturing order (ad hoc material requests). What it takes
    goes to its own consumption location, so issues stay traceable per cost
    center in Odoo's moves."""

    _name = "factory.cost.center"
    _description = "Cost Center"
    _order = "code, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    location_id = fields.Many2one(
        "stock.location",
        "Consumption Location",
        check_company=True,
        domain="[('usage', 'in', ('production', 'inventory'))]",
        help="Where material issued to this cost center goes (a virtual "
        "location). Created automatically when left empty.",
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The code of a cost center must be unique per company.",
        )
    ]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for center in self:
            center.display_name = (
                f"[{center.code}] {center.name}" if center.code else center.name
            )

    @api.model_create_multi
    def create(self, vals_list):
        centers = super().create(vals_list)
        parent = self.env.ref("stock.stock_location_locations_virtual")
        for center in centers.filtered(lambda c: not c.location_id):
            # A consumption location like Odoo's production location, but
            # without company: Odoo looks up "the" production location of a
            # company by usage (stock.warehouse._get_production_location) and
            # must never find this one.
            center.location_id = self.env["stock.location"].create(
                {
                    "name": self.env._("Consumption: %s", center.name),
                    "usage": "production",
                    "location_id": parent.id,
                    "company_id": False,
                }
            )
        return centers
