from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .report_common import ProductionReportCase


@tagged("post_install", "-at_install")
class TestReportAccess(ProductionReportCase):
    """The phone screen's API (报工) checks access as the forms do: the
    reporting roles only, and a line worker reports as himself or by a badge
    resolved on the server in the same call."""

    def _submit(self, user, workorder, **vals):
        return self.Report.with_user(user).factory_report_submit(
            {"workorder_id": workorder.id, "good_qty": 1, "duration": 5, **vals}
        )

    def test_worker_reports_as_himself_or_by_badge(self):
        winding = self._ops(self._released(10))[0]
        # another employee's id: refused, nothing booked (phone and RPC)
        with self.assertRaisesRegex(AccessError, "only as yourself"):
            self._submit(self.worker, winding, employee_id=self.other_employee.id)
        with self.assertRaisesRegex(AccessError, "only as yourself"):
            self.Report.with_user(self.worker).create(
                {
                    "workorder_id": winding.id,
                    "employee_id": self.other_employee.id,
                    "good_qty": 1,
                }
            )
        self.assertFalse(winding.factory_report_ids)
        self.assertFalse(winding.time_ids)
        self.assertEqual(winding.qty_produced, 0)
        # that employee's badge, scanned and resolved in the same call: works,
        # whatever employee id comes with it
        result = self._submit(
            self.worker, winding, badge="TW0002", employee_id=self.employee.id
        )
        report = self.Report.browse(result["id"])
        self.assertEqual(report.employee_id, self.other_employee)
        self.assertEqual(report.reported_by_id, self.worker)
        self.assertEqual(report.productivity_id.factory_employee_id, report.employee_id)
        # "It is me": his own employee
        mine = self.Report.browse(
            self._submit(self.worker, winding, employee_id=self.employee.id)["id"]
        )
        self.assertEqual(mine.employee_id, self.employee)
        # an unknown badge is no way around it
        with self.assertRaisesRegex(UserError, "Unknown badge"):
            self._submit(
                self.worker, winding, badge="NOPE", employee_id=self.other_employee.id
            )
        self.assertEqual(winding.factory_report_ids, report | mine)

    def test_workshop_supervisor_reports_for_anyone(self):
        winding = self._ops(self._released(10))[0]
        result = self._submit(
            self.approver, winding, employee_id=self.other_employee.id
        )
        report = self.Report.browse(result["id"])
        self.assertEqual(report.employee_id, self.other_employee)
        self.assertEqual(report.reported_by_id, self.approver)

    def test_other_roles_get_access_error(self):
        production = self._released(10)
        winding = self._ops(production)[0]
        for user in (self.clerk, self.purchaser, self.mrp_user, self.qc):
            Report = self.Report.with_user(user)
            calls = {
                "home": Report.factory_report_home,
                "badge": lambda R=Report: R.factory_report_badge("TW0002"),
                "operations": Report.factory_report_operations,
                "submit": lambda u=user: self._submit(u, winding, badge="TW0001"),
            }
            for name, call in calls.items():
                with (
                    self.subTest(user=user.login, call=name),
                    self.assertRaises(AccessError),
                ):
                    call()
        self.assertFalse(winding.factory_report_ids)
        # the reporting roles do get the screen
        for user in (self.worker, self.approver, self.manager):
            ops = self.Report.with_user(user).factory_report_operations()
            self.assertIn(winding.id, [op["id"] for op in ops])

    def test_operations_of_my_companies_only(self):
        other = self.env["res.company"].create({"name": "Other Factory"})
        production = self._released(10)
        winding = self._ops(production)[0]
        for user in (self.worker, self.approver):
            user.write({"company_ids": [Command.link(other.id)]})
            Report = self.Report.with_user(user).with_company(other)
            with self.subTest(user=user.login):
                self.assertNotIn(
                    winding.id, [op["id"] for op in Report.factory_report_operations()]
                )
        # a supervisor working in the other company: not its operation
        with self.assertRaisesRegex(UserError, "Choose the work order"):
            Report.factory_report_submit(
                {
                    "workorder_id": winding.id,
                    "employee_id": self.other_employee.id,
                    "good_qty": 1,
                }
            )
        self.assertFalse(winding.factory_report_ids)
