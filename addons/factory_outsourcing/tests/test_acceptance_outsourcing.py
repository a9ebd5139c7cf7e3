"""End to end with both subcontractors (issue #15): a plating shop doing one
operation of the motor's routing, a machining shop making housings."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import OutsourcingCase
from .operation_common import OperationOutsourcingCase
from .statement_common import StatementCase


@tagged("post_install", "-at_install")
class TestAcceptanceOutsourcing(OperationOutsourcingCase, StatementCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        avco = cls.motor.categ_id
        cls.housing.categ_id = avco
        cls.subcontractor.with_user(cls.manager).factory_loss_rate = 5
        # (cls.bom is the motor's here: the housing's is the subcontract one)
        cls.env["mrp.bom"].search(
            [
                ("product_tmpl_id", "=", cls.housing.product_tmpl_id.id),
                ("type", "=", "subcontract"),
            ]
        ).consumption = "flexible"
        cls.blank.barcode = "6900000000017"
        cls.shaft.barcode = "6900000000031"

    def _both_balanced(self, shafts, blanks):
        """Material balance = Odoo's quants at each subcontractor."""
        self._assert_balance(self.shaft, held=shafts, partner=self.plater)
        self._assert_balance(self.blank, held=blanks, partner=self.subcontractor)

    def _scan_send(self, picking, barcode, qty):
        Scan = self.env["factory.scan"].with_user(self.clerk)
        self.assertIn(picking.id, [row["id"] for row in Scan.pickings("outsource")])
        res = Scan.scan("outsource", barcode, picking.id, qty)
        self.assertTrue(res["ok"], res.get("message"))
        Scan.validate("outsource", picking.id)
        self.assertEqual(picking.state, "done")

    def _housings(self, receipt, qty, blanks):
        """The machining shop reports all ``qty`` housings of the receipt made
        from ``blanks`` blanks (on Odoo's subcontracting order); the clerk
        validates the receipt."""
        production = receipt.move_ids._get_subcontract_production().filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        production.qty_producing = qty
        production._set_qty_producing()
        production.move_raw_ids.write({"quantity": blanks, "picked": True})
        production.subcontracting_record_component()
        receipt = receipt.with_user(self.clerk)
        receipt.move_ids.picked = True
        receipt.button_validate()
        return receipt.with_env(self.env), production

    def _month_statement(self, partner):
        statement = self._statement(partner=partner)
        statement.action_load_receipts()
        return statement

    def test_end_to_end(self):
        # --- orders: 10 housings from the machining shop, 10 motors whose
        # plating the plating shop does
        housing_order = OutsourcingCase._order(self, 10)
        production = self._released(10)
        winding, plating, assembly = self._ops(production)
        self._report(winding, good=10)
        operation = plating.with_user(self.requester)._factory_outsource()
        self._both_balanced(shafts=0, blanks=0)

        # --- resupply by scanning (20 blanks, 10 shafts)
        self._scan_send(self._resupply(housing_order), "6900000000017", 20)
        self._both_balanced(shafts=0, blanks=20)
        self._scan_send(operation.picking_id, "6900000000031", 10)
        self._both_balanced(shafts=10, blanks=20)

        # --- partial receipts: 6 housings (12 blanks); 7 motors passed and a
        # rejected batch of 2 from plating
        receipt = housing_order.picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming"
        )
        first_mo = receipt.move_ids._get_subcontract_production()
        # 6 received: their 12 blanks recorded in proportion, 4 backordered
        receipt = self._validate(receipt, 6, self.clerk)
        self.assertEqual(receipt.state, "done")
        self.assertEqual(first_mo.state, "done")
        self._both_balanced(shafts=10, blanks=8)
        plating_receipt = operation.with_user(self.clerk).action_factory_receive(7, 2)
        self.assertEqual(plating.factory_good_qty, 7)
        with self.assertRaises(UserError):
            self._report(assembly, good=8)
        self._report(assembly, good=7)
        self._both_balanced(shafts=10, blanks=8)

        # --- rework of the rejected batch, without a second fee
        rework = plating_receipt.with_user(self.requester).action_factory_rework()
        self.assertEqual(rework.qty, 2)
        self.assertFalse(rework.purchase_line_id)
        rework.with_user(self.clerk).action_factory_receive(2, 0)
        operation.with_user(self.clerk).action_factory_receive(1, 0)
        self.assertEqual(plating.factory_good_qty, 10)
        self.assertEqual(plating.factory_scrap_qty, 0)
        self._report(assembly, good=3)
        self._both_balanced(shafts=10, blanks=8)

        # --- second receipt over the loss rate: 4 housings from 11 blanks
        # (3 more sent by a transfer), refused until the supervisor approves
        extra = self.env["stock.picking"].create(
            {
                "picking_type_id": self.wh_raw.int_type_id.id,
                "location_id": self.stock.id,
                "location_dest_id": self.sub_location.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.blank.name,
                            "product_id": self.blank.id,
                            "product_uom_qty": 3,
                            "product_uom": self.blank.uom_id.id,
                            "location_id": self.stock.id,
                            "location_dest_id": self.sub_location.id,
                        }
                    )
                ],
            }
        )
        extra.action_confirm()
        self._validate(extra, 3, self.supervisor)
        self._both_balanced(shafts=10, blanks=11)
        backorder = receipt.backorder_ids
        self.assertEqual(backorder.move_ids.product_uom_qty, 4)
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self._housings(backorder, 4, 11)
        self.env.invalidate_all()
        self.assertNotEqual(backorder.state, "done")
        second_mo = backorder.move_ids._get_subcontract_production().filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        second_mo.factory_over_issue_reason = "毛坯砂眼"
        second_mo.with_user(self.workshop).action_factory_approve_over_issue()
        backorder, second_mo = self._housings(backorder, 4, 11)
        self.assertEqual(backorder.state, "done")
        self._both_balanced(shafts=10, blanks=0)
        loss = self.env["factory.outsourcing.charge"].search(
            [("production_id", "=", second_mo.id)]
        )
        # 8 needed, 8.4 allowed, 11 used: 2.6 blanks at 2.00
        self.assertAlmostEqual(loss.quantity, 2.6)
        self.assertAlmostEqual(loss.amount, 5.2)

        # --- the motors are made: the shafts leave the plating shop
        self._close(production)
        self.assertEqual(production.qty_produced, 10)
        self._both_balanced(shafts=0, blanks=0)

        # --- statements of the month
        plating_statement = self._month_statement(self.plater)
        self.assertEqual(plating_statement.line_ids.mapped("quantity"), [7.0, 1.0])
        self.assertAlmostEqual(plating_statement.amount_fee, 24.0)
        self.assertFalse(plating_statement.deduction_ids)
        self.assertEqual(plating_statement.amount_total_cn, "贰拾肆元整")
        machining_statement = self._month_statement(self.subcontractor)
        self.assertEqual(machining_statement.line_ids.mapped("quantity"), [6.0, 4.0])
        # 10 x 5.00 + 13 % VAT, less the excess loss
        self.assertAlmostEqual(machining_statement.amount_fee, 56.5)
        self.assertEqual(machining_statement.deduction_ids.kind, "loss")
        self.assertAlmostEqual(machining_statement.amount_deduction, 5.2)
        self.assertAlmostEqual(machining_statement.amount_total, 51.3)
        self.assertEqual(machining_statement.amount_total_cn, "伍拾壹元叁角整")

        # --- confirmed by the subcontractors, billed: the bill is the
        # statement
        for statement in (plating_statement, machining_statement):
            statement.action_send()
            statement.with_user(self.accountant).action_confirm()
            statement.with_user(self.accountant).action_bill()
            self.assertEqual(statement.state, "billed")
            self.assertAlmostEqual(
                statement.bill_id.amount_total, statement.amount_total
            )
            self.assertEqual(statement.bill_id.partner_id, statement.partner_id)

        # --- every order's cost is Odoo's valuation of what it made
        for order in production | first_mo | second_mo:
            self.assertEqual(order.state, "done")
            finished = order.move_finished_ids.filtered(
                lambda m, order=order: m.product_id == order.product_id
            )
            value = sum(finished.stock_valuation_layer_ids.mapped("value"))
            self.assertAlmostEqual(order.factory_cost_total, value, places=2)
            self.assertAlmostEqual(order.factory_cost_valuation, value, places=2)
        # the fees in them: 10 motors x 3.00 plated; the housings at the fee
        # as Odoo values a subcontracted receipt (its extra unit cost)
        self.assertAlmostEqual(production.factory_cost_outsourcing, 30.0)
        for order, qty in ((first_mo, 6), (second_mo, 4)):
            self.assertGreaterEqual(order.extra_cost, 5.0)
            self.assertAlmostEqual(
                order.factory_cost_outsourcing, order.extra_cost * qty, places=2
            )
