from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import OutsourcingCase


@tagged("post_install", "-at_install")
class TestBalance(OutsourcingCase):
    def test_balance_equals_quants_at_each_step(self):
        order = self._order(10)
        self.assertFalse(self._balance(self.blank))
        self._validate(self._resupply(order), 20)
        self._assert_balance(self.blank, sent=20, consumed=0, held=20)
        receipt = order.picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming"
        )
        self._validate(receipt, 5)
        self._assert_balance(self.blank, sent=20, consumed=10, held=10)
        # 3 blanks come back (surplus): an internal transfer back to stock
        back = self.env["stock.picking"].create(
            {
                "picking_type_id": self.wh_raw.int_type_id.id,
                "location_id": self.sub_location.id,
                "location_dest_id": self.stock.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.blank.name,
                            "product_id": self.blank.id,
                            "product_uom_qty": 3,
                            "product_uom": self.blank.uom_id.id,
                            "location_id": self.sub_location.id,
                            "location_dest_id": self.stock.id,
                        }
                    )
                ],
            }
        )
        back.action_confirm()
        self._validate(back, 3)
        self._assert_balance(self.blank, sent=20, consumed=10, returned=3, held=7)
        # one blank is scrapped at the subcontractor
        scrap = self.env["stock.scrap"].create(
            {
                "product_id": self.blank.id,
                "scrap_qty": 1,
                "location_id": self.sub_location.id,
            }
        )
        scrap.action_validate()
        row = self._assert_balance(self.blank, sent=20, consumed=10, returned=3, held=6)
        self.assertEqual(row.qty_scrapped, 1)
        self.assertEqual(row.location_id, self.sub_location)
        self.assertTrue(row.held_since)
        self.assertEqual(row.age_days, 0)

    def test_one_row_per_subcontractor_and_material(self):
        plating = self.env["res.partner"].create(
            {"name": "T Plating", "is_company": True}
        )
        plating.with_user(self.purchaser).action_factory_create_subcontract_location()
        self.bom.subcontractor_ids = [Command.link(plating.id)]
        self.housing.seller_ids = [
            Command.create({"partner_id": plating.id, "price": 6})
        ]
        first = self._order(5)
        second = self._order(3, partner=plating)
        self._validate(self._resupply(first), 10)
        self._validate(self._resupply(second), 6)
        self.assertEqual(self._balance(self.blank).qty_held, 10)
        self.assertEqual(self._balance(self.blank, partner=plating).qty_held, 6)
        self.assertEqual(self._held(self.blank, partner=plating), 6)
        rows = self.env["factory.outsourcing.balance"].search(
            [("product_id", "=", self.blank.id)]
        )
        self.assertEqual(
            sorted(rows.mapped("partner_id").ids),
            sorted((plating | self.subcontractor).ids),
        )
        # grouped like the pivot does, one query
        groups = self.env["factory.outsourcing.balance"]._read_group(
            [("product_id", "=", self.blank.id)], ["partner_id"], ["qty_held:sum"]
        )
        self.assertEqual(dict(groups), {self.subcontractor: 10, plating: 6})

    def test_who_sees_the_balance(self):
        order = self._order(2)
        self._validate(self._resupply(order), 4)
        for user in (
            self.clerk,
            self.purchaser,
            self.accountant,
            self.workshop,
            self.manager,
        ):
            with self.subTest(user=user.login):
                self.assertEqual(self._balance(self.blank, user=user).qty_held, 4)
        with self.assertRaises(AccessError):
            self._balance(self.blank, user=self.worker)
