from odoo import Command, fields

from .common import OutsourcingCase


class StatementCase(OutsourcingCase):
    """An order of 10 housings at 5.00 + 13 % VAT, received in two parts
    (4, then 6)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vat = cls.env["account.tax"].create(
            {
                "name": "T VAT 13%",
                "amount": 13,
                "amount_type": "percent",
                "type_tax_use": "purchase",
            }
        )
        cls.housing.supplier_taxes_id = [Command.set(cls.vat.ids)]
        cls.today = fields.Date.context_today(cls.env["res.partner"])

    def _receive_order(self, qty=10, parts=(4, 6)):
        order = self._order(qty)
        self._validate(self._resupply(order), 2 * qty)
        receipt = order.picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming"
        )
        for part in parts:
            receipt = self._validate(receipt, part).backorder_ids or receipt
        return order

    def _statement(self, user=None, date_from=None, date_to=None, partner=None):
        Statement = self.env["factory.outsourcing.statement"].with_user(
            user or self.purchaser
        )
        return Statement.create(
            {
                "partner_id": (partner or self.subcontractor).id,
                "date_from": date_from or self.today.replace(day=1),
                "date_to": date_to or self.today,
            }
        )
