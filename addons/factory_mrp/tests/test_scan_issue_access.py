from odoo.exceptions import AccessError
from odoo.tests import tagged

from .scan_issue_common import ScanIssueCase


@tagged("post_install", "-at_install")
class TestScanIssueAccess(ScanIssueCase):
    """The barcode view's issue operation checks access as the forms do:
    clerks (and inventory administrators) of the request's warehouse only."""

    def test_roles_without_the_operation_are_refused(self):
        __, picking = self._issue_request([(self.shaft, 2)])
        # the workshop reads requests and transfers, but issues nothing
        for user in (self.requester, self.worker, self.purchaser, self.qc):
            Scan = self.env["factory.scan"].with_user(user)
            calls = {
                "pickings": lambda S=Scan: S.pickings("issue"),
                "picking": lambda S=Scan: S.picking("issue", picking.id),
                "scan": lambda S=Scan: S.scan("issue", "TST-RM-01", picking.id, 1),
                "validate": lambda S=Scan: S.validate("issue", picking.id),
            }
            for name, call in calls.items():
                with (
                    self.subTest(user=user.login, call=name),
                    self.assertRaises(AccessError),
                ):
                    call()
        self.assertFalse(picking.move_line_ids.filtered("picked"))
        self.assertEqual(picking.state, "assigned")

    def test_request_reference_of_my_warehouse(self):
        request, picking = self._issue_request([(self.shaft, 2)])
        # another warehouse's clerk does not find the request by its reference
        self.assertFalse(
            self.env["factory.material.request"]
            .with_user(self.fg_clerk)
            .search([("name", "=", request.name)])
        )
        other = self.env["factory.scan"].with_user(self.fg_clerk)
        self.assertRefused(other.scan("issue", request.name))
        # its own clerk opens its transfer; once issued there is nothing left
        res = self.Scan.scan("issue", request.name)
        self.assertEqual(res["picking_id"], picking.id)
        self._validate(picking)
        self.assertEqual(request.state, "issued")
        self.assertRefused(
            self.Scan.scan("issue", request.name), "nothing to issue in your warehouses"
        )
