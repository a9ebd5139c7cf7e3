from collections import defaultdict

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

OPEN_STATES = ("approved", "partial")


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def _action_done(self):
        # before any quant moves: a refusal leaves stock and transfer untouched
        self._factory_check_material_requests()
        self._factory_check_production_issue()
        return super()._action_done()

    def _factory_request(self):
        self.ensure_one()
        return (
            self.move_id.factory_material_request_id
            or self.picking_id.factory_material_request_id
        )

    def _factory_check_material_requests(self):
        """On a transfer (or order component move) that issues a material
        request: refuse a material not on the request, and more than requested
        plus the category tolerance unless a workshop supervisor approved an
        over-issue with a reason."""
        taken = defaultdict(lambda: defaultdict(float))
        for line in self:
            request = line._factory_request()
            if not request or float_is_zero(
                line.quantity, precision_rounding=line.product_uom_id.rounding
            ):
                continue
            taken[request][line.product_id] += line.quantity_product_uom
        if not taken:
            return
        requests = self.env["factory.material.request"].union(*taken)
        issued = requests.sudo()._factory_issued_by_product()
        errors = []
        for request, quantities in taken.items():
            if request.state not in OPEN_STATES:
                errors.append(
                    self.env._(
                        "Material request %s is not approved for issue.", request.name
                    )
                )
                continue
            for product, qty in quantities.items():
                line, limit = request._factory_issue_limit(product)
                if not line:
                    errors.append(request._factory_not_on_request_error(product))
                    continue
                if limit is None:
                    continue
                done, returned = issued[request.id, product.id]
                total = done - returned + qty
                if (
                    float_compare(
                        total, limit, precision_rounding=product.uom_id.rounding
                    )
                    > 0
                ):
                    errors.append(
                        self.env._(
                            "%(product)s: %(total)s %(uom)s would be issued on "
                            "%(request)s, more than the %(qty)s requested "
                            "(tolerance %(tolerance)s %%).",
                            product=product.display_name,
                            total=total,
                            uom=product.uom_id.name,
                            request=request.name,
                            qty=line.product_qty,
                            tolerance=product.categ_id.factory_issue_tolerance,
                        )
                    )
        if errors:
            errors.append(
                self.env._(
                    "A workshop supervisor can approve an over-issue on the request "
                    "with a reason."
                )
            )
            raise UserError("\n".join(errors))

    def _factory_check_production_issue(self):
        """Refuse bringing to an order (its component transfers) or consuming
        more of a component than the order's demand plus the category
        tolerance, with or without a material request, unless a workshop
        supervisor approved an over-issue on the order or on the request that
        issues these lines."""
        # system check over documents the validating user may not read
        lines = self.sudo().filtered(
            lambda l: (
                l.state != "done"
                and not float_is_zero(
                    l.quantity, precision_rounding=l.product_uom_id.rounding
                )
            )
        )
        if not lines:
            return
        Production = self.env["mrp.production"].sudo()
        kinds = (
            ("issue", Production._factory_component_issue_moves(lines.move_id)),
            ("consume", Production._factory_consumption_moves(lines.move_id)),
        )
        taken = defaultdict(float)  # (kind, production, product): quantity
        approved = set()  # (kind, production, product) issued by an approved request
        for kind, by_move in kinds:
            for line in lines.filtered(lambda l, m=by_move: l.move_id in m):
                key = (kind, by_move[line.move_id], line.product_id)
                taken[key] += line.quantity_product_uom
                if line._factory_request().over_issue_approved_by_id:
                    approved.add(key)
        if not taken:
            return
        productions = Production.union(*(key[1] for key in taken))
        limits = productions._factory_issue_limits()
        issued, consumed = productions._factory_done_issue_quantities()
        errors = []
        for key, qty in taken.items():
            kind, production, product = key
            demand, limit = limits.get((production.id, product.id), (0.0, 0.0))
            if limit is None or key in approved:
                continue
            done = (issued if kind == "issue" else consumed)[production.id, product.id]
            total = done + qty
            if (
                float_compare(total, limit, precision_rounding=product.uom_id.rounding)
                <= 0
            ):
                continue
            values = {
                "product": product.display_name,
                "total": total,
                "uom": product.uom_id.name,
                "order": production.name,
                "demand": demand,
                "tolerance": product.categ_id.factory_issue_tolerance,
            }
            if kind == "issue":
                errors.append(
                    self.env._(
                        "%(product)s: %(total)s %(uom)s would be issued to "
                        "%(order)s, more than its demand of %(demand)s %(uom)s "
                        "(tolerance %(tolerance)s %%).",
                        **values,
                    )
                )
            else:
                errors.append(
                    self.env._(
                        "%(product)s: %(total)s %(uom)s would be consumed by "
                        "%(order)s, more than its demand of %(demand)s %(uom)s "
                        "(tolerance %(tolerance)s %%).",
                        **values,
                    )
                )
        if errors:
            errors.append(
                self.env._(
                    "A workshop supervisor can approve an over-issue on the "
                    "manufacturing order with a reason."
                )
            )
            raise UserError("\n".join(errors))
