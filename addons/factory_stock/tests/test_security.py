from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import FactoryStockCase


@tagged("post_install", "-at_install")
class TestFactorySecurity(FactoryStockCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["stock.quant"]._update_available_quantity(cls.material, cls.bin_a, 10)
        cls.env["stock.quant"]._update_available_quantity(
            cls.other_material, cls.wh_fg.lot_stock_id, 3
        )

    def test_roles_imply_native_groups(self):
        self.assertTrue(self.clerk.has_group("stock.group_stock_user"))
        self.assertFalse(self.clerk.has_group("stock.group_stock_manager"))
        self.assertTrue(
            self.supervisor.has_group("factory_stock.group_warehouse_clerk")
        )
        self.assertTrue(self.supervisor.has_group("stock.group_stock_manager"))
        self.assertTrue(self.accountant.has_group("account.group_account_invoice"))
        for role in (
            "group_warehouse_supervisor",
            "group_qc_inspector",
            "group_purchaser",
            "group_accountant",
            "group_workshop_supervisor",
            "group_line_worker",
        ):
            self.assertTrue(self.manager.has_group(f"factory_stock.{role}"), role)

    def test_cost_unreadable_without_cost_right(self):
        product = self.material
        for user in (self.clerk, self.qc, self.worker):
            with self.assertRaises(AccessError, msg=user.login):
                product.with_user(user).read(["standard_price"])
            with self.assertRaises(AccessError, msg=user.login):
                product.product_tmpl_id.with_user(user).read(["standard_price"])
            with self.assertRaises(AccessError, msg=user.login):
                self.env["product.product"].with_user(user).search_read(
                    [("id", "=", product.id)], ["total_value"]
                )
            with self.assertRaises(AccessError, msg=user.login):
                self.env["product.product"].with_user(user).search(
                    [("standard_price", ">", 0)]
                )
            fields = self.env["product.product"].with_user(user).fields_get()
            self.assertNotIn("standard_price", fields, user.login)
        with self.assertRaises(AccessError):
            self.env["factory.stock.board"].with_user(self.clerk).search([]).read(
                ["value"]
            )
        # a clerk cannot set the cost either
        with self.assertRaises(AccessError):
            product.with_user(self.clerk).write({"standard_price": 1.0})
        self.assertEqual(product.standard_price, 10.0)

    def test_cost_readable_with_cost_right(self):
        for user in (self.supervisor, self.purchaser, self.accountant, self.manager):
            values = self.material.with_user(user).read(["standard_price"])
            self.assertEqual(values[0]["standard_price"], 10.0, user.login)
        row = self._board(self.material, self.wh_raw, user=self.manager)
        self.assertAlmostEqual(row.read(["value"])[0]["value"], 100.0)

    def test_clerk_sees_only_assigned_warehouses(self):
        Quant = self.env["stock.quant"].with_user(self.clerk)
        quants = Quant.search(
            [("product_id", "in", (self.material | self.other_material).ids)]
        )
        self.assertEqual(quants.product_id, self.material)
        self.assertFalse(
            Quant.search([("location_id", "=", self.wh_fg.lot_stock_id.id)])
        )
        other_quant = self.env["stock.quant"].search(
            [("product_id", "=", self.other_material.id)]
        )
        with self.assertRaises(AccessError):
            other_quant.with_user(self.clerk).read(["quantity"])
        board = self.env["factory.stock.board"].with_user(self.clerk).search([])
        self.assertEqual(board.warehouse_id, self.wh_raw)
        pickings = self.env["stock.picking"].with_user(self.clerk).search([])
        self.assertFalse(pickings.picking_type_id.warehouse_id - self.wh_raw)

    def test_assignment_change_applies_at_once(self):
        Quant = self.env["stock.quant"].with_user(self.clerk)
        self.assertFalse(Quant.search([("product_id", "=", self.other_material.id)]))
        self.clerk.factory_warehouse_ids = [(4, self.wh_fg.id)]
        self.assertTrue(Quant.search([("product_id", "=", self.other_material.id)]))

    def test_manager_sees_all_warehouses(self):
        quants = (
            self.env["stock.quant"]
            .with_user(self.manager)
            .search([("product_id", "in", (self.material | self.other_material).ids)])
        )
        self.assertEqual(quants.product_id, self.material | self.other_material)
        board = (
            self.env["factory.stock.board"]
            .with_user(self.manager)
            .search([("warehouse_id", "in", (self.wh_raw | self.wh_fg).ids)])
        )
        self.assertEqual(board.warehouse_id, self.wh_raw | self.wh_fg)

    def test_line_worker_has_no_stock_board(self):
        with self.assertRaises(AccessError):
            self.env["factory.stock.board"].with_user(self.worker).search([])
        with self.assertRaises(AccessError):
            self.env["stock.warehouse.orderpoint"].with_user(self.worker).create(
                {
                    "product_id": self.material.id,
                    "warehouse_id": self.wh_raw.id,
                    "location_id": self.wh_raw.lot_stock_id.id,
                    "product_min_qty": 1,
                    "product_max_qty": 2,
                }
            )

    def test_clerk_cannot_assign_warehouses(self):
        with self.assertRaises(AccessError):
            self.clerk.with_user(self.clerk).write(
                {"factory_warehouse_ids": [(4, self.wh_fg.id)]}
            )

    def test_clerk_validates_transfers_without_seeing_costs(self):
        """Odoo values receipts and deliveries with the product cost, read as
        the validating user: a clerk must still be able to do the job."""
        self.category.property_cost_method = "average"
        wh = self.wh_raw
        supplier = self.env.ref("stock.stock_location_suppliers")
        customer = self.env.ref("stock.stock_location_customers")
        Picking = self.env["stock.picking"].with_user(self.clerk)
        for picking_type, src, dest, qty in (
            (wh.in_type_id, supplier, self.bin_a, 5),
            (wh.out_type_id, wh.lot_stock_id, customer, 12),
        ):
            picking = Picking.create(
                {
                    "picking_type_id": picking_type.id,
                    "location_id": src.id,
                    "location_dest_id": dest.id,
                    "move_ids": [
                        (
                            0,
                            0,
                            {
                                "name": "move",
                                "product_id": self.material.id,
                                "product_uom_qty": qty,
                                "product_uom": self.material.uom_id.id,
                                "location_id": src.id,
                                "location_dest_id": dest.id,
                            },
                        )
                    ],
                }
            )
            picking.action_confirm()
            picking.action_assign()
            picking.move_ids.quantity = qty
            picking.move_ids.picked = True
            picking.button_validate()
            self.assertEqual(picking.state, "done")
        self.assertEqual(self.material.qty_available, 3)
        layers = self.env["stock.valuation.layer"].search(
            [("product_id", "=", self.material.id)]
        )
        # valued at the cost of 10.0 the clerk cannot see
        self.assertEqual(sorted(layers.mapped("value")), [-120.0, 50.0])
        # and the cost is still refused to the clerk through RPC
        with self.assertRaises(AccessError):
            self.material.with_user(self.clerk).read(["standard_price"])
