from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import OutsourcingCase


@tagged("post_install", "-at_install")
class TestOutsourcingFlow(OutsourcingCase):
    def test_order_resupplies_the_subcontractor(self):
        order = self._order(10)
        resupply = self._resupply(order)
        self.assertEqual(len(resupply), 1)
        self.assertEqual(resupply.location_id, self.stock)
        self.assertEqual(resupply.location_dest_id, self.sub_location)
        self.assertEqual(resupply.move_ids.product_id, self.blank)
        self.assertEqual(resupply.move_ids.product_uom_qty, 20)
        # listed under Outsourcing ▸ Material Sent
        action = self.env.ref("factory_outsourcing.stock_picking_action_resupply")
        self.assertIn(
            resupply,
            self.env["stock.picking"].search(safe_eval(action.domain)),
        )
        production = order.picking_ids.move_ids._get_subcontract_production()
        self.assertEqual(production.location_src_id, self.sub_location)
        self.assertEqual(production.move_raw_ids.product_uom_qty, 20)

    def test_resupply_no_negative_stock(self):
        self.env["stock.quant"]._update_available_quantity(self.blank, self.stock, -90)
        order = self._order(10)  # 20 blanks needed, 10 on hand
        resupply = self._resupply(order).with_user(self.supervisor)
        resupply.action_assign()
        resupply.move_ids.quantity = 20
        resupply.move_ids.picked = True
        with self.assertRaises(UserError) as err:
            resupply.button_validate()
        self.assertIn("Not enough stock", str(err.exception))
        self.assertNotEqual(resupply.state, "done")
        self.assertEqual(self._held(self.blank), 0)
        self.assertEqual(
            self.blank.with_context(location=self.stock.id).qty_available, 10
        )

    def test_resupply_no_over_issue(self):
        order = self._order(10)
        resupply = self._resupply(order).with_user(self.supervisor)
        resupply.move_ids.quantity = 25  # the order needs 20
        resupply.move_ids.picked = True
        with self.assertRaises(UserError):
            resupply.button_validate()
        self.assertEqual(self._held(self.blank), 0)
        self._validate(resupply, 20)
        self.assertEqual(resupply.state, "done")
        self.assertEqual(self._held(self.blank), 20)

    def test_resupply_fifo(self):
        fifo = self.env["product.category"].create(
            {"name": "T FIFO blanks", "factory_issue_policy": "fifo"}
        )
        self.blank.write({"tracking": "lot", "categ_id": fifo.id})
        self.env["stock.quant"]._update_available_quantity(self.blank, self.stock, -100)
        Lot = self.env["stock.lot"]
        old, new = (
            Lot.create({"name": name, "product_id": self.blank.id})
            for name in ("B-OLD", "B-NEW")
        )
        now = fields.Datetime.now()
        for lot, days in ((old, 20), (new, 2)):
            self.env["stock.quant"]._update_available_quantity(
                self.blank,
                self.stock,
                30,
                lot_id=lot,
                in_date=now - timedelta(days=days),
            )
        order = self._order(10)
        resupply = self._resupply(order).with_user(self.supervisor)
        resupply.action_assign()
        self.assertEqual(resupply.move_line_ids.lot_id, old)  # FIFO proposed
        resupply.move_line_ids.write({"lot_id": new.id})
        resupply.move_ids.picked = True
        with self.assertRaises(UserError) as err:
            resupply.button_validate()
        self.assertIn("B-OLD", str(err.exception))
        self.assertEqual(self._held(self.blank), 0)

    def test_partial_receipts_consume_in_proportion(self):
        order = self._order(10)
        self._validate(self._resupply(order), 20)
        self._assert_balance(self.blank, sent=20, consumed=0, held=20)
        receipt = order.picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming"
        )
        # the clerk of the warehouse receives (no Manufacturing rights)
        self._validate(receipt, 4, user=self.clerk)
        self.assertEqual(receipt.state, "done")
        backorder = receipt.backorder_ids
        self.assertEqual(backorder.move_ids.product_uom_qty, 6)
        self.assertEqual(order.order_line.qty_received, 4)
        # 4 housings: 8 blanks consumed, 12 still held
        self._assert_balance(self.blank, sent=20, consumed=8, held=12)
        housing = self._assert_balance(
            self.housing, sent=0, consumed=0, returned=4, held=0
        )
        self.assertEqual(housing.qty_produced, 4)
        self._validate(backorder, 3, user=self.clerk)
        self._assert_balance(self.blank, sent=20, consumed=14, held=6)
        last = backorder.backorder_ids
        self._validate(last, 3)
        self.assertEqual(order.order_line.qty_received, 10)
        self._assert_balance(self.blank, sent=20, consumed=20, held=0)
        productions = self.env["mrp.production"].search(
            [("subcontractor_id", "=", self.subcontractor.id), ("state", "=", "done")]
        )
        self.assertEqual(sorted(productions.mapped("qty_produced")), [3, 3, 4])
        for production in productions:
            consumed = sum(production.move_raw_ids.mapped("quantity"))
            self.assertEqual(consumed, 2 * production.qty_produced)
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(self.housing, self.stock),
            10,
        )

    def test_fee_in_valuation_and_order_cost(self):
        self.blank.categ_id.property_cost_method = "fifo"
        order = self._order(2, price=7.5)
        self._validate(self._resupply(order), 4)
        receipt = order.picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming"
        )
        self._validate(receipt, 2)
        layers = self.env["stock.valuation.layer"].search(
            [("product_id", "=", self.housing.id)]
        )
        # the housing's value: 2 blanks at 2.00 + the fee of 7.50 each
        self.assertAlmostEqual(sum(layers.mapped("value")), 2 * (2 * 2.0 + 7.5))
        # factory_mrp's order cost of the subcontracting order: the fee is its
        # outsourcing part, and the total is Odoo's valuation
        production = receipt.move_ids._get_subcontract_production()
        self.assertEqual(production.state, "done")
        self.assertAlmostEqual(production.factory_cost_material, 8.0)
        self.assertAlmostEqual(production.factory_cost_outsourcing, 15.0)
        self.assertAlmostEqual(production.factory_cost_total, 23.0)
        self.assertAlmostEqual(
            production.factory_cost_total, production.factory_cost_valuation
        )
        self.assertAlmostEqual(
            production.factory_cost_valuation, sum(layers.mapped("value"))
        )
