"""Warehouse scoping of factory_stock's documents: clerks and supervisors
only reach the inspections, stocktakes (lines, counters), scans and reorder
rules of their warehouses; factory managers reach all; QC inspectors all
inspections."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import FactoryStockCase


@tagged("post_install", "-at_install")
class TestWarehouseScope(FactoryStockCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk_fg = new_test_user(
            cls.env,
            login="t_clerk_fg",
            groups="base.group_user,factory_stock.group_warehouse_clerk",
            factory_warehouse_ids=[Command.set(cls.wh_fg.ids)],
        )
        qc_category = cls.env["product.category"].create(
            {"name": "Scoped QC materials", "factory_qc_required": True}
        )
        cls.magnet = cls._create_material(
            "TST-WS-01", "Scoped magnet", categ_id=qc_category.id
        )
        cls._set_stock_cls(cls.material, cls.bin_a, 5)
        cls._set_stock_cls(cls.material, cls.wh_fg.lot_stock_id, 5)
        # warehouse A (raw) and B (finished goods): one of each document
        cls.receipt_a = cls._receive(cls.wh_raw, cls.clerk)
        cls.receipt_b = cls._receive(cls.wh_fg, cls.clerk_fg)
        cls.inspection_a = cls.receipt_a.factory_qc_inspection_ids
        cls.inspection_b = cls.receipt_b.factory_qc_inspection_ids
        cls.stocktake_a = cls._stocktake(cls.wh_raw, cls.bin_a, cls.clerk)
        cls.stocktake_b = cls._stocktake(
            cls.wh_fg, cls.wh_fg.lot_stock_id, cls.clerk_fg
        )
        Log = cls.env["factory.scan.log"]
        cls.log_a = Log.with_user(cls.clerk)._claim(
            "scope-a", "receive", cls.receipt_a, "A", 1
        )[0]
        cls.log_b = Log.with_user(cls.clerk_fg)._claim(
            "scope-b", "receive", cls.receipt_b, "B", 1
        )[0]
        Rule = cls.env["stock.warehouse.orderpoint"]
        cls.rule_a, cls.rule_b = (
            Rule.create(
                {
                    "product_id": cls.material.id,
                    "warehouse_id": warehouse.id,
                    "location_id": warehouse.lot_stock_id.id,
                    "product_min_qty": 1,
                    "product_max_qty": 10,
                }
            )
            for warehouse in (cls.wh_raw, cls.wh_fg)
        )
        # (model, record of A, record of B, values a writer would write)
        cls.documents = [
            (cls.inspection_a, cls.inspection_b, {"notes": "forged"}),
            (cls.stocktake_a, cls.stocktake_b, {"user_id": cls.supervisor.id}),
            (
                cls.stocktake_a.line_ids[:1],
                cls.stocktake_b.line_ids[:1],
                {"counted_qty": 1},
            ),
            (
                cls.stocktake_a.assignment_ids,
                cls.stocktake_b.assignment_ids,
                {"user_id": cls.supervisor.id},
            ),
            (cls.log_a, cls.log_b, {"message": "forged"}),
            (cls.rule_a, cls.rule_b, {"product_min_qty": 2, "product_max_qty": 9}),
        ]

    @classmethod
    def _set_stock_cls(cls, product, location, qty):
        cls.env["stock.quant"]._update_available_quantity(product, location, qty)

    @classmethod
    def _receive(cls, warehouse, clerk):
        supplier = cls.env.ref("stock.stock_location_suppliers")
        stock = warehouse.lot_stock_id
        picking = (
            cls.env["stock.picking"]
            .with_user(clerk)
            .create(
                {
                    "picking_type_id": warehouse.in_type_id.id,
                    "location_id": supplier.id,
                    "location_dest_id": stock.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": cls.magnet.name,
                                "product_id": cls.magnet.id,
                                "product_uom_qty": 4,
                                "product_uom": cls.magnet.uom_id.id,
                                "location_id": supplier.id,
                                "location_dest_id": stock.id,
                            }
                        )
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.move_ids.move_line_ids.write({"quantity": 4, "picked": True})
        picking.button_validate()
        return picking.with_env(cls.env)

    @classmethod
    def _stocktake(cls, warehouse, location, counter):
        stocktake = (
            cls.env["factory.stocktake"]
            .with_user(cls.manager)
            .create(
                {
                    "warehouse_id": warehouse.id,
                    "assignment_ids": [
                        Command.create(
                            {"location_id": location.id, "user_id": counter.id}
                        )
                    ],
                }
            )
        )
        stocktake.action_start()
        return stocktake.with_env(cls.env)

    def _visible(self, user, records):
        Model = self.env[records._name].with_user(user)
        return Model.search([("id", "in", records.ids)])

    def test_fixture(self):
        for record_a, record_b, _vals in self.documents:
            self.assertEqual(len(record_a), 1, record_a._name)
            self.assertEqual(len(record_b), 1, record_b._name)
        self.assertEqual(self.inspection_b.warehouse_id, self.wh_fg)
        self.assertEqual(self.stocktake_b.line_ids.warehouse_id, self.wh_fg)

    def test_clerk_and_supervisor_reach_only_their_warehouse(self):
        """A clerk or supervisor of warehouse A neither finds, reads nor
        writes the documents of warehouse B, and finds those of A (his own
        scans only: they are a personal trace)."""
        for user in (self.clerk, self.supervisor):
            for record_a, record_b, vals in self.documents:
                with self.subTest(user=user.login, model=record_a._name):
                    own = record_a
                    if record_a._name == "factory.scan.log" and user != self.clerk:
                        own = record_a.browse()
                    self.assertEqual(self._visible(user, record_a | record_b), own)
                    self.assertFalse(
                        self.env[record_b._name]
                        .with_user(user)
                        .search_count([("id", "=", record_b.id)])
                    )
                    with self.assertRaises(AccessError):
                        record_b.with_user(user).read(list(vals))
                    before = record_b.read(list(vals))
                    with self.assertRaises(AccessError):
                        record_b.with_user(user).write(vals)
                    self.assertEqual(record_b.read(list(vals)), before)

    def test_manager_reaches_every_warehouse(self):
        for record_a, record_b, vals in self.documents:
            with self.subTest(model=record_a._name):
                self.assertEqual(
                    self._visible(self.manager, record_a | record_b),
                    record_a | record_b,
                )
                record_b.with_user(self.manager).read(list(vals))
        self.stocktake_b.with_user(self.manager).user_id = self.manager
        self.assertEqual(self.stocktake_b.user_id, self.manager)
        self.rule_b.with_user(self.manager).write(
            {"product_min_qty": 2, "product_max_qty": 9}
        )
        self.assertEqual(self.rule_b.product_min_qty, 2)

    def test_qc_inspects_every_warehouse(self):
        """QC inspectors have no warehouse list: they see and record the
        inspections of every warehouse, and nothing else widens."""
        both = self.inspection_a | self.inspection_b
        self.assertEqual(self._visible(self.qc, both), both)
        self.inspection_b.with_user(self.qc).write({"qty_passed": 4})
        self.inspection_b.with_user(self.qc).action_inspect()
        self.assertEqual(self.inspection_b.state, "inspected")
        # a clerk who is also an inspector sees every inspection, but still
        # only the transfers of his warehouses
        clerk_qc = new_test_user(
            self.env,
            login="t_ws_clerk_qc",
            groups="base.group_user,factory_stock.group_warehouse_clerk,"
            "factory_stock.group_qc_inspector",
            factory_warehouse_ids=[Command.set(self.wh_raw.ids)],
        )
        self.assertEqual(self._visible(clerk_qc, both), both)
        receipts = self.receipt_a | self.receipt_b
        self.assertEqual(self._visible(clerk_qc, receipts), self.receipt_a)

    def test_demo_qc_sees_demo_inspections(self):
        """The demo's QC inspector (no warehouse list) keeps working."""
        qc = self.env.ref("factory_stock.user_fs_qc", raise_if_not_found=False)
        if not qc:
            self.skipTest("demo data not installed")
        inspections = self.env["factory.qc.inspection"].search(
            [("company_id", "in", qc.company_ids.ids)]
        )
        self.assertTrue(inspections)
        self.assertEqual(self._visible(qc, inspections), inspections)
