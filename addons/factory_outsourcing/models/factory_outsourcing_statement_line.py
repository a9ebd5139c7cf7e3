from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.factory_stock.models.factory_protected import (
    factory_protected_writer,
)

MONEY = "factory_stock.group_factory_cost"


class FactoryOutsourcingStatementLine(models.Model):
    """One receipt (回收入库) from the subcontractor on a statement: quantity
    passed, the fee of its purchase order line and the amount. Loaded by the
    statement from the done receipts, never typed."""

    _name = "factory.outsourcing.statement.line"
    _inherit = ["factory.protected.mixin"]
    _description = "Outsourcing Statement Receipt"
    _order = "statement_id, date, id"
    _factory_protected_fields = (
        "statement_id",
        "move_id",
        "purchase_line_id",
        "product_id",
        "date",
        "quantity",
        "qty_received",
        "qty_rejected",
        "product_uom_id",
        "price_unit",
        "tax_ids",
        "name",
    )

    statement_id = fields.Many2one(
        "factory.outsourcing.statement",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(related="statement_id.company_id", store=True)
    currency_id = fields.Many2one(related="statement_id.currency_id")
    name = fields.Char("Description", readonly=True)
    move_id = fields.Many2one("stock.move", "Receipt Move", readonly=True, index=True)
    picking_id = fields.Many2one(
        related="move_id.picking_id", string="Receipt", store=True
    )
    purchase_line_id = fields.Many2one(
        "purchase.order.line", "Order Line", readonly=True
    )
    order_id = fields.Many2one(
        related="purchase_line_id.order_id", string="Outsourcing Order", store=True
    )
    product_id = fields.Many2one("product.product", "Product", readonly=True)
    date = fields.Datetime("Received On", readonly=True)
    qty_received = fields.Float(
        "Quantity Received", digits="Product Unit of Measure", readonly=True
    )
    qty_rejected = fields.Float(
        "Quantity Rejected",
        digits="Product Unit of Measure",
        readonly=True,
        help="Rejected by the incoming inspection: not paid.",
    )
    quantity = fields.Float(
        "Quantity Passed",
        digits="Product Unit of Measure",
        readonly=True,
        help="What passed the incoming inspection (everything received when "
        "the product needs none): the fee is paid on it.",
    )
    product_uom_id = fields.Many2one("uom.uom", "Unit", readonly=True)
    price_unit = fields.Float(
        "Unit Fee", digits="Product Price", readonly=True, groups=MONEY
    )
    tax_ids = fields.Many2many(
        "account.tax", string="Taxes", readonly=True, groups=MONEY
    )
    amount_untaxed = fields.Monetary(
        "Amount", compute="_compute_amount", store=True, groups=MONEY
    )
    amount_total = fields.Monetary(
        "Amount (Taxes Incl.)", compute="_compute_amount", store=True, groups=MONEY
    )

    _sql_constraints = [
        (
            "move_unique",
            "UNIQUE (move_id)",
            "A receipt can be on one statement only.",
        ),
    ]

    @api.depends("quantity", "price_unit", "tax_ids", "currency_id")
    def _compute_amount(self):
        for line in self:
            taxes = line.tax_ids.compute_all(
                line.price_unit,
                currency=line.currency_id,
                quantity=line.quantity,
                product=line.product_id,
                partner=line.statement_id.partner_id,
            )
            line.amount_untaxed = taxes["total_excluded"]
            line.amount_total = taxes["total_included"]

    @api.model
    def _factory_prepare_vals(self, statement, move, inspections):
        """Values of the line of ``move``; ``inspections``: its confirmed
        incoming inspections (none when the product needs none)."""
        pol = move.purchase_line_id
        received = move.product_uom._compute_quantity(move.quantity, pol.product_uom)
        if inspections:
            passed = rejected = 0.0
            for inspection in inspections:
                uom = inspection.product_uom_id
                passed += uom._compute_quantity(inspection.qty_passed, pol.product_uom)
                rejected += uom._compute_quantity(
                    inspection.qty_rejected, pol.product_uom
                )
        else:
            passed, rejected = received, 0.0
        return {
            "statement_id": statement.id,
            "move_id": move.id,
            "purchase_line_id": pol.id,
            "product_id": move.product_id.id,
            "name": f"{move.picking_id.name or move.reference}: {pol.name}",
            "date": move.date,
            "qty_received": received,
            "qty_rejected": rejected,
            "quantity": passed,
            "product_uom_id": pol.product_uom.id,
            "price_unit": pol.price_unit,
            "tax_ids": [(6, 0, pol.taxes_id.ids)],
        }

    def unlink(self):
        if not self._factory_is_trusted_writer():
            self._factory_refuse_fields({"move_id"})
        return super().unlink()

    def _factory_unlink(self):
        with factory_protected_writer(self._name):
            return self.unlink()


class FactoryOutsourcingStatementDeduction(models.Model):
    """A deduction (扣款) on a statement: rejected goods, excess loss, other."""

    _name = "factory.outsourcing.statement.deduction"
    _inherit = ["factory.protected.mixin"]
    _description = "Outsourcing Statement Deduction"
    _order = "statement_id, id"
    _factory_fixed_fields = ("statement_id",)

    statement_id = fields.Many2one(
        "factory.outsourcing.statement",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="statement_id.company_id", store=True)
    currency_id = fields.Many2one(related="statement_id.currency_id")
    kind = fields.Selection(
        [("reject", "Rejected Goods"), ("loss", "Excess Loss"), ("other", "Other")],
        required=True,
        default="reject",
    )
    name = fields.Char("Description", required=True)
    amount = fields.Monetary("Amount", required=True, groups=MONEY)

    @api.constrains("amount")
    def _check_amount(self):
        for deduction in self:
            if deduction.amount <= 0:
                raise ValidationError(
                    self.env._(
                        "The deduction %(name)s must be a positive amount, not "
                        "%(amount)s.",
                        name=deduction.name,
                        amount=deduction.amount,
                    )
                )

    def _check_statement_draft(self, statements):
        for statement in statements:
            if statement.state != "draft":
                raise UserError(
                    self.env._(
                        "%s is no longer a draft: its deductions cannot change.",
                        statement.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        statements = self.env["factory.outsourcing.statement"].browse(
            [vals.get("statement_id") for vals in vals_list if vals.get("statement_id")]
        )
        self._check_statement_draft(statements)
        return super().create(vals_list)

    def write(self, vals):
        self._check_statement_draft(self.statement_id)
        return super().write(vals)

    def unlink(self):
        self._check_statement_draft(self.statement_id)
        return super().unlink()
