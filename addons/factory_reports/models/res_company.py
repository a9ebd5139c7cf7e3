from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    factory_dead_stock_days = fields.Integer(
        "Dead Stock after (days)",
        default=180,
        help="A material in stock with no issue for this many days is dead stock "
        "(呆滞料).",
    )
    factory_slow_stock_days = fields.Integer(
        "Slow Stock after (days)",
        default=90,
        help="A material in stock with no issue for this many days (and fewer "
        "than the dead-stock days) is slow-moving.",
    )

    @api.constrains("factory_dead_stock_days", "factory_slow_stock_days")
    def _check_factory_dead_stock_days(self):
        for company in self:
            if (
                not 0
                < company.factory_slow_stock_days
                <= company.factory_dead_stock_days
            ):
                raise ValidationError(
                    self.env._(
                        "Slow and dead stock days must be positive, the slow-stock "
                        "days at most the dead-stock days (0 < slow ≤ dead)."
                    )
                )
