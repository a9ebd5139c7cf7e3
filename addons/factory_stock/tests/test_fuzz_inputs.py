"""Bad input fuzzed on stocktake counts, incoming inspections and the
suite's settings: random JSON values, ids of other companies' and other
warehouses' records, as the users who enter them."""

from hypothesis import given
from hypothesis import strategies as st

from odoo import Command
from odoo.tests import new_test_user, tagged

from .factory_stocktake_common import FactoryStocktakeCase
from .fuzz_common import FUZZ, check_refusal, ids, json_values, numbers

SETTINGS = (
    "factory_qc_segregation",
    "factory_stocktake_threshold",
    "factory_abc_a_share",
    "factory_abc_b_share",
    "factory_cycle_months_a",
    "factory_cycle_months_b",
    "factory_cycle_months_c",
)


@tagged("post_install", "-at_install")
class TestFuzzInputs(FactoryStocktakeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stocktake = cls.env["factory.stocktake"].create(
            {"warehouse_id": cls.wh_raw.id}
        )
        cls.stocktake.with_user(cls.supervisor).action_start()
        cls.other_stocktake = cls.env["factory.stocktake"].create(
            {"warehouse_id": cls.wh_fg.id}
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.material, cls.wh_fg.lot_stock_id, 3
        )
        cls.other_stocktake.with_user(cls.manager).action_start()
        company = cls.env["res.company"].create({"name": "Fuzz Input Company"})
        cls.foreign_product = cls.env["product.product"].create(
            {
                "name": "Foreign",
                "default_code": "TST-FZ-FOREIGN",
                "is_storable": True,
                "company_id": company.id,
            }
        )
        cls.foreign_lot = cls.env["stock.lot"].create(
            {
                "name": "FOREIGN-1",
                "product_id": cls.foreign_product.id,
                "company_id": company.id,
            }
        )
        foreign_wh = cls.env["stock.warehouse"].search(
            [("company_id", "=", company.id)], limit=1
        )
        cls.locations = ids(
            cls.bin_a.id,
            cls.stock.id,
            cls.wh_raw.factory_quarantine_location_id.id,
            cls.wh_fg.lot_stock_id.id,
            foreign_wh.lot_stock_id.id,
        )
        cls.products = ids(
            cls.material.id, cls.coil.id, cls.foreign_product.id, cls.other_material.id
        )
        cls.lots = ids(cls.lot1.id, cls.lot2.id, cls.other_lot.id, cls.foreign_lot.id)
        # incoming inspection of a receipt the clerk validated
        category = cls.env["product.category"].create(
            {"name": "Fuzz inspected", "factory_qc_required": True}
        )
        cls.qc_material = cls._create_material(
            "TST-FZ-QC", "Fuzz bearing", categ_id=category.id
        )
        cls.inspection = cls._received_inspection()
        cls.reasons = ids(
            cls.env.ref("factory_stock.defect_reason_dimension").id,
            cls.env["factory.defect.reason"]
            .create({"name": "Fuzz archived", "active": False})
            .id,
        )
        cls.admin = new_test_user(
            cls.env,
            login="t_fz_admin",
            groups="base.group_user,factory_stock.group_factory_admin",
            factory_warehouse_ids=[Command.set(cls.wh_raw.ids)],
        )

    @classmethod
    def _received_inspection(cls):
        supplier = cls.env.ref("stock.stock_location_suppliers")
        picking = (
            cls.env["stock.picking"]
            .with_user(cls.clerk)
            .create(
                {
                    "picking_type_id": cls.wh_raw.in_type_id.id,
                    "location_id": supplier.id,
                    "location_dest_id": cls.stock.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": "fuzz",
                                "product_id": cls.qc_material.id,
                                "product_uom_qty": 10,
                                "product_uom": cls.qc_material.uom_id.id,
                                "location_id": supplier.id,
                                "location_dest_id": cls.stock.id,
                            }
                        )
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.move_ids.write({"quantity": 10, "picked": True})
        picking.button_validate()
        return picking.factory_qc_inspection_ids

    # ------------------------------------------------------------ snapshots
    def _counts(self):
        lines = (self.stocktake | self.other_stocktake).line_ids.sorted("id")
        return lines.read(
            [
                "counted_qty",
                "is_counted",
                "book_qty",
                "counted_by_id",
                "location_id",
                "product_id",
                "lot_id",
            ]
        )

    def _inspection_state(self):
        return self.inspection.read(
            [
                "state",
                "sample_size",
                "qty_passed",
                "qty_rejected",
                "defect_reason_id",
                "notes",
                "inspector_id",
            ]
        )

    def _company_settings(self):
        return self.env.company.read([f for f in SETTINGS])

    # ---------------------------------------------------------------- counts
    @FUZZ
    @given(qty=numbers, field=st.sampled_from(["counted_qty", "lot_id", "location_id"]))
    def test_count_write(self, qty, field):
        line = self.stocktake.line_ids.filtered(
            lambda line: line.product_id == self.material
        )[:1]
        outcome, _ = check_refusal(
            self,
            lambda: line.with_user(self.clerk).write({field: qty}),
            self._counts,
        )
        if field == "counted_qty" and outcome == "done":
            # a number, or its digits as text (import, RPC)
            self.assertNotIsInstance(qty, bool)
            number = float(str(qty or 0).strip().replace(",", "."))
            self.assertTrue(0 <= number <= 1e15, qty)

    @FUZZ
    @given(data=st.data(), qty=numbers)
    def test_count_create(self, data, qty):
        vals = {
            "stocktake_id": data.draw(ids(self.stocktake.id, self.other_stocktake.id)),
            "location_id": data.draw(self.locations),
            "product_id": data.draw(self.products),
            "lot_id": data.draw(st.one_of(st.just(False), self.lots)),
            "counted_qty": qty,
        }
        check_refusal(
            self,
            lambda: (
                self.env["factory.stocktake.line"].with_user(self.clerk).create(vals)
            ),
            self._counts,
        )

    @FUZZ
    @given(
        location=st.one_of(st.sampled_from(["A-01", "TRW/Stock/A-01"]), json_values),
        product=st.one_of(st.sampled_from(["TST-0001", "TST-ST-01"]), json_values),
        lot=st.one_of(st.sampled_from(["COIL-1", "OTHER-1", "FOREIGN-1"]), json_values),
        qty=numbers,
    )
    def test_count_scan_method(self, location, product, lot, qty):
        stocktake = self.stocktake.with_user(self.clerk)
        check_refusal(
            self,
            lambda: stocktake.factory_count_scan(location, product, lot, qty),
            self._counts,
        )

    # ------------------------------------------------------------ inspection
    @FUZZ
    @given(
        data=st.data(),
        fields=st.lists(
            st.sampled_from(
                ["sample_size", "qty_passed", "qty_rejected", "defect_reason_id"]
            ),
            min_size=1,
            max_size=4,
            unique=True,
        ),
        inspect=st.booleans(),
    )
    def test_inspection(self, data, fields, inspect):
        vals = {
            fname: data.draw(self.reasons if fname == "defect_reason_id" else numbers)
            for fname in fields
        }
        inspection = self.inspection.with_user(self.qc)

        def call():
            inspection.write(vals)
            if inspect:
                inspection.action_inspect()

        check_refusal(self, call, self._inspection_state)

    # -------------------------------------------------------------- settings
    @FUZZ
    @given(data=st.data(), fields=st.lists(st.sampled_from(SETTINGS), min_size=1))
    def test_settings(self, data, fields):
        vals = {fname: data.draw(numbers) for fname in set(fields)}
        Settings = self.env["res.config.settings"].with_user(self.admin)

        def call():
            Settings.create(vals).execute()

        outcome, _ = check_refusal(self, call, self._company_settings)
        if outcome == "done":
            for fname in ("factory_abc_a_share", "factory_abc_b_share"):
                if fname in vals:
                    self.assertTrue(0 <= float(vals[fname]) <= 100, vals)
            for fname in SETTINGS[4:]:
                if fname in vals:
                    self.assertGreater(int(vals[fname]), 0, vals)
