from itertools import pairwise

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# upper limits (days) of the first four aging buckets; the fifth is "over"
AGING_BUCKET_FIELDS = (
    "factory_aging_bucket_1",
    "factory_aging_bucket_2",
    "factory_aging_bucket_3",
    "factory_aging_bucket_4",
)


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
    factory_aging_bucket_1 = fields.Integer(
        "Aging Bucket 1 up to (days)",
        default=30,
        help="Last day of the first stock-aging bucket (0 to this many days).",
    )
    factory_aging_bucket_2 = fields.Integer("Aging Bucket 2 up to (days)", default=90)
    factory_aging_bucket_3 = fields.Integer("Aging Bucket 3 up to (days)", default=180)
    factory_aging_bucket_4 = fields.Integer(
        "Aging Bucket 4 up to (days)",
        default=365,
        help="Last day of the fourth bucket; older stock is in the last bucket.",
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

    @api.constrains(*AGING_BUCKET_FIELDS)
    def _check_factory_aging_buckets(self):
        for company in self:
            limits = company._factory_aging_limits()
            if limits[0] <= 0 or any(a >= b for a, b in pairwise(limits)):
                raise ValidationError(
                    self.env._(
                        "The stock-aging buckets must be positive numbers of days, "
                        "each greater than the one before (e.g. 30, 90, 180, 365); "
                        "got %s.",
                        ", ".join(str(limit) for limit in limits),
                    )
                )

    def _factory_aging_limits(self):
        """The last day of the first four aging buckets, in order."""
        self.ensure_one()
        return [self[fname] for fname in AGING_BUCKET_FIELDS]
