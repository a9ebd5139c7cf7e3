from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .report_common import ProductionReportCase


@tagged("post_install", "-at_install")
class TestProductionReport(ProductionReportCase):
    def _snapshot(self, production):
        """What a refused report must leave untouched."""
        production.invalidate_recordset()
        ops = self._ops(production)
        ops.invalidate_recordset()
        return (
            self.Report.sudo().search_count([]),
            self.env["mrp.workcenter.productivity"].search_count(
                [("workorder_id", "in", ops.ids)]
            ),
            [(w.state, w.qty_produced, w.factory_scrap_qty) for w in ops],
        )

    # ------------------------------------------------------------------
    # Booking
    # ------------------------------------------------------------------

    def test_report_books_time_and_quantities(self):
        production = self._released(10)
        winding, assembly = self._ops(production)
        self.assertEqual(assembly.blocked_by_workorder_ids, winding)
        # within the 30 minutes expected (3 per motor): productive time
        report = self._report(winding, good=6, scrap=1, badge="TW0001", duration=25)
        self.assertEqual(report.employee_id, self.employee)
        self.assertEqual(report.reported_by_id, self.worker)
        self.assertTrue(report.name.startswith("BG/"))
        self.assertEqual(report.production_id, production)
        self.assertEqual(report.workcenter_id, self.wc_winding)
        self.assertEqual(winding.qty_produced, 6)
        self.assertEqual(winding.factory_good_qty, 6)
        self.assertEqual(winding.factory_scrap_qty, 1)
        self.assertEqual(winding.state, "progress")
        self.assertEqual(production.state, "progress")
        time = report.productivity_id
        self.assertEqual(time.workorder_id, winding)
        self.assertEqual(time.workcenter_id, self.wc_winding)
        self.assertEqual(time.factory_employee_id, self.employee)
        self.assertEqual(time.user_id, self.worker)
        self.assertEqual(time.loss_type, "productive")
        self.assertAlmostEqual(time.duration, 25)
        self.assertEqual(time.date_end - time.date_start, timedelta(minutes=25))
        self.assertEqual(winding.time_ids, time)
        self.assertAlmostEqual(winding.duration, 25)
        # beyond the expected time Odoo books performance loss
        late = self._report(winding, good=1, duration=10)
        self.assertEqual(late.productivity_id.loss_type, "performance")

        second = self._report(assembly, good=5, user=self.approver)
        self.assertEqual(assembly.qty_produced, 5)
        self.assertEqual(assembly.state, "progress")
        self.assertEqual(second.productivity_id.workcenter_id, self.wc_assembly)

    def test_start_and_end_give_the_minutes(self):
        production = self._released(10)
        winding = self._ops(production)[0]
        end = fields.Datetime.now().replace(microsecond=0) - timedelta(minutes=5)
        report = self._report(
            winding,
            good=2,
            date_start=end - timedelta(minutes=75),
            date_end=end,
            duration=3,
        )
        self.assertEqual(report.duration, 75)
        self.assertEqual(report.productivity_id.date_start, end - timedelta(minutes=75))
        self.assertEqual(report.productivity_id.date_end, end)

    def test_operations_complete_in_order(self):
        production = self._released(10)
        winding, assembly = self._ops(production)
        self._report(winding, good=9, scrap=1)
        self.assertEqual(winding.state, "done")
        self.assertEqual(assembly.state, "ready")
        self._report(assembly, good=8)
        self.assertEqual(assembly.state, "progress")
        self._report(assembly, scrap=1)
        self.assertEqual(assembly.state, "done")
        self.assertEqual(production.state, "to_close")

    # ------------------------------------------------------------------
    # Limits
    # ------------------------------------------------------------------

    def test_limit_is_what_the_previous_operation_produced(self):
        production = self._released(10)
        winding, assembly = self._ops(production)
        self._report(winding, good=6, scrap=1)
        before = self._snapshot(production)
        with self.assertRaisesRegex(UserError, "6.0 .* available from the previous"):
            self._report(assembly, good=7)
        self.assertEqual(self._snapshot(production), before)
        self._report(assembly, good=5, scrap=1)
        with self.assertRaisesRegex(UserError, "6.0 .*already reported"):
            self._report(assembly, good=1)
        # 20 % tolerance on the assembly line: up to 7.2 after 6
        self.wc_assembly.factory_report_tolerance = 20
        self._report(assembly, good=1)
        self.assertEqual(assembly.qty_produced, 6)
        with self.assertRaisesRegex(UserError, "at most 7.2"):
            self._report(assembly, good=0.5)

    def test_first_operation_is_limited_by_the_order(self):
        production = self._released(10)
        winding = self._ops(production)[0]
        before = self._snapshot(production)
        with self.assertRaisesRegex(UserError, "available from the order"):
            self._report(winding, good=10, scrap=1)
        self.assertEqual(self._snapshot(production), before)

    def test_batch_counts_its_own_reports(self):
        production = self._released(10)
        winding = self._ops(production)[0]
        vals = {
            "workorder_id": winding.id,
            "employee_id": self.employee.id,
            "good_qty": 6,
        }
        with self.assertRaises(UserError):
            self.Report.with_user(self.worker).create([vals, vals])
        self.assertFalse(winding.factory_report_ids)

    # ------------------------------------------------------------------
    # Bad input: clear error, nothing changes
    # ------------------------------------------------------------------

    def test_bad_input_changes_nothing(self):
        production = self._released(10)
        winding = self._ops(production)[0]
        self._report(winding, good=2)
        now = fields.Datetime.now()
        cases = {
            "zero": ({"good_qty": 0, "scrap_qty": 0}, "Report a good or a scrapped"),
            "negative good": ({"good_qty": -1}, "cannot be negative"),
            "negative scrap": ({"good_qty": 2, "scrap_qty": -1}, "cannot be negative"),
            "scrap without reason": ({"scrap_qty": 1}, "reason of the scrapped"),
            "unknown badge": ({"good_qty": 1, "badge": "NOPE99"}, "Unknown badge"),
            "no worker": ({"good_qty": 1, "employee_id": False}, "choose the worker"),
            "negative minutes": ({"good_qty": 1, "duration": -5}, "cannot be negative"),
            "end before start": (
                {
                    "good_qty": 1,
                    "date_start": now - timedelta(minutes=5),
                    "date_end": now - timedelta(minutes=10),
                },
                "end after it started",
            ),
            "future": (
                {"good_qty": 1, "date_end": now + timedelta(hours=2)},
                "in the future",
            ),
            "text quantity": ({"good_qty": "abc"}, "must be numbers"),
        }
        before = self._snapshot(production)
        for name, (vals, message) in cases.items():
            with self.subTest(name):
                values = {
                    "workorder_id": winding.id,
                    "employee_id": self.employee.id,
                    **vals,
                }
                if "badge" in vals:
                    values.pop("employee_id")
                with self.assertRaisesRegex(UserError, message):
                    self.Report.with_user(self.worker).create(values)
                self.assertEqual(self._snapshot(production), before)

    def test_closed_or_unreleased_orders_refuse_reports(self):
        unreleased = self._order(2)
        with self.assertRaisesRegex(UserError, "not released"):
            self._report(self._ops(unreleased)[0], good=1)
        self.assertFalse(unreleased.workorder_ids.factory_report_ids)

        production = self._released(5)
        winding = self._ops(production)[0]
        self._report(winding, good=5)
        self.assertEqual(winding.state, "done")
        before = self._snapshot(production)
        with self.assertRaisesRegex(UserError, "is closed"):
            self._report(winding, good=1)
        self.assertEqual(self._snapshot(production), before)

        production.action_cancel()
        with self.assertRaisesRegex(UserError, "is closed"):
            self._report(self._ops(production)[1], good=1)

    def test_booked_report_cannot_be_changed(self):
        production = self._released(10)
        report = self._report(self._ops(production)[0], good=3)
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            report.with_user(self.approver).good_qty = 5
        report.with_user(self.approver).note = "checked"
        with self.assertRaises(AccessError):
            report.with_user(self.worker).note = "mine"
        with self.assertRaisesRegex(UserError, "Cancel a production report"):
            report.sudo().unlink()
        self.assertEqual(report.good_qty, 3)

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------

    def test_line_worker_access(self):
        production = self._released(10)
        winding = self._ops(production)[0]
        own = self._report(winding, good=2)
        other = self._report(
            winding, good=1, user=self.approver, employee_id=self.other_employee.id
        )
        Report = self.Report.with_user(self.worker)
        self.assertEqual(Report.search([]), own)
        with self.assertRaises(AccessError):
            other.with_user(self.worker).read(["good_qty"])
        with self.assertRaises(AccessError):
            own.with_user(self.worker).action_factory_cancel()
        self.assertEqual(own.state, "done")
        # no costs: neither the product cost nor the worker's hourly cost
        with self.assertRaises(AccessError):
            self.motor.with_user(self.worker).read(["standard_price"])
        with self.assertRaises(AccessError):
            self.employee.with_user(self.worker).read(["hourly_cost"])
        with self.assertRaises(AccessError):
            self.employee.with_user(self.worker).read(["barcode"])
        # and no direct rights on Odoo's work orders and time records
        with self.assertRaises(AccessError):
            winding.with_user(self.worker).read(["qty_produced"])
        with self.assertRaises(AccessError):
            own.productivity_id.with_user(self.worker).read(["duration"])
        # the report itself shows its work order and worker by name
        data = own.with_user(self.worker).web_read(
            {
                "workorder_id": {"fields": {"display_name": {}}},
                "employee_id": {"fields": {"display_name": {}}},
                "good_qty": {},
            }
        )
        self.assertEqual(data[0]["employee_id"]["display_name"], self.employee.name)

    def test_supervisor_cancels(self):
        production = self._released(10)
        winding, assembly = self._ops(production)
        first = self._report(winding, good=8, scrap=2)
        self.assertEqual(winding.state, "done")
        self._report(assembly, good=3)
        time = first.productivity_id
        with self.assertRaisesRegex(UserError, "Cancel the later operation"):
            first.with_user(self.approver).action_factory_cancel()
        self.assertEqual(first.state, "done")
        assembly.factory_report_ids.with_user(self.approver).action_factory_cancel()
        self.assertEqual(assembly.qty_produced, 0)
        self.assertEqual(assembly.state, "ready")
        first.with_user(self.approver).action_factory_cancel()
        self.assertEqual(first.state, "cancel")
        self.assertFalse(first.productivity_id)
        self.assertFalse(time.exists())
        self.assertEqual(winding.qty_produced, 0)
        self.assertEqual(winding.factory_scrap_qty, 0)
        self.assertEqual(winding.state, "ready")
        self.assertEqual(assembly.state, "pending")

    # ------------------------------------------------------------------
    # Closing the order
    # ------------------------------------------------------------------

    def test_close_order_from_reports(self):
        production = self._released(10)
        winding, assembly = self._ops(production)
        self._report(winding, good=8, scrap=2, duration=60)
        self._report(assembly, good=7, duration=20)
        with self.assertRaisesRegex(UserError, "work in progress"):
            production.with_user(self.approver).action_factory_close_from_reports()
        self._report(assembly, scrap=1, duration=5)
        with self.assertRaises(AccessError):
            production.with_user(self.worker).action_factory_close_from_reports()
        production.with_user(self.approver).action_factory_close_from_reports()
        self.assertEqual(production.state, "done")
        self.assertEqual(production.qty_produced, 7)
        self.assertFalse(
            production.procurement_group_id.mrp_production_ids - production
        )
        stock = production.location_dest_id
        self.assertEqual(self._on_hand(self.motor, stock), 7)
        consumed = {
            move.product_id: move.quantity
            for move in production.move_raw_ids.filtered(lambda m: m.state == "done")
        }
        # everything started at the first operation (8 + 2) consumed material
        self.assertEqual(consumed, {self.shaft: 10, self.magnet: 20})
        self.assertEqual(self._on_hand(self.shaft, self.wh_raw.lot_stock_id), 0)
        self.assertEqual(self._on_hand(self.magnet, self.wh_raw.lot_stock_id), 10)
        self.assertEqual(set(production.workorder_ids.mapped("state")), {"done"})
        self.assertEqual(winding.qty_produced, 8)
        self.assertEqual(assembly.qty_produced, 7)
        self.assertEqual(len(production.workorder_ids.time_ids), 3)
        self.assertAlmostEqual(sum(production.workorder_ids.mapped("duration")), 85)
        # valuation stays Odoo's: the finished layer is the consumed components
        # plus the work centers' time (mrp_account _cal_price)
        finished = production.move_finished_ids.filtered(
            lambda m: m.product_id == self.motor
        )
        self.assertEqual(finished.quantity, 7)
        layers = production.move_raw_ids.stock_valuation_layer_ids
        self.assertAlmostEqual(sum(layers.mapped("quantity")), -30)
        self.assertTrue(finished.stock_valuation_layer_ids)
        with self.assertRaisesRegex(UserError, "is closed"):
            self._report(assembly, good=1)

    def test_close_needs_good_on_the_last_operation(self):
        production = self._released(10)
        self._report(self._ops(production)[0], good=4)
        with self.assertRaisesRegex(UserError, "No good quantity"):
            production.with_user(self.approver).action_factory_close_from_reports()
        self.assertNotEqual(production.state, "done")

    # ------------------------------------------------------------------
    # Phone screen API
    # ------------------------------------------------------------------

    def test_phone_api(self):
        production = self._released(10)
        winding, assembly = self._ops(production)
        Report = self.Report.with_user(self.worker)
        home = Report.factory_report_home()
        self.assertEqual(
            home["employee"], {"id": self.employee.id, "name": self.employee.name}
        )
        self.assertIn(self.reason.id, [r["id"] for r in home["reasons"]])
        ops = [op for op in home["operations"] if op["order"] == production.name]
        self.assertEqual([op["id"] for op in ops], [winding.id, assembly.id])
        self.assertTrue(ops[0]["current"])
        self.assertNotIn("costs_hour", ops[0])
        self.assertEqual(ops[0]["remaining"], 10)
        self.assertEqual(
            Report.factory_report_badge("TW0002"),
            {"id": self.other_employee.id, "name": self.other_employee.name},
        )
        with self.assertRaisesRegex(UserError, "Unknown badge"):
            Report.factory_report_badge("XX")
        result = Report.factory_report_submit(
            {
                "workorder_id": winding.id,
                "badge": "TW0002",
                "good_qty": "4",
                "scrap_qty": "1",
                "scrap_reason_id": self.reason.id,
                "duration": "",
                "state": "cancel",
            }
        )
        report = self.Report.browse(result["id"])
        self.assertEqual(report.employee_id, self.other_employee)
        self.assertEqual(report.state, "done")
        self.assertFalse(report.productivity_id)
        self.assertEqual(result["operation"]["good"], 4)
        self.assertEqual(result["operation"]["remaining"], 5)
        self.assertIn(report.name, result["message"])
        with self.assertRaisesRegex(UserError, "already reported"):
            Report.factory_report_submit(
                {"workorder_id": assembly.id, "badge": "TW0001", "good_qty": 5}
            )
