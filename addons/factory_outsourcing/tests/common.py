from odoo import Command
from odoo.tests import Form, new_test_user

from odoo.addons.factory_stock.tests.common import FactoryStockCase


class OutsourcingCase(FactoryStockCase):
    """A machining subcontractor with its own location, a housing it makes
    from two blanks each (fee 5.00 per housing) and blanks in stock."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.workshop = new_test_user(
            cls.env,
            login="t_workshop",
            groups="base.group_user,factory_stock.group_workshop_supervisor",
        )
        cls.subcontractor = cls.env["res.partner"].create(
            {"name": "Test Machining Shop", "is_company": True}
        )
        cls.subcontractor.with_user(
            cls.purchaser
        ).action_factory_create_subcontract_location()
        cls.sub_location = cls.subcontractor.property_stock_subcontractor
        cls.blank = cls._create_material("TST-OUT-1", "Housing blank", cost=2.0)
        cls.blank.route_ids = [
            Command.link(
                cls.env.ref("mrp_subcontracting.route_resupply_subcontractor_mto").id
            )
        ]
        cls.housing = cls._create_material(
            "TST-OUT-2",
            "Machined housing",
            cost=0.0,
            seller_ids=[
                Command.create({"partner_id": cls.subcontractor.id, "price": 5.0})
            ],
        )
        cls.bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.housing.product_tmpl_id.id,
                "type": "subcontract",
                "subcontractor_ids": [Command.set(cls.subcontractor.ids)],
                "product_qty": 1,
                "bom_line_ids": [
                    Command.create({"product_id": cls.blank.id, "product_qty": 2})
                ],
            }
        )
        cls.stock = cls.wh_raw.lot_stock_id
        cls.env["stock.quant"]._update_available_quantity(cls.blank, cls.stock, 100)

    def _order(self, qty, product=None, price=None, partner=None):
        """A confirmed outsourcing order of ``qty`` into wh_raw, made by the
        Purchaser."""
        line = {"product_id": (product or self.housing).id, "product_qty": qty}
        if price is not None:
            line["price_unit"] = price
        order = (
            self.env["purchase.order"]
            .with_user(self.purchaser)
            .create(
                {
                    "partner_id": (partner or self.subcontractor).id,
                    "picking_type_id": self.wh_raw.in_type_id.id,
                    "order_line": [Command.create(line)],
                }
            )
        )
        order.button_confirm()
        return order.with_env(self.env)

    def _resupply(self, order):
        return order._get_subcontracting_resupplies()

    def _validate(self, picking, qty, user=None):
        """Validate ``picking`` (one move) with ``qty`` done; a backorder is
        created for the rest."""
        user = user or self.supervisor
        picking = picking.with_user(user)
        picking.move_ids.quantity = qty
        picking.move_ids.picked = True
        action = picking.button_validate()
        if isinstance(action, dict) and action.get("res_model"):
            Form.from_action(self.env(user=user), action).save().process()
        return picking.with_env(self.env)

    def _held(self, product, partner=None):
        """Odoo's quants of ``product`` at the subcontractor's location."""
        quants = self.env["stock.quant"].search(
            [
                (
                    "location_id",
                    "child_of",
                    (partner or self.subcontractor).property_stock_subcontractor.id,
                ),
                ("product_id", "=", product.id),
            ]
        )
        return sum(quants.mapped("quantity"))

    def _balance(self, product, partner=None, user=None):
        Balance = self.env["factory.outsourcing.balance"]
        Balance.invalidate_model()
        if user:
            Balance = Balance.with_user(user)
        return Balance.search(
            [
                ("partner_id", "=", (partner or self.subcontractor).id),
                ("product_id", "=", product.id),
            ]
        )

    def _assert_balance(self, product, sent, consumed, returned=0.0, held=None):
        row = self._balance(product)
        quants = self._held(product)
        self.assertEqual(len(row), 1)
        self.assertAlmostEqual(row.qty_sent, sent)
        self.assertAlmostEqual(row.qty_consumed, consumed)
        self.assertAlmostEqual(row.qty_returned, returned)
        balance = (
            row.qty_sent
            + row.qty_produced
            - row.qty_consumed
            - row.qty_returned
            - row.qty_scrapped
        )
        self.assertAlmostEqual(row.qty_balance, balance)
        self.assertAlmostEqual(row.qty_held, quants)
        self.assertAlmostEqual(balance, quants)
        if held is not None:
            self.assertAlmostEqual(quants, held)
        return row
