from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .operation_common import OperationOutsourcingCase


@tagged("post_install", "-at_install")
class TestOperationRework(OperationOutsourcingCase):
    """Rejected goods of a plating receipt: one goes back for rework without a
    second fee, one is scrapped and charged to the plating shop."""

    def test_rework_and_scrap_charged(self):
        production = self._released(10)
        winding, plating, assembly = self._ops(production)
        plating.factory_operation_fee = 8.0
        self._report(winding, good=10)
        operation = plating.with_user(self.requester)._factory_outsource()
        self._validate(operation.picking_id, 10, self.clerk)
        receipt = operation.with_user(self.clerk).action_factory_receive(8, 2)
        self.assertEqual(receipt.qty_undecided, 2)
        # the plating's scrap until decided: assembly gets what passed
        self.assertEqual(plating.factory_good_qty, 8)

        for user in (self.clerk, self.worker, self.purchaser):
            with self.assertRaises(AccessError):
                receipt.with_user(user).action_factory_rework(1)
        with self.assertRaises(UserError):
            receipt.with_user(self.requester).action_factory_rework(3)
        self.assertFalse(receipt.rework_ids)

        # rework: a rework order of 1, no fee, no second order line
        rework = receipt.with_user(self.requester).action_factory_rework(1)
        self.assertEqual(rework.qty, 1)
        self.assertEqual(rework.sudo().fee, 0.0)
        self.assertFalse(rework.purchase_line_id)
        self.assertEqual(rework.rework_of_id, receipt)
        self.assertEqual(receipt.qty_undecided, 1)
        self.assertEqual(plating.factory_at_subcontractor_qty, 1)
        # a rework order cannot be sent twice nor count as a new release
        with self.assertRaises(UserError):
            plating.with_user(self.requester)._factory_outsource()

        # scrap: charged at the order's components per unit (1 shaft at 10.00
        # + 2 magnets at 10.00)
        charge = receipt.with_user(self.requester).action_factory_scrap_charge()
        self.assertEqual(charge.kind, "reject")
        self.assertEqual(charge.quantity, 1)
        self.assertAlmostEqual(charge.amount, 30.0)
        self.assertEqual(receipt.qty_undecided, 0)
        with self.assertRaises(UserError):
            receipt.with_user(self.requester).action_factory_scrap_charge(1)
        with self.assertRaises(UserError):
            charge.with_user(self.purchaser).write({"amount": 1.0})

        # the reworked one comes back passed
        rework.with_user(self.clerk).action_factory_receive(1, 0)
        self.assertEqual(rework.state, "done")
        self.assertEqual(plating.factory_good_qty, 9)
        self.assertEqual(plating.factory_scrap_qty, 1)
        with self.assertRaises(UserError):
            self._report(assembly, good=10)
        self._report(assembly, good=9)
        self._close(production)
        self._assert_balance(self.shaft, held=0)
        self.assertEqual(production.qty_produced, 9)
        # one fee line, for the first 8 only: the rework was free
        self.assertEqual(operation.purchase_id.order_line.qty_received, 8)
        self.assertAlmostEqual(production.factory_cost_outsourcing, 8.0 * 9)

        statement = (
            self.env["factory.outsourcing.statement"]
            .with_user(self.purchaser)
            .create(
                {
                    "partner_id": self.plater.id,
                    "date_from": receipt.date.date().replace(day=1),
                    "date_to": receipt.date.date(),
                }
            )
        )
        statement.action_load_receipts()
        self.assertEqual(statement.line_ids.mapped("quantity"), [8.0])
        self.assertEqual(statement.deduction_ids.kind, "reject")
        self.assertAlmostEqual(statement.amount_fee, 64.0)
        self.assertAlmostEqual(statement.amount_deduction, 30.0)
        self.assertAlmostEqual(statement.amount_total, 34.0)
        self.assertEqual(statement.amount_total_cn, "叁拾肆元整")
        self.assertEqual(charge.statement_id, statement)
        # loaded once
        statement.action_load_receipts()
        self.assertEqual(len(statement.deduction_ids), 1)
        self.assertEqual(len(statement.line_ids), 1)
