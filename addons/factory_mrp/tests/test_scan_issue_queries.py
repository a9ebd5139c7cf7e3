from odoo.exceptions import UserError
from odoo.tests import tagged

from .scan_issue_common import ScanIssueCase

# Queries of one booking scan (issue) in the process that made the scan
# before it (issue 19): the record cache holds the transfer, its moves and
# lines, the request and the material; what is left is the scan itself:
# the idempotency log (claim, answer), the barcode, the request's issued and
# scanned figures in one query (checked, then shown), the quants locked once
# for the booking (factory_lock.holding_quants) and read, Odoo's booking (the
# unit off the proposal onto the picked line, the quant's reservation).
# Measured 17, was 23 when each reservation update locked the quants again
# and the figures took two queries; a small margin for what Odoo's own
# caches may miss. With an empty record cache, as a new request
# (test_scan_issue.py): 55, was 61.
ISSUE_SCAN_WARM_QUERIES = 19


@tagged("post_install", "-at_install")
class TestScanIssueWarmQueries(ScanIssueCase):
    def test_issue_booking_scan_queries_after_a_scan(self):
        __, picking = self._issue_request([(self.shaft, 4), (self.glue, 2)])
        for key in ("w0", "w1"):  # warm-up: caches of the process and records
            res = self.Scan.scan("issue", "TST-RM-01", picking.id, 1, key=key)
            self.assertTrue(res["ok"], res["message"])
        with self.assertQueryCount(ISSUE_SCAN_WARM_QUERIES):
            res = self.Scan.scan("issue", "TST-RM-01", picking.id, 1, key="w2")
        self.assertTrue(res["ok"], res["message"])
        shaft = self._move_data(res["picking"], self.shaft)
        self.assertEqual((shaft["done"], shaft["to_issue"]), (3, 1))

    def test_deleted_transfer_is_refused(self):
        """The transfer's existence is checked by its access check: a
        transfer deleted since the phone listed it is refused as before."""
        __, picking = self._issue_request([(self.shaft, 1)])
        picking_id = picking.id
        picking.action_cancel()
        picking.unlink()
        with self.assertRaises(UserError) as err:
            self.Scan.scan("issue", "TST-RM-01", picking_id, 1, key="gone")
        self.assertIn("does not exist any more", str(err.exception))
