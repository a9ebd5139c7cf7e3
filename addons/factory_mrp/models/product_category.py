from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductCategory(models.Model):
    _inherit = "product.category"

    factory_issue_tolerance = fields.Float(
        "Issue Tolerance (%)",
        default=0.0,
        help="How much more than requested may be issued on a material request "
        "(e.g. 5 = up to 105 % of the requested quantity). Above it, a "
        "workshop supervisor must approve the over-issue with a reason.",
    )

    @api.constrains("factory_issue_tolerance")
    def _check_factory_issue_tolerance(self):
        for categ in self:
            if not 0 <= categ.factory_issue_tolerance <= 100:
                raise ValidationError(
                    self.env._(
                        "The issue tolerance of %s must be between 0 and 100 %%.",
                        categ.display_name,
                    )
                )
