from collections import defaultdict

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    # the order's requests are made by its Request Material action
    _factory_protected_fields = ("factory_material_request_ids",)

    factory_material_request_ids = fields.One2many(
        "factory.material.request", "production_id", "Material Requests"
    )
    factory_material_request_count = fields.Integer(
        compute="_compute_factory_material_request_count"
    )

    def _compute_factory_material_request_count(self):
        counts = dict(
            self.env["factory.material.request"]._read_group(
                [("production_id", "in", self.ids)], ["production_id"], ["__count"]
            )
        )
        for production in self:
            production.factory_material_request_count = counts.get(production, 0)

    def _factory_remaining_needs(self):
        """{product: quantity} the order still needs from the warehouse: its
        open component moves, less what closed requests already issued."""
        self.ensure_one()
        needs = defaultdict(float)
        for move in self.move_raw_ids.filtered(
            lambda m: m.state not in ("done", "cancel") and m.product_id.is_storable
        ):
            needs[move.product_id] += move.product_qty
        closed = self.factory_material_request_ids.filtered(
            lambda r: r.state == "closed"
        )
        for (__, product_id), (
            issued,
            returned,
        ) in closed._factory_issued_by_product().items():
            product = self.env["product.product"].browse(product_id)
            if product in needs:
                needs[product] -= issued - returned
        return {
            product: qty
            for product, qty in needs.items()
            if float_compare(qty, 0.0, precision_rounding=product.uom_id.rounding) > 0
        }

    def action_factory_material_request(self):
        """One click: a draft material request for the order's remaining
        component needs."""
        self.ensure_one()
        request = self._factory_new_material_request()
        return {
            "type": "ir.actions.act_window",
            "res_model": "factory.material.request",
            "res_id": request.id,
            "view_mode": "form",
        }

    def _factory_new_material_request(self, products=None):
        """Draft material request for the order's remaining needs (of
        ``products`` only, when given: none is created when they need nothing
        more)."""
        self.ensure_one()
        if self.state not in ("confirmed", "progress", "to_close"):
            raise UserError(
                self.env._(
                    "Confirm or release %s before requesting its material.", self.name
                )
            )
        open_requests = self.factory_material_request_ids.filtered(
            lambda r: r.state not in ("closed", "cancel")
        )
        if open_requests:
            raise UserError(
                self.env._(
                    "%(order)s already has an open material request: %(requests)s",
                    order=self.name,
                    requests=", ".join(open_requests.mapped("name")),
                )
            )
        needs = self._factory_remaining_needs()
        if products is not None:
            needs = {p: qty for p, qty in needs.items() if p in products}
            if not needs:
                return self.env["factory.material.request"]
        elif not needs:
            raise UserError(
                self.env._("%s needs no more material from the warehouse.", self.name)
            )
        # the order's own request: production_id is set by this action only
        request = self.env["factory.material.request"]._factory_create(
            {
                "production_id": self.id,
                "warehouse_id": self.warehouse_id.id,
                "company_id": self.company_id.id,
                "date_required": self.date_start,
                "line_ids": [
                    Command.create({"product_id": product.id, "product_qty": qty})
                    for product, qty in needs.items()
                ],
            }
        )
        self.message_post(body=self.env._("Material request %s created.", request.name))
        return request

    def action_factory_material_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "factory_mrp.factory_material_request_action"
        )
        action.update(
            domain=[("production_id", "=", self.id)],
            context={"create": False},
        )
        return action

    def action_factory_material_return(self):
        self.ensure_one()
        return self.env["factory.material.return"]._factory_open(production=self)
