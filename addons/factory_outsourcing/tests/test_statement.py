from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .statement_common import StatementCase


@tagged("post_install", "-at_install")
class TestStatement(StatementCase):
    def test_receipts_fees_and_capitals(self):
        order = self._receive_order()
        statement = self._statement()
        self.assertTrue(statement.name.startswith("DZ/"))
        statement.action_load_receipts()
        lines = statement.line_ids
        self.assertEqual(sorted(lines.mapped("quantity")), [4, 6])
        self.assertEqual(set(lines.mapped("price_unit")), {5.0})
        self.assertEqual(lines.purchase_line_id, order.order_line)
        self.assertEqual(
            lines.picking_id,
            order.picking_ids.filtered(lambda p: p.picking_type_code == "incoming"),
        )
        self.assertAlmostEqual(sum(lines.mapped("amount_untaxed")), 50.0)
        self.assertAlmostEqual(statement.amount_fee, 56.5)
        self.assertEqual(statement.amount_total_cn, "伍拾陆元伍角整")
        statement.deduction_ids = [
            Command.create(
                {"kind": "reject", "name": "2 housings scratched", "amount": 6.5}
            )
        ]
        self.assertAlmostEqual(statement.amount_deduction, 6.5)
        self.assertAlmostEqual(statement.amount_total, 50.0)
        self.assertEqual(statement.amount_total_cn, "伍拾元整")
        statement.payments = 20
        self.assertAlmostEqual(statement.closing_balance, 30.0)
        # the subcontractor's material balance beside the money
        rows = statement._factory_balance_rows()
        blanks = rows.filtered(lambda row: row.product_id == self.blank)
        self.assertEqual(
            (blanks.qty_sent, blanks.qty_consumed, blanks.qty_held), (20, 20, 0)
        )
        action = statement.action_view_material_balance()
        self.assertEqual(
            self.env["factory.outsourcing.balance"].search(action["domain"]), rows
        )
        self.assertEqual(statement.closing_balance_cn, "叁拾元整")

    def test_workflow_who_and_when(self):
        self._receive_order()
        statement = self._statement()
        statement.action_load_receipts()
        statement.action_send()
        self.assertEqual(statement.state, "sent")
        self.assertEqual(statement.sent_by_id, self.purchaser)
        statement.write(
            {
                "confirmed_contact": "王经理",
                "signed_copy": "U0lHTkVE",
                "signed_copy_name": "signed.pdf",
            }
        )
        statement.with_user(self.accountant).action_confirm()
        self.assertEqual(statement.state, "confirmed")
        self.assertEqual(statement.confirmed_by_id, self.accountant)
        self.assertTrue(statement.confirmed_date)
        self.assertTrue(statement.signed_copy)
        bill_action = statement.with_user(self.accountant).action_bill()
        self.assertEqual(statement.state, "billed")
        self.assertEqual(bill_action["res_id"], statement.bill_id.id)
        self.assertEqual(statement.billed_by_id, self.accountant)

    def test_bill_equals_statement(self):
        order = self._receive_order()
        statement = self._statement()
        statement.action_load_receipts()
        statement.deduction_ids = [
            Command.create({"kind": "loss", "name": "Excess loss", "amount": 3.3})
        ]
        statement.action_send()
        statement.with_user(self.accountant).action_confirm()
        statement.with_user(self.accountant).action_bill()
        bill = statement.bill_id
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertEqual(bill.state, "draft")
        self.assertEqual(bill.partner_id, self.subcontractor)
        self.assertEqual(bill.ref, statement.name)
        self.assertAlmostEqual(bill.amount_total, statement.amount_total)
        self.assertAlmostEqual(bill.amount_total, 56.5 - 3.3)
        product_lines = bill.invoice_line_ids.filtered("product_id")
        self.assertEqual(sorted(product_lines.mapped("quantity")), [4, 6])
        self.assertEqual(product_lines.purchase_line_id, order.order_line)
        self.assertEqual(order.order_line.qty_invoiced, 10)

    def test_previous_balance_carried(self):
        self._receive_order(qty=2, parts=(2,))
        first = self._statement(date_from=self.today - timedelta(days=40))
        first.action_load_receipts()
        first.action_send()
        first.with_user(self.accountant).action_confirm()
        self.assertAlmostEqual(first.closing_balance, 11.3)
        self._receive_order(qty=4, parts=(4,))
        second = self._statement(
            date_from=self.today + timedelta(days=1),
            date_to=self.today + timedelta(days=30),
        )
        second.action_load_receipts()
        self.assertEqual(second.previous_statement_id, first)
        self.assertAlmostEqual(second.previous_balance, 11.3)
        # the later order was received today: in the first period, not this one
        self.assertFalse(second.line_ids)

    def test_receipt_on_one_statement_only(self):
        self._receive_order()
        first = self._statement()
        first.action_load_receipts()
        second = self._statement()
        second.action_load_receipts()
        self.assertEqual(len(first.line_ids), 2)
        self.assertFalse(second.line_ids)
        with self.assertRaises(UserError):
            second.action_send()  # nothing on it
        self.assertEqual(second.state, "draft")

    def test_overlapping_confirmed_period_refused(self):
        self._receive_order()
        first = self._statement()
        first.action_load_receipts()
        first.action_send()
        first.with_user(self.accountant).action_confirm()
        second = self._statement(date_from=self.today - timedelta(days=60))
        second.deduction_ids = [
            Command.create({"kind": "other", "name": "Late delivery", "amount": 1})
        ]
        second.action_send()
        with self.assertRaises(ValidationError) as err:
            second.with_user(self.accountant).action_confirm()
        self.assertIn(first.name, str(err.exception))
        self.assertEqual(second.state, "sent")
        self.assertFalse(second.confirmed_by_id)

    def test_billing_unconfirmed_refused(self):
        self._receive_order()
        statement = self._statement()
        statement.action_load_receipts()
        for state in ("draft", "sent"):
            with self.subTest(state=state), self.assertRaises(UserError) as err:
                statement.with_user(self.accountant).action_bill()
            self.assertIn("cannot be billed", str(err.exception))
            self.assertFalse(statement.bill_id)
            self.assertEqual(statement.state, state)
            if state == "draft":
                statement.action_send()
        self.assertFalse(
            self.env["account.move"].search([("ref", "=", statement.name)])
        )

    def test_bad_deductions_and_payments(self):
        statement = self._statement()
        for amount in (-5, 0):
            with (
                self.subTest(amount=amount),
                self.assertRaises(ValidationError),
                self.env.cr.savepoint(),
            ):
                statement.deduction_ids = [
                    Command.create({"kind": "other", "name": "Bad", "amount": amount})
                ]
        self.assertFalse(statement.deduction_ids)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            statement.payments = -1
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self._statement(
                date_from=self.today, date_to=self.today - timedelta(days=1)
            )
