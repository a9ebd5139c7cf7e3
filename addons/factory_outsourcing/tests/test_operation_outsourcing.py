from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .operation_common import OperationOutsourcingCase


@tagged("post_install", "-at_install")
class TestOperationOutsourcing(OperationOutsourcingCase):
    """A 3-operation order whose middle operation is done by a plating shop."""

    def test_outsourced_middle_operation(self):
        production = self._released(10)
        winding, plating, assembly = self._ops(production)
        self.assertEqual(plating.factory_subcontractor_id, self.plater)
        self._report(winding, good=10)
        # the outsourced operation is not reported on the shop floor
        with self.assertRaises(UserError):
            self._report(plating, good=10, user=self.requester)
        # only a Workshop Supervisor releases it
        with self.assertRaises(AccessError):
            plating.with_user(self.clerk).action_factory_outsource()
        plating.with_user(self.requester).action_factory_outsource()
        operation = plating.factory_outsourcing_ids
        self.assertEqual(len(operation), 1)
        self.assertEqual(operation.qty, 10)
        self.assertEqual(operation.state, "released")
        # the outsourcing order: the fee line, confirmed, among the
        # outsourcing orders
        order = operation.purchase_id
        self.assertEqual(order.state, "purchase")
        self.assertEqual(order.partner_id, self.plater)
        self.assertEqual(order.order_line.price_unit, 3.0)
        self.assertEqual(order.order_line.product_qty, 10)
        self.assertEqual(order.order_line.factory_workorder_id, plating)
        self.assertIn(
            order,
            self.env["purchase.order"].search([("factory_is_outsourcing", "=", True)]),
        )
        # the shaft (consumed in plating) goes to the plating shop; the
        # order's shaft move consumes there
        picking = operation.picking_id
        self.assertEqual(picking.location_dest_id, self.plating_location)
        self.assertEqual(picking.move_ids.product_id, self.shaft)
        self.assertEqual(picking.move_ids.product_uom_qty, 10)
        shaft_move = production.move_raw_ids.filtered(
            lambda m: m.product_id == self.shaft
        )
        self.assertEqual(shaft_move.location_id, self.plating_location)
        self._assert_balance(self.shaft, held=0)
        # nothing more can be sent than winding produced
        with self.assertRaises(UserError):
            plating.with_user(self.requester).action_factory_outsource()
        # no over-issue: 15 shafts are refused, 10 issued
        with self.assertRaises(UserError):
            self._validate(picking, 15, self.clerk)
        self.assertEqual(picking.state, "assigned")
        self._validate(picking, 10, self.clerk)
        self.assertEqual(picking.state, "done")
        self._assert_balance(self.shaft, held=10)
        wip = self.env["factory.mrp.wip"].search(
            [("production_id", "=", production.id)]
        )
        self.assertEqual(wip.at_subcontractor_qty, 10)
        self.assertEqual(wip.subcontractor_id, self.plater)

        # a receipt above what can come back: refused, nothing changed
        with self.assertRaises(UserError):
            operation.with_user(self.clerk).action_factory_receive(9, 2)
        self.assertFalse(operation.receipt_ids)
        self.assertEqual(operation.qty_at_subcontractor, 10)
        with self.assertRaises(UserError):
            operation.with_user(self.clerk).action_factory_receive(-1, 0)
        # a line worker does not receive
        with self.assertRaises(AccessError):
            operation.with_user(self.worker).action_factory_receive(1, 0)

        receipt = operation.with_user(self.clerk).action_factory_receive(6, 1)
        self.assertEqual(plating.factory_good_qty, 6)
        self.assertEqual(operation.qty_at_subcontractor, 3)
        self.assertEqual(order.order_line.qty_received, 6)
        wip.invalidate_model()
        self.assertEqual(wip.at_subcontractor_qty, 3)
        self._assert_balance(self.shaft, held=10)
        # assembly reports only what came back passed
        with self.assertRaises(UserError):
            self._report(assembly, good=7)
        self._report(assembly, good=6)

        # forged writes of the booked figures are refused
        with self.assertRaises(UserError):
            receipt.with_user(self.requester).write({"qty_passed": 10})
        with self.assertRaises(UserError):
            operation.with_user(self.requester).write({"state": "done"})
        with self.assertRaises(UserError):
            operation.with_user(self.requester).write({"qty": 20})
        with self.assertRaises(UserError):
            self.env["factory.outsourcing.operation.receipt"].with_user(
                self.clerk
            ).create({"operation_id": operation.id, "qty_passed": 3})
        with self.assertRaises(UserError):
            order.order_line.with_user(self.purchaser).write({"price_unit": 1.0})
        with self.assertRaises(UserError):
            plating.with_user(self.requester).write({"factory_operation_fee": 1.0})
        self.assertEqual(receipt.qty_passed, 6)
        self.assertEqual(operation.state, "released")

        operation.with_user(self.clerk).action_factory_receive(3, 0)
        self.assertEqual(operation.state, "done")
        self.assertEqual(plating.factory_good_qty, 9)
        self._report(assembly, good=3)
        with self.assertRaises(UserError):
            self._report(assembly, good=1)

        # the order is closed with the 9 that passed (the rejected one is
        # the plating's scrap): the shafts leave the plating shop through the
        # order's own component move
        self._close(production)
        self.assertEqual(production.state, "done")
        self.assertEqual(production.qty_produced, 9)
        row = self._assert_balance(self.shaft, held=0)
        self.assertEqual(row.qty_sent, 10)
        self.assertEqual(row.qty_consumed, 10)
        # the fee is the order's outsourcing cost, inside Odoo's valuation
        self.assertAlmostEqual(production.extra_cost, 3.0)
        self.assertAlmostEqual(production.factory_cost_outsourcing, 27.0)
        self.assertAlmostEqual(
            production.factory_cost_total, production.factory_cost_valuation
        )
        finished = production.move_finished_ids.filtered(
            lambda m: m.product_id == self.motor
        )
        self.assertAlmostEqual(
            sum(finished.stock_valuation_layer_ids.mapped("value")),
            production.factory_cost_total,
        )

        # both receipts that passed are on the plating shop's statement
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
        self.assertEqual(statement.line_ids.mapped("quantity"), [6.0, 3.0])
        self.assertAlmostEqual(statement.amount_total, 27.0)

    def test_fields_hidden_from_clerks_and_workers(self):
        production = self._released(10)
        winding, plating, __ = self._ops(production)
        self._report(winding, good=10)
        plating.with_user(self.requester).action_factory_outsource()
        operation = plating.factory_outsourcing_ids
        for user in (self.clerk, self.worker):
            with self.assertRaises(AccessError):
                operation.with_user(user).read(["fee"])
            self.assertNotIn(
                "fee", operation.with_user(user).fields_get(attributes=["string"])
            )
        with self.assertRaises(AccessError):
            self.op_plating.with_user(self.clerk).read(["factory_operation_fee"])
        self.assertEqual(operation.with_user(self.purchaser).fee, 3.0)

    def test_negative_fee_refused(self):
        with self.assertRaises(ValidationError):
            self.op_plating.factory_operation_fee = -1
