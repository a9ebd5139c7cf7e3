from odoo import fields, models


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "factory.protected.mixin"]

    # see factory.protected.mixin: set by the material request's approval
    # and by the return wizard only
    _factory_protected_fields = (
        "factory_material_request_id",
        "factory_mr_return",
        "factory_mr_return_request_id",
        "factory_mr_return_production_id",
        "factory_mr_return_reason",
    )

    factory_material_request_id = fields.Many2one(
        "factory.material.request",
        "Material Request",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The approved material request this transfer issues: only its "
        "materials, up to the requested quantities, can be validated.",
    )
    factory_mr_return = fields.Boolean("Material Return", readonly=True, copy=False)
    factory_mr_return_request_id = fields.Many2one(
        "factory.material.request",
        "Return for Request",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    factory_mr_return_production_id = fields.Many2one(
        "mrp.production",
        "Return for Order",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    factory_mr_return_reason = fields.Selection(
        [
            ("surplus", "Surplus"),
            ("defective", "Defective"),
            ("wrong_item", "Wrong Item"),
        ],
        "Return Reason",
        readonly=True,
        copy=False,
    )

    def _create_backorder(self, backorder_moves=None):
        # the rest of a partly issued request stays on the request
        backorders = super()._create_backorder(backorder_moves=backorder_moves)
        for backorder in backorders:
            request = backorder.backorder_id.factory_material_request_id
            if request:
                backorder._factory_write({"factory_material_request_id": request.id})
        return backorders
