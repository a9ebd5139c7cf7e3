from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import OutsourcingCase


@tagged("post_install", "-at_install")
class TestScanOutsourcing(OutsourcingCase):
    """The clerk sends the material of an outsourcing order by scanning."""

    def setUp(self):
        super().setUp()
        self.blank.barcode = "6900000000017"
        self.order = self._order(10)
        self.resupply = self._resupply(self.order)
        self.Scan = self.env["factory.scan"].with_user(self.clerk)

    def test_send_by_scanning(self):
        keys = [op["key"] for op in self.Scan.home()["operations"]]
        self.assertIn("outsource", keys)
        listed = [row["id"] for row in self.Scan.pickings("outsource")]
        self.assertIn(self.resupply.id, listed)
        # not among the put-aways
        self.assertNotIn(
            self.resupply.id, [row["id"] for row in self.Scan.pickings("putaway")]
        )
        res = self.Scan.scan("outsource", "6900000000017", self.resupply.id, 20)
        self.assertTrue(res["ok"], res.get("message"))
        self.Scan.validate("outsource", self.resupply.id)
        self.assertEqual(self.resupply.state, "done")
        self._assert_balance(self.blank, sent=20, consumed=0, held=20)

    def test_scan_refuses_more_or_another_item(self):
        res = self.Scan.scan("outsource", "6900000000017", self.resupply.id, 25)
        self.assertFalse(res["ok"])
        self.assertEqual(res["kind"], "error")
        self.other_material.barcode = "6900000000024"
        res = self.Scan.scan("outsource", "6900000000024", self.resupply.id, 1)
        self.assertFalse(res["ok"])
        self.assertFalse(self.resupply.move_ids.picked)
        self.assertEqual(self._held(self.blank), 0)

    def test_only_transfers_to_subcontractors(self):
        internal = self.env["stock.picking"].create(
            {
                "picking_type_id": self.wh_raw.int_type_id.id,
                "location_id": self.stock.id,
                "location_dest_id": self.bin_a.id,
            }
        )
        with self.assertRaises(UserError):
            self.Scan.picking("outsource", internal.id)
