"""Over-issue to production, with or without a material request.

What the component transfers of an order (the Pick Components transfer of
2 / 3-step manufacturing) bring to production, and what the order consumes,
may not exceed the order's demand for each component plus the category's
issue tolerance. Above it, a workshop supervisor approves an over-issue on
the order with a reason (or on the material request that issues it).
"""

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

WORKSHOP_SUPERVISOR = "factory_stock.group_workshop_supervisor"


def _done_qty(move):
    """Done quantity of ``move`` in its product's unit."""
    return move.product_uom._compute_quantity(
        move.quantity, move.product_id.uom_id, rounding_method="HALF-UP"
    )


class MrpProduction(models.Model):
    _inherit = "mrp.production"
    # written by action_factory_approve_over_issue only (factory.protected.mixin)
    _factory_protected_fields = (
        "factory_over_issue_approved_by_id",
        "factory_over_issue_approved_on",
    )

    factory_over_issue_reason = fields.Text(
        "Over-issue Reason",
        tracking=True,
        copy=False,
        help="Why more components than the order needs (beyond the category "
        "tolerance) may be issued to it or consumed; approved by a workshop "
        "supervisor.",
    )
    factory_over_issue_approved_by_id = fields.Many2one(
        "res.users", "Over-issue Approved By", readonly=True, copy=False, tracking=True
    )
    factory_over_issue_approved_on = fields.Datetime(
        "Over-issue Approved On", readonly=True, copy=False
    )

    def write(self, vals):
        if (
            "factory_over_issue_reason" in vals
            and not self._factory_is_trusted_writer()
            and self.filtered("factory_over_issue_approved_by_id")
        ):
            raise UserError(
                self.env._(
                    "The over-issue reason cannot change once the over-issue is "
                    "approved."
                )
            )
        return super().write(vals)

    # ---------------------------------------------------------------- action
    def action_factory_approve_over_issue(self):
        """Workshop supervisor allows issuing and consuming more than the order
        needs, with a reason."""
        if not self.env.user.has_group(WORKSHOP_SUPERVISOR):
            raise AccessError(
                self.env._("Only a workshop supervisor can approve an over-issue.")
            )
        for production in self:
            reason = (production.factory_over_issue_reason or "").strip()
            if not reason:
                raise UserError(
                    self.env._(
                        "Enter the over-issue reason on %s first.", production.name
                    )
                )
            if production.state in ("draft", "done", "cancel"):
                raise UserError(
                    self.env._(
                        "Only confirmed, unfinished orders can get an over-issue "
                        "approval: %s",
                        production.name,
                    )
                )
        self._factory_write(
            {
                "factory_over_issue_approved_by_id": self.env.user.id,
                "factory_over_issue_approved_on": fields.Datetime.now(),
            }
        )
        for production in self:
            production.message_post(
                body=self.env._(
                    "Over-issue approved by %(user)s. Reason: %(reason)s",
                    user=self.env.user.name,
                    reason=production.factory_over_issue_reason.strip(),
                )
            )
        return True

    # ------------------------------------------------------------ quantities
    def _factory_issue_limits(self):
        """{(production id, product id): (demand, limit)}: the order's demand
        for each component (its component moves, in the product's unit) and
        what may be issued / consumed, the demand plus the category tolerance.
        No limit (None) once the over-issue is approved on the order."""
        demand = defaultdict(float)
        for move in self.move_raw_ids:
            if move.state != "cancel" and move.location_dest_id.usage == "production":
                demand[move.raw_material_production_id.id, move.product_id.id] += (
                    move.product_qty
                )
        limits = {}
        for (production_id, product_id), qty in demand.items():
            production = self.browse(production_id)
            product = self.env["product.product"].browse(product_id)
            tolerance = product.categ_id.factory_issue_tolerance
            limits[production_id, product_id] = (
                qty,
                None
                if production.factory_over_issue_approved_by_id
                else qty * (1 + tolerance / 100.0),
            )
        return limits

    @api.model
    def _factory_component_issue_moves(self, moves):
        """{move: production} for the ``moves`` that bring components to an
        order (its component transfers), not returns."""
        result = {}
        for move in moves:
            if move.origin_returned_move_id or move.picking_id.factory_mr_return:
                continue
            production = move.move_dest_ids.raw_material_production_id[:1]
            picking_type = move.picking_id.picking_type_id
            if (
                not production
                and picking_type
                and picking_type == picking_type.warehouse_id.pbm_type_id
            ):
                # a line added by hand to the order's Pick Components transfer
                production = move.picking_id.group_id.mrp_production_ids[:1]
            if production:
                result[move] = production
        return result

    @api.model
    def _factory_consumption_moves(self, moves):
        """{move: production} for the ``moves`` that consume components of an
        order (not scrap)."""
        return {
            move: move.raw_material_production_id
            for move in moves
            if move.raw_material_production_id
            and move.location_dest_id.usage == "production"
        }

    def _factory_done_issue_quantities(self):
        """Done quantities of these orders, in the product's unit:
        ({(production id, product id): issued by component transfers, net of
        returns}, {(production id, product id): consumed})."""
        Move = self.env["stock.move"]
        groups = self.procurement_group_id
        candidates = Move.search(
            [
                ("state", "=", "done"),
                "|",
                "|",
                ("raw_material_production_id", "in", self.ids),
                ("move_dest_ids.raw_material_production_id", "in", self.ids),
                ("picking_id.group_id", "in", groups.ids),
            ]
        )
        issue_moves = {
            move: production
            for move, production in self._factory_component_issue_moves(
                candidates
            ).items()
            if production in self
        }
        issued = defaultdict(float)
        for move, production in issue_moves.items():
            issued[production.id, move.product_id.id] += _done_qty(move)
        returns = Move.search(
            [
                ("state", "=", "done"),
                "|",
                ("origin_returned_move_id", "in", [m.id for m in issue_moves]),
                ("picking_id.factory_mr_return_production_id", "in", self.ids),
            ]
        )
        for move in returns:
            production = (
                issue_moves.get(move.origin_returned_move_id)
                or move.picking_id.factory_mr_return_production_id
            )
            # a return from the pre-production location undoes an issue; one
            # from production undoes a consumption (counted below)
            if move.location_id.usage == "internal":
                issued[production.id, move.product_id.id] -= _done_qty(move)
        consumed = defaultdict(float)
        for move, production in self._factory_consumption_moves(candidates).items():
            if production in self:
                consumed[production.id, move.product_id.id] += _done_qty(move)
        return issued, consumed
