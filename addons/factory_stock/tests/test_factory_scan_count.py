from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .factory_stocktake_common import FactoryStocktakeCase


class FactoryScanCountCase(FactoryStocktakeCase):
    """A stocktake of bins A-01 and B-01 being counted, bins and materials
    with barcodes, scanned by the raw warehouse's clerk."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bin_a.barcode = "CNT-BIN-A"
        cls.bin_b.barcode = "CNT-BIN-B"
        cls.material.barcode = "6900000000011"
        cls.other_material.barcode = "6900000000028"
        cls.Scan = cls.env["factory.scan"].with_user(cls.clerk)

    def _count_stocktake(self, **vals):
        return self._started(
            location_ids=[Command.set((self.bin_a | self.bin_b).ids)], **vals
        )

    def _scan(self, stocktake, barcode, ctx=None, qty=0, key=False):
        return self.Scan.scan(
            "count", barcode, qty=qty, ctx=ctx, key=key, stocktake_id=stocktake.id
        )

    def _counted(self, stocktake):
        return sorted(
            (
                line.location_id.name,
                line.product_id.default_code,
                line.lot_id.name or "",
                line.counted_qty,
            )
            for line in stocktake.line_ids
            if line.is_counted
        )


@tagged("post_install", "-at_install")
class TestFactoryScanCount(FactoryScanCountCase):
    def test_count_operation_and_list(self):
        home = self.Scan.home()
        self.assertNotIn("count", [op["key"] for op in home["operations"]])
        stocktake = self._count_stocktake()
        home = self.Scan.home()
        keys = [op["key"] for op in home["operations"]]
        self.assertIn("count", keys)
        self.assertEqual(keys[-1], "lookup")
        listed = self.Scan.stocktakes()
        self.assertEqual([s["id"] for s in listed], stocktake.ids)
        self.assertEqual(listed[0]["counted"], 0)
        # a clerk of another warehouse neither sees nor counts it
        fg_clerk = new_test_user(
            self.env,
            login="t_fg_clerk",
            groups="base.group_user,factory_stock.group_warehouse_clerk",
            factory_warehouse_ids=[Command.set(self.wh_fg.ids)],
        )
        Scan = self.env["factory.scan"].with_user(fg_clerk)
        self.assertNotIn("count", [op["key"] for op in Scan.home()["operations"]])
        with self.assertRaises(AccessError):
            Scan.scan("count", "CNT-BIN-A", stocktake_id=stocktake.id)
        # nor does anyone once it is no longer being counted
        stocktake.with_user(self.supervisor).action_cancel()
        self.assertNotIn("count", [op["key"] for op in self.Scan.home()["operations"]])

    def test_count_two_locations(self):
        stocktake = self._count_stocktake()
        res = self._scan(stocktake, "6900000000011")
        self.assertFalse(res["ok"])
        self.assertIn("location first", res["message"])
        res = self._scan(stocktake, "CNT-BIN-A")
        self.assertTrue(res["ok"], res["message"])
        self.assertEqual(res["kind"], "location")
        ctx = res["ctx"]
        self.assertEqual(ctx["location_id"], self.bin_a.id)
        self.assertEqual(res["stocktake"]["location_lines"], [])
        for _i in range(2):
            res = self._scan(stocktake, "6900000000011", ctx)
        self.assertEqual(res["kind"], "counted")
        self.assertEqual(res["line"]["counted_qty"], 2)
        self.assertEqual(res["line"]["book_qty"], 10)
        # by material code, with the quantity typed
        res = self._scan(stocktake, "TST-0002", res["ctx"], qty=3)
        self.assertTrue(res["ok"], res["message"])
        self.assertTrue(res["line"]["is_new"])
        # a lot-tracked material asks for its lot, then counts it
        res = self._scan(stocktake, "TST-ST-01", res["ctx"])
        self.assertEqual(res["kind"], "lot_needed")
        self.assertEqual(res["ctx"]["product_id"], self.coil.id)
        res = self._scan(stocktake, "COIL-1", res["ctx"], qty=6)
        self.assertTrue(res["ok"], res["message"])
        self.assertNotIn("product_id", res["ctx"])
        self.assertEqual(
            [
                (line["product"], line["counted_qty"])
                for line in res["stocktake"]["location_lines"]
            ],
            [
                (self.material.display_name, 2.0),
                (self.other_material.display_name, 3.0),
                (self.coil.display_name, 6.0),
            ],
        )
        res = self._scan(stocktake, "CNT-BIN-B", res["ctx"])
        self.assertEqual(res["stocktake"]["location"], self.bin_b.display_name)
        self.assertEqual(res["stocktake"]["location_lines"], [])
        res = self._scan(stocktake, "6900000000028", res["ctx"], qty=5)
        self.assertTrue(res["ok"], res["message"])
        self.assertEqual(res["stocktake"]["counted"], 4)
        self.assertEqual(
            self._counted(stocktake),
            [
                ("A-01", "TST-0001", "", 2.0),
                ("A-01", "TST-0002", "", 3.0),
                ("A-01", "TST-ST-01", "COIL-1", 6.0),
                ("B-01", "TST-0002", "", 5.0),
            ],
        )

    def test_refused_scans_change_nothing(self):
        stocktake = self._count_stocktake()
        ctx = self._scan(stocktake, "CNT-BIN-A")["ctx"]
        self._scan(stocktake, "6900000000011", ctx)
        before = self._counted(stocktake)
        # a location outside the stocktake
        self.wh_raw.lot_stock_id.barcode = "CNT-STOCK"
        res = self._scan(stocktake, "CNT-STOCK", ctx)
        self.assertFalse(res["ok"])
        self.assertEqual(res["kind"], "error")
        self.assertIn("not a location of stocktake", res["message"])
        self.assertEqual(res["ctx"], ctx)
        # another product's lot, an unknown lot, an unknown code
        lot_ctx = self._scan(stocktake, "TST-ST-01", ctx)["ctx"]
        for barcode, context, message in (
            ("OTHER-1", lot_ctx, "belongs to"),
            ("NEW-LOT-9", lot_ctx, "Unknown lot"),
            ("NO-SUCH-CODE", ctx, "Unknown barcode"),
        ):
            res = self._scan(stocktake, barcode, context)
            self.assertFalse(res["ok"], barcode)
            self.assertIn(message, res["message"])
        res = self._scan(stocktake, "6900000000011", ctx, qty=-1)
        self.assertFalse(res["ok"])
        self.assertEqual(self._counted(stocktake), before)

    def test_idempotent_resend_counted_once(self):
        stocktake = self._count_stocktake()
        ctx = self._scan(stocktake, "CNT-BIN-A", key="k-loc")["ctx"]
        first = self._scan(stocktake, "6900000000011", ctx, key="k-1")
        again = self._scan(stocktake, "6900000000011", ctx, key="k-1")
        self.assertTrue(again["replayed"])
        self.assertEqual(again["line"], first["line"])
        self.assertEqual(self._counted(stocktake), [("A-01", "TST-0001", "", 1.0)])
        self._scan(stocktake, "6900000000011", ctx, key="k-2")
        self.assertEqual(self._counted(stocktake), [("A-01", "TST-0001", "", 2.0)])
        refused = self._scan(stocktake, "NO-SUCH-CODE", ctx, key="k-3")
        self.assertEqual(
            self._scan(stocktake, "x", ctx, key="k-3")["message"], refused["message"]
        )
        logs = self.env["factory.scan.log"].search(
            [("user_id", "=", self.clerk.id), ("operation", "=", "count")]
        )
        self.assertEqual(
            sorted(logs.mapped("state")), ["done", "done", "done", "refused"]
        )

    def test_blind_count_hides_book_quantity(self):
        stocktake = self._count_stocktake(blind_count=True)
        self.assertTrue(self.Scan.stocktakes()[0]["blind"])
        ctx = self._scan(stocktake, "CNT-BIN-A")["ctx"]
        res = self._scan(stocktake, "6900000000011", ctx)
        self.assertTrue(res["ok"], res["message"])
        self.assertTrue(res["stocktake"]["blind"])
        self.assertNotIn("book_qty", res["line"])
        self.assertNotIn("book_qty", res["stocktake"]["location_lines"][0])
        data = self.Scan.stocktake(stocktake.id, self.bin_a.id)
        self.assertNotIn("book_qty", data["location_lines"][0])
        # the supervisor sees it
        data = (
            self.env["factory.scan"]
            .with_user(self.supervisor)
            .stocktake(stocktake.id, self.bin_a.id)
        )
        self.assertEqual(data["location_lines"][0]["book_qty"], 10)
