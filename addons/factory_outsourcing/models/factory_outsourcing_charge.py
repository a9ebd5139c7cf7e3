"""Charges to a subcontractor (扣款): rejected goods scrapped at its cost and
component consumption above its allowed loss rate. Made by the model's own
actions; a statement's Load Receipts turns the open charges of its period
into deductions."""

from odoo import api, fields, models

MONEY = "factory_stock.group_factory_cost"


class FactoryOutsourcingCharge(models.Model):
    _name = "factory.outsourcing.charge"
    _inherit = ["factory.protected.mixin"]
    _description = "Charge to a Subcontractor"
    _order = "date, id"
    _check_company_auto = True
    _factory_protected_fields = (
        "company_id",
        "partner_id",
        "kind",
        "date",
        "name",
        "product_id",
        "quantity",
        "unit_cost",
        "amount",
        "operation_receipt_id",
        "production_id",
        "deduction_id",
    )

    company_id = fields.Many2one("res.company", required=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner", "Subcontractor", required=True, readonly=True, index=True
    )
    kind = fields.Selection(
        [("reject", "Rejected Goods"), ("loss", "Excess Loss")],
        required=True,
        readonly=True,
    )
    date = fields.Datetime(required=True, readonly=True)
    name = fields.Char("Description", required=True, readonly=True)
    product_id = fields.Many2one("product.product", "Product", readonly=True)
    quantity = fields.Float(digits="Product Unit of Measure", readonly=True)
    unit_cost = fields.Float(digits="Product Price", readonly=True, groups=MONEY)
    amount = fields.Monetary(readonly=True, groups=MONEY)
    operation_receipt_id = fields.Many2one(
        "factory.outsourcing.operation.receipt", "Operation Receipt", readonly=True
    )
    production_id = fields.Many2one(
        "mrp.production", "Manufacturing Order", readonly=True
    )
    deduction_id = fields.Many2one(
        "factory.outsourcing.statement.deduction",
        "Deduction",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )
    statement_id = fields.Many2one(
        related="deduction_id.statement_id", string="Statement", store=True
    )

    @api.model
    def _factory_charge(self, vals_list):
        """Create charges (model code): amount = quantity x unit cost."""
        for vals in vals_list:
            company = self.env["res.company"].browse(vals["company_id"])
            vals["amount"] = company.currency_id.round(
                vals["quantity"] * vals["unit_cost"]
            )
        vals_list = [vals for vals in vals_list if vals["amount"] > 0]
        return self.sudo()._factory_create(vals_list)
