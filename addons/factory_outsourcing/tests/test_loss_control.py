from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import OutsourcingCase


@tagged("post_install", "-at_install")
class TestLossControl(OutsourcingCase):
    """The machining shop may lose 5 % of the blanks; more needs a Workshop
    Supervisor's approval."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.subcontractor.with_user(cls.manager).factory_loss_rate = 5
        cls.bom.consumption = "flexible"

    def _receive_with_consumption(self, order, blanks):
        """The subcontractor reports 10 housings made from ``blanks`` blanks
        (recorded on Odoo's subcontracting order), then the clerk validates."""
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

    def test_resupply_within_loss_rate(self):
        order = self._order(10)  # 20 blanks, 5 % loss: up to 21
        resupply = self._resupply(order).with_user(self.supervisor)
        resupply.move_ids.quantity = 22
        resupply.move_ids.picked = True
        with self.assertRaises(UserError):
            resupply.button_validate()
        self.assertEqual(self._held(self.blank), 0)
        self._validate(resupply, 21)
        self._assert_balance(self.blank, sent=21, consumed=0, held=21)

    def test_consumption_over_loss_rate_needs_approval(self):
        order = self._order(10)
        self._validate(self._resupply(order), 20)
        # 3 more blanks sent by hand (not for the order)
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
        self._validate(extra, 3)
        with self.assertRaises(UserError):
            self._receive_with_consumption(order, 23)
        receipt = order.picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming"
        )
        self.assertNotEqual(receipt.state, "done")
        production = receipt.move_ids._get_subcontract_production()
        production.factory_over_issue_reason = "毛坯砂眼，多耗 3 件"
        for user in (self.purchaser, self.clerk):
            with self.assertRaises(AccessError):
                production.with_user(user).action_factory_approve_over_issue()
        production.with_user(self.workshop).action_factory_approve_over_issue()
        self.assertEqual(production.factory_over_issue_approved_by_id, self.workshop)
        receipt, production = self._receive_with_consumption(order, 23)
        self.assertEqual(receipt.state, "done")
        self.assertEqual(production.state, "done")
        self._assert_balance(self.blank, sent=23, consumed=23, held=0)

    def test_consumption_within_loss_rate(self):
        order = self._order(10)
        self._validate(self._resupply(order), 21)
        receipt, production = self._receive_with_consumption(order, 21)
        self.assertEqual(receipt.state, "done")
        self.assertEqual(production.state, "done")
        self._assert_balance(self.blank, sent=21, consumed=21, held=0)
