from odoo import api, fields, models
from odoo.exceptions import ValidationError

COST_GROUP = "factory_stock.group_factory_cost"


class MrpWorkcenter(models.Model):
    _inherit = "mrp.workcenter"

    factory_overhead_hour = fields.Float(
        "Overhead per Hour",
        digits="Product Price",
        groups=COST_GROUP,
        help="Manufacturing overhead (energy, depreciation, supervision) charged "
        "per hour of time recorded on this work center, on top of the labour "
        "rate. It enters the finished product's valuation.",
    )
    factory_report_tolerance = fields.Float(
        "Reporting Tolerance (%)",
        default=0.0,
        help="How much more than the previous operation produced (the order's "
        "quantity for a first operation) may be reported on operations of this "
        "work center, e.g. 2 = up to 102 %.",
    )

    @api.constrains("factory_report_tolerance")
    def _check_factory_report_tolerance(self):
        for workcenter in self:
            if not 0 <= workcenter.factory_report_tolerance <= 100:
                raise ValidationError(
                    self.env._(
                        "The reporting tolerance of %s must be between 0 and 100 %%.",
                        workcenter.display_name,
                    )
                )
