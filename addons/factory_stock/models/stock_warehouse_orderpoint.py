from odoo import api, models
from odoo.exceptions import ValidationError


class StockWarehouseOrderpoint(models.Model):
    """Safety stock (min) and maximum stock per material and warehouse live in
    Odoo's reorder rules, so that replenishment keeps working natively."""

    _inherit = "stock.warehouse.orderpoint"

    def _factory_check_levels(self, safety, maximum):
        self.ensure_one()
        product = self.product_id.display_name
        if safety < 0:
            raise ValidationError(
                self.env._("The safety stock of %s cannot be negative.", product)
            )
        if maximum < 0:
            raise ValidationError(
                self.env._("The maximum stock of %s cannot be negative.", product)
            )
        if maximum < safety:
            raise ValidationError(
                self.env._(
                    "The maximum stock of %(product)s (%(max)s) is below its "
                    "safety stock (%(min)s).",
                    product=product,
                    max=maximum,
                    min=safety,
                )
            )

    @api.constrains("product_min_qty", "product_max_qty")
    def _check_factory_safety_max(self):
        for rule in self:
            rule._factory_check_levels(rule.product_min_qty, rule.product_max_qty)

    def write(self, vals):
        # Odoo silently moves the other level when only one is written (e.g. a
        # lower maximum also lowers the safety stock): refuse instead.
        if ("product_min_qty" in vals) != ("product_max_qty" in vals):
            for rule in self:
                rule._factory_check_levels(
                    vals.get("product_min_qty", rule.product_min_qty),
                    vals.get("product_max_qty", rule.product_max_qty),
                )
        return super().write(vals)
