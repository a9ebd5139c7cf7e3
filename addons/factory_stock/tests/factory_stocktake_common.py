from odoo import Command
from odoo.tests import new_test_user

from .common import FactoryStockCase


class FactoryStocktakeCase(FactoryStockCase):
    """Stock in the raw-material warehouse, a lot-tracked coil, a second clerk
    and a second supervisor for segregation of duties."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coil = cls._create_material("TST-ST-01", "Enamelled coil", tracking="lot")
        cls.lot1 = cls.env["stock.lot"].create(
            {"name": "COIL-1", "product_id": cls.coil.id}
        )
        cls.lot2 = cls.env["stock.lot"].create(
            {"name": "COIL-2", "product_id": cls.coil.id}
        )
        cls.other_lot = cls.env["stock.lot"].create(
            {"name": "OTHER-1", "product_id": cls.other_material.id}
        )
        cls.stock = cls.wh_raw.lot_stock_id
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.material, cls.bin_a, 10)
        Quant._update_available_quantity(cls.material, cls.stock, 7)
        Quant._update_available_quantity(cls.other_material, cls.bin_b, 5)
        Quant._update_available_quantity(cls.coil, cls.bin_a, 6, lot_id=cls.lot1)
        cls.clerk2 = new_test_user(
            cls.env,
            login="t_clerk2",
            groups="base.group_user,factory_stock.group_warehouse_clerk",
            factory_warehouse_ids=[Command.set(cls.wh_raw.ids)],
        )
        cls.supervisor2 = new_test_user(
            cls.env,
            login="t_st_super2",
            groups="base.group_user,factory_stock.group_warehouse_supervisor",
            factory_warehouse_ids=[Command.set(cls.wh_raw.ids)],
        )
        cls.company.factory_stocktake_threshold = 15.0
        cls.loss_location = cls.material.property_stock_inventory

    def _stocktake(self, user=None, **vals):
        stocktake = (
            self.env["factory.stocktake"]
            .with_user(user or self.supervisor)
            .create({"warehouse_id": self.wh_raw.id, **vals})
        )
        return stocktake

    def _started(self, **vals):
        stocktake = self._stocktake(**vals)
        stocktake.action_start()
        return stocktake

    def _line(self, stocktake, product, location, lot=None):
        return stocktake.line_ids.filtered(
            lambda line: (
                line.product_id == product
                and line.location_id == location
                and line.lot_id == (lot or self.env["stock.lot"])
            )
        )

    def _count(self, stocktake, counts, user=None):
        """counts: [(product, location, lot, qty)]; new lines are added."""
        user = user or self.clerk
        Line = self.env["factory.stocktake.line"].with_user(user)
        for product, location, lot, qty in counts:
            line = self._line(stocktake, product, location, lot)
            if line:
                line.with_user(user).counted_qty = qty
            else:
                Line.create(
                    {
                        "stocktake_id": stocktake.id,
                        "product_id": product.id,
                        "location_id": location.id,
                        "lot_id": lot.id if lot else False,
                        "counted_qty": qty,
                    }
                )

    def _qty(self, product, location, lot=None):
        quants = self.env["stock.quant"]._gather(
            product, location, lot_id=lot, strict=True
        )
        return sum(quants.mapped("quantity"))
