from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class FactoryStockCase(TransactionCase):
    """Two warehouses, users of every role and a few materials."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        Warehouse = cls.env["stock.warehouse"]
        cls.wh_raw = Warehouse.create({"name": "Test Raw Warehouse", "code": "TRW"})
        cls.wh_fg = Warehouse.create({"name": "Test FG Warehouse", "code": "TFG"})
        cls.bin_a = cls.env["stock.location"].create(
            {"name": "A-01", "location_id": cls.wh_raw.lot_stock_id.id}
        )
        cls.bin_b = cls.env["stock.location"].create(
            {"name": "B-01", "location_id": cls.wh_raw.lot_stock_id.id}
        )
        cls.category = cls.env["product.category"].create(
            {"name": "Test Raw Materials"}
        )
        cls.material = cls._create_material("TST-0001", "Copper wire", spec="0.25mm")
        cls.other_material = cls._create_material("TST-0002", "Magnet", spec="N35")

        def user(login, *groups, warehouses=()):
            return new_test_user(
                cls.env,
                login=login,
                groups=",".join(("base.group_user",) + groups),
                factory_warehouse_ids=[Command.set([w.id for w in warehouses])],
            )

        cls.clerk = user(
            "t_clerk", "factory_stock.group_warehouse_clerk", warehouses=[cls.wh_raw]
        )
        cls.supervisor = user(
            "t_super",
            "factory_stock.group_warehouse_supervisor",
            warehouses=[cls.wh_raw],
        )
        cls.qc = user("t_qc", "factory_stock.group_qc_inspector")
        cls.worker = user("t_worker", "factory_stock.group_line_worker")
        cls.purchaser = user("t_buyer", "factory_stock.group_purchaser")
        cls.accountant = user("t_account", "factory_stock.group_accountant")
        cls.manager = user("t_manager", "factory_stock.group_factory_manager")

    @classmethod
    def _create_material(cls, code, name, spec=False, cost=10.0, **vals):
        return cls.env["product.product"].create(
            {
                "name": name,
                "default_code": code,
                "factory_spec": spec,
                "is_storable": True,
                "categ_id": cls.category.id,
                "standard_price": cost,
                **vals,
            }
        )

    def _set_stock(self, product, location, qty, lot=None):
        self.env["stock.quant"]._update_available_quantity(
            product, location, qty, lot_id=lot
        )

    def _board(self, product, warehouse, user=None):
        Board = self.env["factory.stock.board"]
        Board.invalidate_model()  # a SQL view: never trust values cached before
        if user:
            Board = Board.with_user(user)
        return Board.search(
            [("product_id", "=", product.id), ("warehouse_id", "=", warehouse.id)]
        )
