from odoo import Command
from odoo.tests import tagged

from .common import FactoryAlertsCase


@tagged("post_install", "-at_install")
class TestPurchaseRequests(FactoryAlertsCase):
    """Low-stock rules draft RFQs: grouped by main vendor, up to the maximum
    minus what is on order, never a second while one is open."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.vendor_a = Partner.create({"name": "Test Wire Works"})
        cls.vendor_b = Partner.create({"name": "Test Magnet Works"})
        cls.third = cls._create_material("TST-0003", "Brush")
        cls.orphan = cls._create_material("TST-0004", "Orphan part")
        for product, vendors in (
            (cls.material, (cls.vendor_a, cls.vendor_b)),  # main vendor: A
            (cls.other_material, (cls.vendor_b,)),
            (cls.third, (cls.vendor_a,)),
        ):
            product.seller_ids = [
                Command.create({"partner_id": v.id, "price": 2.0, "sequence": i})
                for i, v in enumerate(vendors)
            ]
        for product in (cls.third, cls.orphan):
            cls.env["stock.warehouse.orderpoint"].create(
                {
                    "product_id": product.id,
                    "warehouse_id": cls.wh_raw.id,
                    "location_id": cls.wh_raw.lot_stock_id.id,
                    "product_min_qty": 10,
                    "product_max_qty": 50,
                }
            )

    def _orders(self, rule):
        return self.env["purchase.order"].search([("origin", "=", rule.name)])

    def test_rfqs_by_vendor_up_to_maximum(self):
        self._put(self.material, 4)
        self._put(self.other_material, 0)
        rule = self._rule("below_safety", create_rfq=True)
        rule._factory_run()
        orders = self._orders(rule)
        self.assertEqual(orders.partner_id, self.vendor_a | self.vendor_b)
        self.assertEqual(set(orders.mapped("state")), {"draft"})
        self.assertEqual(orders.picking_type_id, self.wh_raw.in_type_id)
        lines = {
            (line.order_id.partner_id, line.product_id): line.product_qty
            for line in orders.order_line
        }
        self.assertEqual(
            lines,
            {
                (self.vendor_a, self.material): 46,
                (self.vendor_a, self.third): 50,
                (self.vendor_b, self.other_material): 50,
            },
        )
        alert = self._open(rule).filtered(lambda a: a.product_id == self.material)
        self.assertEqual(alert.purchase_order_id.partner_id, self.vendor_a)
        # the orphan has no vendor: said on the rule, no order
        self.assertIn("Orphan part", rule.message_ids[0].body)
        # open RFQs: no second request
        rule._factory_run()
        self.assertEqual(self._orders(rule), orders)
        # confirmed: on order, still no new request
        orders.filtered(lambda o: o.partner_id == self.vendor_b).button_confirm()
        rule._factory_run()
        self.assertEqual(self._orders(rule), orders)

    def test_quantity_minus_what_is_on_order(self):
        self._put(self.other_material, 0)
        self._put(self.material, 20)  # not low
        confirmed = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor_b.id,
                "picking_type_id": self.wh_raw.in_type_id.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.other_material.id, "product_qty": 20}
                    )
                ],
            }
        )
        confirmed.button_confirm()
        rule = self._rule("below_safety", create_rfq=True)
        rule._factory_run()
        line = self._orders(rule).order_line.filtered(
            lambda line: line.product_id == self.other_material
        )
        self.assertEqual(line.product_qty, 30)

    def test_only_low_stock_rules_order(self):
        self._put(self.material, 60)
        rule = self._rule("above_max", create_rfq=True)
        rule._factory_run()
        self.assertTrue(self._open(rule))
        self.assertFalse(self._orders(rule))
