from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .statement_common import StatementCase


@tagged("post_install", "-at_install")
class TestStatementAccess(StatementCase):
    def setUp(self):
        super().setUp()
        self._receive_order()

    def _sent(self):
        statement = self._statement()
        statement.action_load_receipts()
        statement.action_send()
        return statement

    def test_purchaser_cannot_confirm_or_bill(self):
        statement = self._sent()
        with self.assertRaises(AccessError):
            statement.action_confirm()
        self.assertEqual(statement.state, "sent")
        statement.with_user(self.accountant).action_confirm()
        with self.assertRaises(AccessError):
            statement.with_user(self.purchaser).action_bill()
        self.assertEqual(statement.state, "confirmed")
        self.assertFalse(statement.bill_id)

    def test_accountant_creates_confirms_and_bills(self):
        statement = self._statement(user=self.accountant)
        statement.action_load_receipts()
        statement.action_send()
        statement.action_confirm()
        statement.action_bill()
        self.assertEqual(statement.state, "billed")
        self.assertTrue(statement.bill_id)

    def test_no_access_for_clerk_worker_qc(self):
        statement = self._sent()
        for user in (self.clerk, self.worker, self.qc):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    statement.with_user(user).read(["amount_total"])
                with self.assertRaises(AccessError):
                    statement.line_ids.with_user(user).read(["quantity"])
                with self.assertRaises(AccessError):
                    self.env["factory.outsourcing.statement"].with_user(
                        user
                    ).search_read([], ["name"])

    def test_money_fields_need_the_cost_right(self):
        statement = self._sent()
        Statement = self.env["factory.outsourcing.statement"]
        money = {
            name
            for name, field in Statement._fields.items()
            if field.type == "monetary" or name.endswith("_cn")
        }
        self.assertTrue(money)
        for name in money:
            self.assertEqual(
                Statement._fields[name].groups, "factory_stock.group_factory_cost", name
            )
        for name in ("price_unit", "amount_untaxed", "amount_total", "tax_ids"):
            self.assertEqual(
                self.env["factory.outsourcing.statement.line"]._fields[name].groups,
                "factory_stock.group_factory_cost",
            )
        data = statement.with_user(self.purchaser).read(
            ["amount_total", "amount_total_cn"]
        )
        self.assertAlmostEqual(data[0]["amount_total"], 56.5)

    def test_forged_writes_refused(self):
        statement = self._statement()
        statement.action_load_receipts()
        forged = {
            "state": "confirmed",
            "confirmed_by_id": self.accountant.id,
            "bill_id": False,
            "previous_balance": -1000,
        }
        for field, value in forged.items():
            for user in (self.purchaser, self.accountant, self.manager):
                with (
                    self.subTest(field=field, user=user.login),
                    self.assertRaises(UserError),
                ):
                    statement.with_user(user).write({field: value})
        self.assertEqual(statement.state, "draft")
        with self.assertRaises(UserError):
            self.env["factory.outsourcing.statement"].with_user(self.accountant).create(
                {
                    "partner_id": self.subcontractor.id,
                    "date_from": self.today,
                    "date_to": self.today,
                    "state": "billed",
                }
            )
        Line = self.env["factory.outsourcing.statement.line"].with_user(self.purchaser)
        line = statement.line_ids[0].with_user(self.purchaser)
        for vals in ({"quantity": 1000}, {"price_unit": 99}, {"move_id": False}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                line.write(vals)
        with self.assertRaises(UserError):
            Line.create({"statement_id": statement.id, "quantity": 5, "price_unit": 1})
        with self.assertRaises(UserError):
            line.unlink()
        with self.assertRaises(UserError):
            statement.with_user(self.purchaser).write(
                {"line_ids": [Command.create({"quantity": 5})]}
            )
        # a default_ key of a protected field is ignored
        created = (
            self.env["factory.outsourcing.statement"]
            .with_user(self.purchaser)
            .with_context(default_state="billed")
            .create(
                {
                    "partner_id": self.subcontractor.id,
                    "date_from": self.today,
                    "date_to": self.today,
                }
            )
        )
        self.assertEqual(created.state, "draft")
        self.assertEqual(sorted(statement.line_ids.mapped("quantity")), [4, 6])

    def test_sent_statement_is_frozen(self):
        statement = self._sent()
        for vals in (
            {"payments": 5},
            {"date_to": self.today.replace(day=1)},
            {"deduction_ids": [Command.create({"name": "x", "amount": 1})]},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                statement.write(vals)
        with self.assertRaises(UserError):
            statement.unlink()
        # the signed copy and the subcontractor's signatory may be added
        statement.write({"confirmed_contact": "李会计"})
        self.assertEqual(statement.confirmed_contact, "李会计")
