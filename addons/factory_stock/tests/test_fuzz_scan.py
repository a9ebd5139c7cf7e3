"""Bad input fuzzed on the barcode view's RPC methods (factory.scan): every
argument the phone sends, replaced by random JSON values, ids of another
warehouse's and another company's transfers and stocktakes."""

from hypothesis import given
from hypothesis import strategies as st

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import FactoryStockCase
from .fuzz_common import FUZZ, check_refusal, ids, json_values, numbers

OPERATIONS = ["pick", "receive", "putaway", "move", "lookup", "count", "issue"]


@tagged("post_install", "-at_install")
class TestFuzzScan(FactoryStockCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot_material = cls._create_material("TST-FZ-L", "Fuzz wire", tracking="lot")
        cls.lot = cls.env["stock.lot"].create(
            {"name": "FZ-LOT-1", "product_id": cls.lot_material.id}
        )
        stock = cls.wh_raw.lot_stock_id
        cls.env["stock.quant"]._update_available_quantity(cls.material, stock, 20)
        cls.env["stock.quant"]._update_available_quantity(
            cls.lot_material, stock, 20, lot_id=cls.lot
        )
        cls.delivery = cls._transfer(cls.wh_raw, cls.wh_raw.out_type_id)
        cls.receipt = cls._transfer(cls.wh_raw, cls.wh_raw.in_type_id)
        cls.other_wh_delivery = cls._transfer(cls.wh_fg, cls.wh_fg.out_type_id)
        company = cls.env["res.company"].create({"name": "Fuzz Other Company"})
        other_wh = cls.env["stock.warehouse"].search(
            [("company_id", "=", company.id)], limit=1
        )
        cls.other_company_delivery = cls._transfer(other_wh, other_wh.out_type_id)
        cls.stocktake = cls.env["factory.stocktake"].create(
            {"warehouse_id": cls.wh_raw.id, "stocktake_type": "full"}
        )
        cls.stocktake.with_user(cls.supervisor).action_start()
        cls.other_stocktake = cls.env["factory.stocktake"].create(
            {"warehouse_id": cls.wh_fg.id}
        )
        cls.other_stocktake.with_user(cls.manager).action_start()
        cls.counter = new_test_user(
            cls.env,
            login="t_fz_counter",
            groups="base.group_user,factory_stock.group_warehouse_clerk",
            factory_warehouse_ids=[Command.set(cls.wh_raw.ids)],
        )
        cls.Scan = cls.env["factory.scan"].with_user(cls.clerk)
        picking_ids = [
            cls.delivery.id,
            cls.receipt.id,
            cls.other_wh_delivery.id,
            cls.other_company_delivery.id,
        ]
        cls.picking_ids = ids(*picking_ids)
        cls.stocktake_ids = ids(cls.stocktake.id, cls.other_stocktake.id)
        cls.barcodes = st.one_of(
            st.sampled_from(
                [
                    cls.material.default_code,
                    cls.other_material.default_code,
                    cls.lot_material.default_code,
                    cls.lot.name,
                    cls.wh_raw.lot_stock_id.barcode or "TRW-STOCK",
                    cls.bin_a.complete_name,
                    cls.delivery.name,
                    cls.other_wh_delivery.name,
                    cls.other_company_delivery.name,
                    "01095011010209171719050810ABCD1234",
                ]
            ),
            json_values,
        )
        location_ids = ids(
            cls.wh_raw.lot_stock_id.id,
            cls.bin_a.id,
            cls.wh_fg.lot_stock_id.id,
            other_wh.lot_stock_id.id,
        )
        cls.contexts = st.one_of(
            st.none(),
            json_values,
            st.fixed_dictionaries(
                {},
                optional={
                    "location_id": location_ids,
                    "location_dest_id": location_ids,
                    "product_id": ids(cls.material.id, cls.lot_material.id),
                    "lot_id": ids(cls.lot.id),
                    "qty": numbers,
                },
            ),
        )

    @classmethod
    def _transfer(cls, warehouse, picking_type):
        source = picking_type.default_location_src_id
        dest = picking_type.default_location_dest_id
        picking = (
            cls.env["stock.picking"]
            .with_company(warehouse.company_id)
            .create(
                {
                    "picking_type_id": picking_type.id,
                    "company_id": warehouse.company_id.id,
                    "location_id": source.id,
                    "location_dest_id": dest.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": "fuzz",
                                "product_id": product.id,
                                "product_uom_qty": 5,
                                "product_uom": product.uom_id.id,
                                "location_id": source.id,
                                "location_dest_id": dest.id,
                                "company_id": warehouse.company_id.id,
                            }
                        )
                        for product in (cls.material, cls.lot_material)
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.action_assign()
        return picking

    def _snapshot(self):
        pickings = (
            self.delivery
            | self.receipt
            | self.other_wh_delivery
            | self.other_company_delivery
        )
        lines = pickings.move_line_ids.sorted("id")
        quants = self.env["stock.quant"].search(
            [("product_id", "in", (self.material | self.lot_material).ids)],
            order="id",
        )
        counts = (self.stocktake | self.other_stocktake).line_ids.sorted("id")
        return (
            pickings.mapped("state"),
            lines.read(["quantity", "picked", "lot_id", "lot_name", "location_id"]),
            quants.read(["quantity", "reserved_quantity", "location_id", "lot_id"]),
            counts.read(["counted_qty", "is_counted", "location_id", "lot_id"]),
        )

    def _check(self, call):
        return check_refusal(
            self,
            call,
            self._snapshot,
            refused=lambda result: isinstance(result, dict) and not result.get("ok"),
        )

    @FUZZ
    @given(
        operation=st.one_of(st.sampled_from(OPERATIONS), json_values),
        barcode=st.data(),
        picking_id=st.data(),
        qty=numbers,
        ctx=st.data(),
        key=st.one_of(st.none(), st.text(max_size=12), json_values),
    )
    def test_scan(self, operation, barcode, picking_id, qty, ctx, key):
        barcode = barcode.draw(self.barcodes)
        picking_id = picking_id.draw(self.picking_ids)
        ctx = ctx.draw(self.contexts)
        outcome, result = self._check(
            lambda: self.Scan.scan(
                operation, barcode, picking_id=picking_id, qty=qty, ctx=ctx, key=key
            )
        )
        if outcome == "done":
            self.assertIsInstance(result, dict)

    @FUZZ
    @given(
        barcode=st.data(),
        stocktake_id=st.data(),
        qty=numbers,
        ctx=st.data(),
        key=st.one_of(st.none(), st.text(max_size=12)),
    )
    def test_count_scan(self, barcode, stocktake_id, qty, ctx, key):
        barcode = barcode.draw(self.barcodes)
        stocktake_id = stocktake_id.draw(self.stocktake_ids)
        ctx = ctx.draw(self.contexts)
        self._check(
            lambda: self.Scan.scan(
                "count", barcode, qty=qty, ctx=ctx, key=key, stocktake_id=stocktake_id
            )
        )

    @FUZZ
    @given(
        operation=st.one_of(st.sampled_from(OPERATIONS), json_values),
        picking_id=st.data(),
        backorder=json_values,
        argument=st.data(),
    )
    def test_other_methods(self, operation, picking_id, backorder, argument):
        picking_id = picking_id.draw(self.picking_ids)
        barcode = argument.draw(self.barcodes)
        stocktake_id = argument.draw(self.stocktake_ids)
        location_id = argument.draw(json_values)
        for call in (
            lambda: self.Scan.picking(operation, picking_id),
            lambda: self.Scan.pickings(operation, limit=backorder),
            lambda: self.Scan.lookup(barcode),
            lambda: self.Scan.stocktake(stocktake_id, location_id=location_id),
            lambda: self.Scan.validate(operation, picking_id, backorder=backorder),
        ):
            self._check(call)
