"""Receipts of outsourced operations (委外工序) on the statements: the
quantity passed at the fee of the operation's order line."""

from odoo import fields, models


class FactoryOutsourcingStatementLine(models.Model):
    _inherit = "factory.outsourcing.statement.line"
    _factory_protected_fields = ("operation_receipt_id",)

    operation_receipt_id = fields.Many2one(
        "factory.outsourcing.operation.receipt",
        "Operation Receipt",
        readonly=True,
        index="btree_not_null",
    )

    _sql_constraints = [
        (
            "operation_receipt_unique",
            "UNIQUE (operation_receipt_id)",
            "A receipt can be on one statement only.",
        ),
    ]

    def _factory_prepare_operation_vals(self, statement, receipt):
        operation = receipt.operation_id
        pol = operation.purchase_line_id
        return {
            "statement_id": statement.id,
            "operation_receipt_id": receipt.id,
            "purchase_line_id": pol.id,
            "product_id": operation.product_id.id,
            "name": f"{operation.name}: {pol.name}",
            "date": receipt.date,
            "qty_received": receipt.qty_passed + receipt.qty_rejected,
            "qty_rejected": receipt.qty_rejected,
            "quantity": receipt.qty_passed,
            "product_uom_id": pol.product_uom.id,
            "price_unit": pol.price_unit,
            "tax_ids": [(6, 0, pol.taxes_id.ids)],
        }


class FactoryOutsourcingStatement(models.Model):
    _inherit = "factory.outsourcing.statement"

    def action_load_receipts(self):
        res = super().action_load_receipts()
        Line = self.env["factory.outsourcing.statement.line"]
        for statement in self:
            statement._factory_load_charges()
            receipts = statement._factory_operation_receipts()
            Line._factory_create(
                [
                    Line._factory_prepare_operation_vals(statement, receipt)
                    for receipt in receipts
                ]
            )
        return res

    def _factory_load_charges(self):
        """The subcontractor's open charges of the period (rejected goods
        scrapped, excess loss) become deductions of the statement."""
        self.ensure_one()
        start = fields.Datetime.to_datetime(self.date_from)
        end = fields.Datetime.add(fields.Datetime.to_datetime(self.date_to), days=1)
        Charge = self.env["factory.outsourcing.charge"].sudo()
        charges = Charge.search(
            [
                ("partner_id", "child_of", self.partner_id.id),
                ("company_id", "=", self.company_id.id),
                ("date", ">=", start),
                ("date", "<", end),
                ("deduction_id", "=", False),
            ],
            order="date, id",
        )
        Deduction = self.env["factory.outsourcing.statement.deduction"]
        for charge in charges:
            deduction = Deduction.create(
                {
                    "statement_id": self.id,
                    "kind": charge.kind,
                    "name": charge.name,
                    "amount": charge.amount,
                }
            )
            charge._factory_write({"deduction_id": deduction.id})

    def _factory_operation_receipts(self):
        """Receipts of the subcontractor's outsourced operations in the
        period that no other statement holds (those with something passed)."""
        self.ensure_one()
        taken = self.env["factory.outsourcing.statement.line"].search(
            [("statement_id", "!=", self.id), ("operation_receipt_id", "!=", False)]
        )
        start = fields.Datetime.to_datetime(self.date_from)
        end = fields.Datetime.add(fields.Datetime.to_datetime(self.date_to), days=1)
        return self.env["factory.outsourcing.operation.receipt"].search(
            [
                ("partner_id", "child_of", self.partner_id.id),
                ("company_id", "=", self.company_id.id),
                ("date", ">=", start),
                ("date", "<", end),
                ("qty_passed", ">", 0),
                # a rework order has no fee: no second line
                ("operation_id.rework_of_id", "=", False),
                ("id", "not in", taken.operation_receipt_id.ids),
            ],
            order="date, id",
        )
