from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from odoo.addons.factory_stock.models.factory_input import factory_clean_vals

from ..models.factory_material_request_line import clean_quantity

RETURN_REASONS = [
    ("surplus", "Surplus"),
    ("defective", "Defective"),
    ("wrong_item", "Wrong Item"),
]


class FactoryMaterialReturn(models.TransientModel):
    """Material return (退料) against a material request or a manufacturing
    order: an Odoo transfer from where the material was issued back to the
    warehouse stock, or to its rejected goods area when defective."""

    _name = "factory.material.return"
    _description = "Material Return"
    _inherit = ["factory.protected.mixin"]
    # what is returned against: set by the request's or the order's Return
    # Material (see factory.protected.mixin), which checked the caller reads it
    _factory_protected_fields = ("request_id", "production_id")

    request_id = fields.Many2one("factory.material.request", readonly=True)
    production_id = fields.Many2one("mrp.production", readonly=True)
    reason = fields.Selection(RETURN_REASONS, required=True, default="surplus")
    note = fields.Text()
    line_ids = fields.One2many("factory.material.return.line", "wizard_id", "Lines")

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([factory_clean_vals(self, vals) for vals in vals_list])

    def write(self, vals):
        return super().write(factory_clean_vals(self, vals))

    @api.model
    def _factory_open(self, request=None, production=None):
        request = request or self.env["factory.material.request"]
        production = production or request.production_id
        for record in (request, production):
            if record:
                record.check_access("read")
        wizard = self._factory_create(
            {"request_id": request.id, "production_id": production.id}
        )
        returnable = wizard._factory_returnable()
        if not returnable:
            raise UserError(
                self.env._(
                    "Nothing issued for %s can be returned.",
                    request.name or production.name,
                )
            )
        wizard.line_ids = [
            Command.create(
                {"product_id": product_id, "lot_id": lot_id, "product_qty": qty}
            )
            for (product_id, lot_id), qty in returnable.items()
        ]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return Material"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def _factory_returnable(self):
        """{(product id, lot id): quantity issued and not returned yet} for the
        request (never more than for its order) or the order, in one query."""
        self.ensure_one()
        requests = self.request_id.sudo()
        rows = requests._factory_issue_rows(productions=self.production_id)
        by_request = defaultdict(float)
        by_production = defaultdict(float)
        for request_id, production_id, product_id, lot_id, issued, returned in rows:
            key = (product_id, lot_id or False)
            if request_id and request_id == requests.id:
                by_request[key] += issued - returned
            if production_id and production_id == self.production_id.id:
                by_production[key] += issued - returned
        if not requests:
            result = by_production
        elif self.production_id:
            result = {
                key: min(qty, by_production.get(key, 0.0))
                for key, qty in by_request.items()
            }
        else:
            result = by_request
        return {key: qty for key, qty in result.items() if qty > 0}

    def _factory_source_location(self):
        requests = self.request_id or self.production_id.factory_material_request_ids
        location = requests.filtered("issue_location_id")[:1].issue_location_id
        if not location:
            raise UserError(self.env._("Nothing was issued: nothing to return."))
        return location

    def action_confirm(self):
        self.ensure_one()
        self._factory_check_lines()
        request, production = self.request_id, self.production_id
        warehouse = request.warehouse_id or production.warehouse_id
        source = self._factory_source_location()
        if self.reason == "defective":
            destination = warehouse.factory_reject_location_id
        else:
            destination = warehouse.lot_stock_id
        origin = request.name or production.name
        picking = self.env["stock.picking"]._factory_create(
            {
                "picking_type_id": warehouse.int_type_id.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "origin": self.env._("Return of %s", origin),
                "company_id": warehouse.company_id.id,
                "factory_mr_return": True,
                "factory_mr_return_request_id": request.id,
                "factory_mr_return_production_id": production.id,
                "factory_mr_return_reason": self.reason,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.env._("Return of %s", origin),
                            "product_id": line.product_id.id,
                            "product_uom": line.product_id.uom_id.id,
                            "product_uom_qty": line.product_qty,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                        }
                    )
                    for line in self.line_ids
                ],
            }
        )
        picking.action_confirm()
        picking.move_ids.move_line_ids.unlink()
        self.env["stock.move.line"].create(
            [
                {
                    "move_id": picking.move_ids.filtered(
                        lambda m, p=line.product_id: m.product_id == p
                    )[:1].id,
                    "picking_id": picking.id,
                    "product_id": line.product_id.id,
                    "product_uom_id": line.product_id.uom_id.id,
                    "lot_id": line.lot_id.id,
                    "quantity": line.product_qty,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                }
                for line in self.line_ids
            ]
        )
        picking.move_ids.picked = True
        # What is returned may be reserved by the order's component moves:
        # release those reservations and reserve again from what is left,
        # rather than letting the validation take reserved stock.
        holders = (
            self.env["stock.move.line"]
            .search(
                [
                    ("location_id", "=", source.id),
                    ("product_id", "in", self.line_ids.product_id.ids),
                    ("state", "not in", ("done", "cancel")),
                    ("picked", "=", False),
                    ("picking_id", "!=", picking.id),
                ]
            )
            .move_id
        )
        holders._do_unreserve()
        picking.button_validate()
        holders._action_assign()
        reason = dict(RETURN_REASONS)[self.reason]
        returned = ", ".join(
            f"{line.product_id.display_name}"
            f"{' / ' + line.lot_id.name if line.lot_id else ''}"
            f" {line.product_qty:g}"
            for line in self.line_ids
        )
        body = self.env._(
            "Returned by %(user)s (%(reason)s) with %(picking)s: %(lines)s",
            user=self.env.user.name,
            reason=reason,
            picking=picking.name,
            lines=returned,
        )
        (request or production).message_post(body=body)
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "res_id": picking.id,
            "view_mode": "form",
        }

    def _factory_check_lines(self):
        if not self.line_ids:
            raise UserError(self.env._("Enter the material to return."))
        wanted = defaultdict(float)
        for line in self.line_ids:
            line._check_product_qty()
            if line.product_id.tracking != "none" and not line.lot_id:
                raise UserError(
                    self.env._(
                        "Enter the lot of %s to return.", line.product_id.display_name
                    )
                )
            if line.lot_id and line.lot_id.product_id != line.product_id:
                raise UserError(
                    self.env._(
                        "Lot %(lot)s is not a lot of %(product)s.",
                        lot=line.lot_id.name,
                        product=line.product_id.display_name,
                    )
                )
            wanted[line.product_id, line.lot_id] += line.product_qty
        returnable = self._factory_returnable()
        errors = []
        for (product, lot), qty in wanted.items():
            available = returnable.get((product.id, lot.id or False), 0.0)
            rounding = product.uom_id.rounding
            if float_compare(qty, available, precision_rounding=rounding) > 0:
                lot_label = f" / {lot.name}" if lot else ""
                errors.append(
                    self.env._(
                        "%(product)s%(lot)s: %(qty)s to return, but only "
                        "%(available)s issued and not returned yet.",
                        product=product.display_name,
                        lot=lot_label,
                        qty=qty,
                        available=available,
                    )
                )
        if errors:
            raise UserError("\n".join(errors))


class FactoryMaterialReturnLine(models.TransientModel):
    _name = "factory.material.return.line"
    _description = "Material Return Line"

    wizard_id = fields.Many2one(
        "factory.material.return", required=True, ondelete="cascade"
    )
    product_id = fields.Many2one("product.product", "Material", required=True)
    lot_id = fields.Many2one(
        "stock.lot", "Lot", domain="[('product_id', '=', product_id)]"
    )
    product_qty = fields.Float(
        "Quantity", digits="Product Unit of Measure", required=True
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")

    @api.constrains("product_qty")
    def _check_product_qty(self):
        for line in self:
            if line.product_qty <= 0:
                raise ValidationError(
                    self.env._(
                        "The quantity of %(product)s to return must be positive "
                        "(got %(qty)s).",
                        product=line.product_id.display_name,
                        qty=line.product_qty,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        return super().create(
            [
                factory_clean_vals(self, clean_quantity(self.env, vals))
                for vals in vals_list
            ]
        )

    def write(self, vals):
        return super().write(factory_clean_vals(self, clean_quantity(self.env, vals)))
