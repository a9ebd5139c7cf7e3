from odoo import api, models
from odoo.exceptions import ValidationError


class StockWarehouseOrderpoint(models.Model):
    """Safety stock (min) and maximum stock per material and warehouse live in
    Odoo's reorder rules, so that replenishment keeps working natively."""

    _inherit = "stock.warehouse.orderpoint"

    @api.constrains("product_min_qty", "product_max_qty")
    def _check_factory_safety_max(self):
        for rule in self:
            if rule.product_min_qty < 0:
                raise ValidationError(
                    self.env._(
                        "The safety stock of %s cannot be negative.",
                        rule.product_id.display_name,
                    )
                )
            if rule.product_max_qty < 0:
                raise ValidationError(
                    self.env._(
                        "The maximum stock of %s cannot be negative.",
                        rule.product_id.display_name,
                    )
                )
            if rule.product_max_qty < rule.product_min_qty:
                raise ValidationError(
                    self.env._(
                        "The maximum stock of %(product)s (%(max)s) is below its "
                        "safety stock (%(min)s).",
                        product=rule.product_id.display_name,
                        max=rule.product_max_qty,
                        min=rule.product_min_qty,
                    )
                )
