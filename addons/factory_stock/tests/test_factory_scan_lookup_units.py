from odoo.tests import tagged

from .test_factory_scan_common import FactoryScanCase


@tagged("post_install", "-at_install")
class TestLookupTotalsPerUnit(FactoryScanCase):
    """The scan look-up never adds kg, m, L and Units into one total: one
    total per unit, each rounded to its unit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.wire_kg = cls._create_material(
            "LKU-KG", "Lookup copper (kg)", uom_id=ref("uom.product_uom_kgm").id
        )
        cls.tape_m = cls._create_material(
            "LKU-M", "Lookup tape (m)", uom_id=ref("uom.product_uom_meter").id
        )
        cls.oil_l = cls._create_material(
            "LKU-L", "Lookup oil (L)", uom_id=ref("uom.product_uom_litre").id
        )
        cls.bin_a.barcode = "SCAN-BIN-A"

    def test_location_with_mixed_units_has_a_total_per_unit(self):
        self._set_stock(self.wire_kg, self.bin_b, 1.1)
        self._set_stock(self.wire_kg, self.bin_b, 2.2)
        self._set_stock(self.tape_m, self.bin_b, 12.5)
        self._set_stock(self.oil_l, self.bin_b, 4)
        self.bin_b.barcode = "LKU-BIN-B"
        res = self.Scan.lookup("LKU-BIN-B")
        self.assertTrue(res["ok"])
        totals = {t["uom"]: t["quantity"] for t in res["totals"]}
        kg, m, litre = (
            self.env.ref(x).name
            for x in (
                "uom.product_uom_kgm",
                "uom.product_uom_meter",
                "uom.product_uom_litre",
            )
        )
        units = self.env.ref("uom.product_uom_unit").name
        # bin B also holds 5 Units of glue (lot SCAN-L2)
        self.assertEqual(totals, {kg: 3.3, m: 12.5, litre: 4, units: 5})
        self.assertEqual(repr(totals[kg]), "3.3")  # 1.1 + 2.2 is 3.3000000000000003
        self.assertNotIn("total", res)  # no single number across units
        self.assertEqual(
            sorted(r["uom"] for r in res["rows"]), sorted([kg, m, litre, units])
        )

    def test_one_unit_keeps_a_single_total(self):
        res = self.Scan.lookup("4006381333931")  # the glue, in two bins
        self.assertEqual(
            res["totals"], [{"uom": self.glue.uom_id.name, "quantity": 10}]
        )
        self.assertEqual(res["total"], 10)
