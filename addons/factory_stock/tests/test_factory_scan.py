from odoo.tests import tagged

from .test_factory_scan_common import FactoryScanCase


@tagged("post_install", "-at_install")
class TestFactoryScanReceive(FactoryScanCase):
    def test_receive_by_product_and_new_lot_then_validate(self):
        receipt = self._receipt()
        res = self.Scan.scan("receive", "6900000000011", receipt.id, 4)
        self.assertTrue(res["ok"], res["message"])
        self.assertEqual(res["kind"], "booked")
        self.assertEqual(self._picked(receipt, self.material).quantity, 4)
        # by material code, the rest of the line
        res = self.Scan.scan("receive", "TST-0001", receipt.id, 6)
        self.assertTrue(res["ok"], res["message"])
        self.assertEqual(self._picked(receipt, self.material).quantity, 10)
        # a lot-tracked material first asks for its lot
        res = self.Scan.scan("receive", "SCAN-GLUE", receipt.id, 5)
        self.assertEqual(res["kind"], "lot_needed")
        self.assertEqual(res["ctx"]["product_id"], self.glue.id)
        self.assertFalse(self._picked(receipt, self.glue))
        res = self.Scan.scan("receive", "NEW-LOT-7", receipt.id, 5, res["ctx"])
        self.assertTrue(res["ok"], res["message"])
        self.assertNotIn("product_id", res["ctx"])
        line = self._picked(receipt, self.glue)
        self.assertEqual((line.lot_name, line.quantity), ("NEW-LOT-7", 5))
        glue_move = receipt.move_ids.filtered(lambda m: m.product_id == self.glue)
        self.assertEqual(
            [m["done"] for m in res["picking"]["moves"] if m["id"] == glue_move.id],
            [5],
        )
        # Odoo's own validation, as the clerk
        res = self.Scan.validate("receive", receipt.id)
        self.assertTrue(res["ok"])
        self.assertEqual(receipt.state, "done")
        lot = self.env["stock.lot"].search([("name", "=", "NEW-LOT-7")])
        self.assertEqual(lot.product_id, self.glue)
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(
                self.glue, self.wh_raw.lot_stock_id, lot_id=lot
            ),
            5,
        )

    def test_partial_receipt_validates_with_backorder(self):
        receipt = self._receipt()
        self.Scan.scan("receive", "6900000000011", receipt.id, 3)
        self.Scan.validate("receive", receipt.id)
        self.assertEqual(receipt.state, "done")
        self.assertEqual(receipt.move_ids.filtered("quantity").quantity, 3)
        self.assertEqual(len(receipt.backorder_ids), 1)

    def test_refuse_wrong_product(self):
        receipt = self._receipt()
        before = self._snapshot(receipt)
        res = self.Scan.scan("receive", "6900000000028", receipt.id, 1)
        self.assertRefused(res, "Wrong product", "Magnet")
        self.assertEqual(self._snapshot(receipt), before)

    def test_refuse_unknown_barcode(self):
        receipt = self._receipt()
        res = self.Scan.scan("receive", "NO-SUCH-CODE", receipt.id, 1)
        self.assertRefused(res, "Unknown barcode")

    def test_refuse_quantity_over_the_line(self):
        receipt = self._receipt()
        self.Scan.scan("receive", "6900000000011", receipt.id, 8)
        before = self._snapshot(receipt)
        res = self.Scan.scan("receive", "6900000000011", receipt.id, 3)
        self.assertRefused(res, "Too much")
        self.assertEqual(self._snapshot(receipt), before)
        self.assertEqual(self._picked(receipt, self.material).quantity, 8)

    def test_refuse_bad_quantity(self):
        receipt = self._receipt()
        for i, qty in enumerate(("abc", -2, "nan", "inf")):
            res = self.Scan.scan("receive", "6900000000011", receipt.id, qty, key=i)
            self.assertRefused(res)
        self.assertFalse(self._picked(receipt))

    def test_refuse_lot_of_another_product(self):
        receipt = self._receipt()
        res = self.Scan.scan("receive", "SCAN-GLUE", receipt.id, 5)
        before = self._snapshot(receipt)
        res = self.Scan.scan("receive", "PAINT-L9", receipt.id, 5, res["ctx"])
        self.assertRefused(res, "PAINT-L9", "Scan paint")
        # the glue still waits for its lot
        self.assertEqual(res["ctx"]["product_id"], self.glue.id)
        self.assertEqual(self._snapshot(receipt), before)

    def test_refuse_location_outside_warehouse(self):
        receipt = self._receipt()
        before = self._snapshot(receipt)
        fg_stock = self.wh_fg.lot_stock_id
        fg_stock.barcode = "SCAN-FG-STOCK"
        res = self.Scan.scan("receive", "SCAN-FG-STOCK", receipt.id, 0)
        self.assertRefused(res, "outside the warehouse")
        self.assertNotIn("location_dest_id", res["ctx"])
        self.assertEqual(self._snapshot(receipt), before)

    def test_receive_into_scanned_bin(self):
        receipt = self._receipt()
        res = self.Scan.scan("receive", "SCAN-BIN-B", receipt.id, 0)
        self.assertEqual(res["kind"], "location")
        self.assertEqual(res["ctx"]["location_dest_id"], self.bin_b.id)
        res = self.Scan.scan("receive", "6900000000011", receipt.id, 2, res["ctx"])
        self.assertTrue(res["ok"], res["message"])
        self.assertEqual(self._picked(receipt).location_dest_id, self.bin_b)

    def test_quarantined_material_cannot_go_to_a_bin(self):
        self.category.factory_qc_required = True
        receipt = self._receipt()
        quarantine = self.wh_raw.factory_quarantine_location_id
        self.assertEqual(
            receipt.move_ids.filtered(
                lambda m: m.product_id == self.material
            ).location_dest_id,
            quarantine,
        )
        res = self.Scan.scan("receive", "SCAN-BIN-A", receipt.id, 0)
        self.assertTrue(res["ok"])  # a bin of the receipt's destination
        res = self.Scan.scan("receive", "6900000000011", receipt.id, 2, res["ctx"])
        self.assertRefused(res, "not a location of this operation")
        res = self.Scan.scan("receive", "6900000000011", receipt.id, 2)
        self.assertTrue(res["ok"], res["message"])
        self.assertEqual(self._picked(receipt).location_dest_id, quarantine)
        self.Scan.validate("receive", receipt.id)
        self.assertEqual(receipt.factory_qc_inspection_ids.qty_received, 2)

    def test_idempotency_key_books_once(self):
        receipt = self._receipt()
        args = ("receive", "6900000000011", receipt.id, 2)
        first = self.Scan.scan(*args, key="phone-1:0001")
        again = self.Scan.scan(*args, key="phone-1:0001")
        self.assertTrue(first["ok"])
        self.assertFalse(first.get("replayed"))
        self.assertTrue(again["replayed"])
        self.assertEqual(again["message"], first["message"])
        self.assertEqual(self._picked(receipt).quantity, 2)
        logs = self.env["factory.scan.log"].search([("key", "=", "phone-1:0001")])
        self.assertEqual(len(logs), 1)
        self.assertEqual((logs.state, logs.user_id), ("done", self.clerk))
        # another key books again
        self.Scan.scan(*args, key="phone-1:0002")
        self.assertEqual(self._picked(receipt).quantity, 4)

    def test_idempotency_key_of_a_refused_scan(self):
        receipt = self._receipt()
        args = ("receive", "6900000000028", receipt.id, 1)
        first = self.Scan.scan(*args, key="k-refused")
        again = self.Scan.scan(*args, key="k-refused")
        self.assertRefused(first)
        self.assertTrue(again["replayed"])
        log = self.env["factory.scan.log"].search([("key", "=", "k-refused")])
        self.assertEqual(log.state, "refused")

    def test_idempotency_keys_are_per_user(self):
        receipt = self._receipt()
        self.Scan.scan("receive", "6900000000011", receipt.id, 1, key="same")
        self.env["factory.scan"].with_user(self.supervisor).scan(
            "receive", "6900000000011", receipt.id, 1, key="same"
        )
        self.assertEqual(self._picked(receipt).quantity, 2)

    def test_gs1_code_with_product_lot_quantity(self):
        self.env.company.nomenclature_id = self.env.ref(
            "barcodes_gs1_nomenclature.default_gs1_nomenclature"
        )
        receipt = self._receipt()
        code = "0104006381333931" + "10GS1-LOT-1" + "\x1d" + "304"
        res = self.Scan.scan("receive", code, receipt.id, 0)
        self.assertTrue(res["ok"], res["message"])
        line = self._picked(receipt)
        self.assertEqual(
            (line.product_id, line.lot_name, line.quantity),
            (self.glue, "GS1-LOT-1", 4),
        )
        # a GTIN nobody has
        res = self.Scan.scan("receive", "0109506000134352", receipt.id, 0)
        self.assertRefused(res, "GTIN")

    def test_refusals_are_translated(self):
        if not self.env["res.lang"]._lang_get("zh_CN").active:
            self.skipTest("zh_CN is not installed")
        receipt = self._receipt()
        self.clerk.lang = "zh_CN"
        res = self.Scan.with_context(lang="zh_CN").scan(
            "receive", "6900000000028", receipt.id, 1
        )
        self.assertRefused(res, "物料错误")

    def test_old_scan_keys_are_vacuumed(self):
        receipt = self._receipt()
        self.Scan.scan("receive", "6900000000011", receipt.id, 1, key="old")
        self.Scan.scan("receive", "6900000000011", receipt.id, 1, key="new")
        Log = self.env["factory.scan.log"]
        old = Log.search([("key", "=", "old")])
        self.env.cr.execute(
            "UPDATE factory_scan_log SET create_date = NOW() - INTERVAL '91 days' "
            "WHERE id = %s",
            [old.id],
        )
        Log.invalidate_model()
        Log._gc_old_scans()
        self.assertEqual(
            Log.search([("user_id", "=", self.clerk.id)]).mapped("key"), ["new"]
        )
