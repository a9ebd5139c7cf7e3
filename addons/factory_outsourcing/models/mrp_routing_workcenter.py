from odoo import api, fields, models
from odoo.exceptions import ValidationError

MONEY = "factory_stock.group_factory_cost"


class MrpRoutingWorkcenter(models.Model):
    """An operation of a bill of materials can be done by a subcontractor
    (委外工序): its work orders are released to it with a fee per unit."""

    _inherit = "mrp.routing.workcenter"

    factory_subcontractor_id = fields.Many2one(
        "res.partner",
        string="Outsourced To",
        domain="[('is_company', '=', True)]",
        help="The subcontractor that does this operation (委外工序): its work "
        "orders are released to it instead of being reported on the shop floor.",
    )
    factory_operation_fee = fields.Float(
        string="Outsourcing Fee per Unit",
        digits="Product Price",
        groups=MONEY,
        help="Processing fee paid to the subcontractor per unit that passes.",
    )

    @api.constrains("factory_operation_fee")
    def _check_factory_operation_fee(self):
        for operation in self.sudo():
            if operation.factory_operation_fee < 0:
                raise ValidationError(
                    self.env._(
                        "The outsourcing fee of %(operation)s cannot be negative "
                        "(%(fee)s).",
                        operation=operation.name,
                        fee=operation.factory_operation_fee,
                    )
                )
