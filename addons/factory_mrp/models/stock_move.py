from odoo import fields, models


class StockMove(models.Model):
    _name = "stock.move"
    _inherit = ["stock.move", "factory.protected.mixin"]

    # see factory.protected.mixin: set by the material request's approval
    _factory_protected_fields = ("factory_material_request_id",)

    factory_material_request_id = fields.Many2one(
        "factory.material.request",
        "Material Request",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="In one-step manufacturing, the request that reserved this "
        "component move of the order.",
    )

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        done = self.exists() | moves
        requests = (
            done.factory_material_request_id
            | done.picking_id.factory_material_request_id
        )
        if requests:
            # System bookkeeping after a validation the user is allowed to do
            # (a clerk only reads requests): the request follows its moves.
            requests.sudo()._factory_update_issue_state()
        return moves
