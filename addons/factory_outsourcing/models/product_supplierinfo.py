from odoo import api, models
from odoo.exceptions import ValidationError


class ProductSupplierinfo(models.Model):
    _inherit = "product.supplierinfo"

    @api.constrains("price")
    def _check_factory_price(self):
        """A supplier price (for a subcontractor: the default processing fee of
        the product) is never negative."""
        for info in self:
            if info.price < 0:
                raise ValidationError(
                    self.env._(
                        "The price of %(product)s from %(partner)s cannot be "
                        "negative (%(price)s).",
                        product=info.product_tmpl_id.display_name,
                        partner=info.partner_id.display_name,
                        price=info.price,
                    )
                )
