from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import OutsourcingCase


@tagged("post_install", "-at_install")
class TestSubcontractor(OutsourcingCase):
    def test_own_location_with_resupply_rules(self):
        location = self.sub_location
        self.assertEqual(location.factory_subcontractor_id, self.subcontractor)
        self.assertEqual(
            location.location_id, self.env.company.subcontracting_location_id
        )
        self.assertTrue(location.is_subcontracting_location)
        self.assertEqual(location.usage, "internal")
        # Odoo copied the resupply rules of the company's location for it: one
        # to stock (MTS) and one on order (MTO) per warehouse
        rules = self.env["stock.rule"].search(
            [
                ("location_dest_id", "=", location.id),
                ("location_src_id", "=", self.stock.id),
            ]
        )
        self.assertEqual(
            set(rules.mapped("procure_method")), {"make_to_stock", "make_to_order"}
        )
        # a second call keeps the same location
        self.subcontractor.with_user(
            self.purchaser
        ).action_factory_create_subcontract_location()
        self.assertEqual(self.subcontractor.factory_subcontract_location_ids, location)
        self.assertEqual(self.subcontractor.property_stock_subcontractor, location)

    def test_only_purchasers_set_up_subcontractors(self):
        partner = self.env["res.partner"].create(
            {"name": "T Plating", "is_company": True}
        )
        for user in (self.clerk, self.worker, self.qc):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                partner.with_user(user).action_factory_create_subcontract_location()
        self.assertFalse(partner.factory_subcontract_location_ids)

    def test_location_owner_is_protected(self):
        other = self.env["res.partner"].create({"name": "T Other", "is_company": True})
        for user in (self.supervisor, self.manager):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.sub_location.with_user(user).write(
                    {"factory_subcontractor_id": other.id}
                )
        with self.assertRaises(UserError):
            self.env["stock.location"].with_user(self.manager).create(
                {
                    "name": "Forged",
                    "usage": "internal",
                    "location_id": self.env.company.subcontracting_location_id.id,
                    "factory_subcontractor_id": other.id,
                }
            )
        self.assertEqual(self.sub_location.factory_subcontractor_id, self.subcontractor)

    def test_loss_rate_validated(self):
        # Purchase administrators (Factory Managers) maintain vendors
        partner = self.subcontractor.with_user(self.manager)
        partner.factory_loss_rate = 2.5
        self.assertEqual(partner.factory_loss_rate, 2.5)
        for bad in (-1, -0.01, 100.5, 1000):
            with (
                self.subTest(rate=bad),
                self.assertRaises(ValidationError),
                self.env.cr.savepoint(),
            ):
                partner.factory_loss_rate = bad
                partner.flush_recordset()
            self.subcontractor.invalidate_recordset()
            self.assertEqual(self.subcontractor.factory_loss_rate, 2.5)

    def test_default_fee_is_the_vendor_price(self):
        order = self._order(10)
        self.assertTrue(order.factory_is_outsourcing)
        self.assertEqual(order.order_line.price_unit, 5.0)
        self.assertIn(
            order,
            self.env["purchase.order"].search([("factory_is_outsourcing", "=", True)]),
        )
        ordinary = self.env["purchase.order"].create(
            {
                "partner_id": self.subcontractor.id,
                "order_line": [Command.create({"product_id": self.blank.id})],
            }
        )
        self.assertFalse(ordinary.factory_is_outsourcing)
        self.assertNotIn(
            ordinary,
            self.env["purchase.order"].search([("factory_is_outsourcing", "=", True)]),
        )

    def test_negative_fee_refused(self):
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.housing.seller_ids.with_user(self.manager).price = -1
            self.housing.seller_ids.flush_recordset()
        self.housing.seller_ids.invalidate_recordset()
        self.assertEqual(self.housing.seller_ids.price, 5.0)
        order = self._order(10)
        with self.assertRaises(ValidationError) as err, self.env.cr.savepoint():
            order.order_line.with_user(self.purchaser).price_unit = -5
            order.order_line.flush_recordset()
        self.assertIn("cannot be negative", str(err.exception))
        order.order_line.invalidate_recordset()
        self.assertEqual(order.order_line.price_unit, 5.0)

    def test_fee_closed_to_clerk_and_worker(self):
        order = self._order(10)
        for user in (self.clerk, self.worker, self.qc):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                order.order_line.with_user(user).read(["price_unit"])
