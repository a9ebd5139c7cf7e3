from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import OutsourcingCase


@tagged("post_install", "-at_install")
class TestExcessLoss(OutsourcingCase):
    """The machining shop may lose 5 % of the blanks (2.00 each); 23 used for
    10 housings (20 needed, 21 allowed) after the supervisor's approval: 2
    blanks are charged to it, 4.00, on its statement."""

    def _receive_with_consumption(self, order, blanks):
        """10 housings made from ``blanks`` blanks (recorded on Odoo's
        subcontracting order), then validated by the clerk."""
        receipt = order.picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming"
        )
        production = receipt.move_ids._get_subcontract_production()
        production.qty_producing = 10
        production._set_qty_producing()
        production.move_raw_ids.write({"quantity": blanks, "picked": True})
        production.subcontracting_record_component()
        receipt = receipt.with_user(self.clerk)
        receipt.move_ids.picked = True
        receipt.button_validate()
        return receipt, production

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.subcontractor.with_user(cls.manager).factory_loss_rate = 5
        cls.bom.consumption = "flexible"

    def _over_consume(self):
        order = self._order(10)
        self._validate(self._resupply(order), 21)
        self.env["stock.quant"]._update_available_quantity(
            self.blank, self.sub_location, 2
        )
        receipt = order.picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming"
        )
        production = receipt.move_ids._get_subcontract_production()
        production.factory_over_issue_reason = "毛坯砂眼，多耗 2 件"
        production.with_user(self.workshop).action_factory_approve_over_issue()
        receipt, production = self._receive_with_consumption(order, 23)
        self.assertEqual(production.state, "done")
        return receipt, production

    def test_excess_loss_charged_on_statement(self):
        receipt, production = self._over_consume()
        charge = self.env["factory.outsourcing.charge"].search(
            [("production_id", "=", production.id)]
        )
        self.assertEqual(charge.kind, "loss")
        self.assertEqual(charge.partner_id, self.subcontractor)
        self.assertEqual(charge.product_id, self.blank)
        self.assertAlmostEqual(charge.quantity, 2.0)
        self.assertAlmostEqual(charge.unit_cost, 2.0)
        self.assertAlmostEqual(charge.amount, 4.0)
        statement = (
            self.env["factory.outsourcing.statement"]
            .with_user(self.purchaser)
            .create(
                {
                    "partner_id": self.subcontractor.id,
                    "date_from": receipt.date_done.date().replace(day=1),
                    "date_to": receipt.date_done.date(),
                }
            )
        )
        statement.action_load_receipts()
        self.assertEqual(statement.line_ids.quantity, 10)
        self.assertEqual(statement.deduction_ids.kind, "loss")
        # 10 x 5.00 with the purchase tax of the test company's products
        self.assertAlmostEqual(statement.line_ids.amount_untaxed, 50.0)
        fees = statement.line_ids.amount_total
        self.assertAlmostEqual(statement.amount_fee, fees)
        self.assertAlmostEqual(statement.amount_deduction, 4.0)
        self.assertAlmostEqual(statement.amount_total, fees - 4.0)

    def test_company_does_not_charge(self):
        self.env.company.factory_charge_excess_loss = False
        __, production = self._over_consume()
        self.assertFalse(
            self.env["factory.outsourcing.charge"].search(
                [("production_id", "=", production.id)]
            )
        )

    def test_forged_charge_refused(self):
        """Charges are written by the receipts' and productions' own code
        only: no role edits an amount, links one to a statement or makes one
        up (RPC included)."""
        __, production = self._over_consume()
        charge = self.env["factory.outsourcing.charge"].search(
            [("production_id", "=", production.id)]
        )
        for user in (self.workshop, self.purchaser, self.manager):
            with self.assertRaises(AccessError):
                charge.with_user(user).write({"amount": 0.0})
            with self.assertRaises(AccessError):
                self.env["factory.outsourcing.charge"].with_user(user).create(
                    {
                        "partner_id": self.subcontractor.id,
                        "company_id": self.env.company.id,
                        "kind": "loss",
                        "date": charge.date,
                        "name": "forged",
                        "quantity": 1,
                    }
                )
        charge.invalidate_recordset()
        self.assertAlmostEqual(charge.amount, 4.0)
        self.assertEqual(
            self.env["factory.outsourcing.charge"].search_count(
                [("name", "=", "forged")]
            ),
            0,
        )
