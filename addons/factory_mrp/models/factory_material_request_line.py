import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.factory_stock.models.factory_input import factory_clean_vals


def clean_quantity(env, vals, fname="product_qty"):
    """A quantity typed as text (import, RPC) must be a number: refuse it
    with a clear message instead of a technical conversion error."""
    value = vals.get(fname)
    if isinstance(value, str):
        try:
            vals[fname] = float(value.strip().replace(",", "."))
        except ValueError:
            raise ValidationError(
                env._("The quantity must be a number, not “%s”.", value)
            ) from None
    elif value is not None and not isinstance(value, int | float):
        raise ValidationError(env._("The quantity must be a number, not “%s”.", value))
    if isinstance(vals.get(fname), float) and not math.isfinite(vals[fname]):
        raise ValidationError(env._("The quantity must be a number, not “%s”.", value))
    return vals


class FactoryMaterialRequestLine(models.Model):
    _name = "factory.material.request.line"
    _description = "Material Request Line"
    _inherit = ["factory.protected.mixin"]
    _order = "request_id, sequence, id"
    _check_company_auto = True
    # see factory.protected.mixin: the figures come from the done moves, the
    # state and company from the request; a line stays on its request
    _factory_protected_fields = ("state", "company_id", "qty_issued", "qty_returned")
    _factory_fixed_fields = ("request_id",)

    request_id = fields.Many2one(
        "factory.material.request", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    state = fields.Selection(related="request_id.state")
    product_id = fields.Many2one(
        "product.product",
        "Material",
        required=True,
        check_company=True,
        domain="[('is_storable', '=', True)]",
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    product_qty = fields.Float(
        "Quantity", digits="Product Unit of Measure", required=True
    )
    lot_id = fields.Many2one(
        "stock.lot",
        "Preferred Lot",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
        help="Reserved first on ad hoc requests when it has stock; shown to the "
        "warehouse otherwise.",
    )
    qty_issued = fields.Float(
        "Issued", digits="Product Unit of Measure", compute="_compute_qty_issued"
    )
    qty_returned = fields.Float(
        "Returned", digits="Product Unit of Measure", compute="_compute_qty_issued"
    )

    _sql_constraints = [
        (
            "product_uniq",
            "unique(request_id, product_id)",
            "A material appears only once per request.",
        )
    ]

    def _compute_qty_issued(self):
        totals = self.request_id._factory_issued_by_product()
        for line in self:
            issued, returned = totals.get(
                (line.request_id.id, line.product_id.id), (0.0, 0.0)
            )
            line.qty_issued = issued
            line.qty_returned = returned

    @api.constrains("product_qty")
    def _check_product_qty(self):
        for line in self:
            if line.product_qty <= 0:
                raise ValidationError(
                    self.env._(
                        "The requested quantity of %(product)s must be positive "
                        "(got %(qty)s).",
                        product=line.product_id.display_name,
                        qty=line.product_qty,
                    )
                )

    @api.constrains("lot_id", "product_id")
    def _check_lot(self):
        for line in self:
            if line.lot_id and line.lot_id.product_id != line.product_id:
                raise ValidationError(
                    self.env._(
                        "Lot %(lot)s is not a lot of %(product)s.",
                        lot=line.lot_id.name,
                        product=line.product_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(
            [
                factory_clean_vals(self, clean_quantity(self.env, vals))
                for vals in vals_list
            ]
        )
        if any(line.state != "draft" for line in lines):
            raise ValidationError(
                self.env._("Material can only be added to a draft request.")
            )
        return lines

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        if any(line.state not in ("draft", "cancel") for line in self):
            raise ValidationError(
                self.env._("Only the lines of a draft request can be removed.")
            )

    def write(self, vals):
        if any(line.state != "draft" for line in self):
            raise ValidationError(
                self.env._("Only the lines of a draft request can be changed.")
            )
        return super().write(factory_clean_vals(self, clean_quantity(self.env, vals)))
