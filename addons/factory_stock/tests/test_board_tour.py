from odoo import Command
from odoo.tests import new_test_user, tagged

from .tour_case import FactoryTourCase

MATERIAL_CODE = "TOUR-MAT-001"


@tagged("post_install", "-at_install")
class TestBoardTour(FactoryTourCase):
    """A warehouse clerk looks up a material on the live stock board from a
    phone and drills down to its quants (browser tour
    factory_stock_board_tour)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Warehouse = cls.env["stock.warehouse"]
        cls.warehouse = Warehouse.create({"name": "Tour Main Store", "code": "TOURA"})
        cls.other_warehouse = Warehouse.create(
            {"name": "Tour Other Store", "code": "TOURB"}
        )
        Location = cls.env["stock.location"]
        cls.bin_a, cls.bin_b, other_bin = Location.create(
            [
                {"name": name, "usage": "internal", "location_id": parent.id}
                for name, parent in (
                    ("Bin A", cls.warehouse.lot_stock_id),
                    ("Bin B", cls.warehouse.lot_stock_id),
                    ("Bin Z", cls.other_warehouse.lot_stock_id),
                )
            ]
        )
        Product = cls.env["product.product"]
        cls.material = Product.create(
            {
                "name": "Tour Resistor",
                "is_storable": True,
                "default_code": MATERIAL_CODE,
                "factory_spec": "0805 10k 1%",
            }
        )
        # Visible to the clerk, but filtered out by the search in the tour.
        cls.decoy = Product.create(
            {
                "name": "Tour Hex Nut",
                "is_storable": True,
                "default_code": "TOUR-NUT-002",
            }
        )
        # Only in the other warehouse: never visible to the clerk.
        cls.foreign = Product.create(
            {
                "name": "Tour Foreign Bolt",
                "is_storable": True,
                "default_code": "TOUR-FGN-003",
            }
        )
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.material, cls.bin_a, 10.0)
        Quant._update_available_quantity(cls.material, cls.bin_b, 20.0)
        Quant._update_available_quantity(cls.decoy, cls.bin_a, 5.0)
        # The same material in the other warehouse must not show up either.
        Quant._update_available_quantity(cls.material, other_bin, 7.0)
        Quant._update_available_quantity(cls.foreign, other_bin, 3.0)
        cls.clerk = new_test_user(
            cls.env,
            login="tour_clerk",
            groups="base.group_user,factory_stock.group_warehouse_clerk",
            factory_warehouse_ids=[Command.set(cls.warehouse.ids)],
            lang="en_US",
        )

    def test_board_tour_mobile(self):
        self.start_tour(
            "/odoo/factory-stock-board",
            "factory_stock_board_tour",
            login=self.clerk.login,
        )

    def test_board_scoped_to_clerk_warehouses(self):
        rows = self.env["factory.stock.board"].with_user(self.clerk).search([])
        self.assertEqual(rows.warehouse_id, self.warehouse)
        self.assertNotIn(self.foreign, rows.product_id)
        mine = rows.filtered(lambda r: r.product_id == self.material)
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine.qty_on_hand, 30.0)
