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

    def test_transfer_quantities_are_rounded_to_the_unit(self):
        """What the scan view shows of a transfer: 0.1 + 0.2 kg picked is
        0.3 kg, not 0.30000000000000004."""
        receipt = self._transfer(self.wh_raw.in_type_id, [(self.wire_kg, 1)])
        move = receipt.move_ids
        move.move_line_ids.unlink()
        self.env["stock.move.line"].create(
            [
                {
                    "move_id": move.id,
                    "picking_id": receipt.id,
                    "product_id": self.wire_kg.id,
                    "product_uom_id": self.wire_kg.uom_id.id,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                    "quantity": qty,
                    "picked": True,
                }
                for qty in (0.1, 0.2)
            ]
        )
        self.assertNotEqual(0.1 + 0.2, 0.3)
        data = self.env["factory.scan"]._picking_data(receipt)
        row = data["moves"][0]
        self.assertEqual(row["done"], 0.3)
        self.assertEqual(repr(row["done"]), "0.3")
        self.assertEqual(sorted(line["quantity"] for line in row["lines"]), [0.1, 0.2])
