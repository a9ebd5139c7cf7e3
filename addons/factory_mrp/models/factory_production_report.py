import math
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, float_compare, float_is_zero

from odoo.addons.factory_stock.models.factory_input import factory_clean_vals
from odoo.addons.factory_stock.models.factory_protected import (
    factory_protected_writer,
)

WORKSHOP_SUPERVISOR = "factory_stock.group_workshop_supervisor"
LINE_WORKER = "factory_stock.group_line_worker"
OPEN_ORDER_STATES = ("confirmed", "progress", "to_close")
# What may still change on a booked report (the rest is in Odoo's work order
# quantities and time records: correct by cancelling and reporting again).
EDITABLE_FIELDS = {"note"}
# Reported times may be a little ahead of the server's clock (phone clocks).
CLOCK_SKEW = timedelta(minutes=5)
# one report covers at most a month of work
MAX_MINUTES = 31 * 24 * 60
REPORT_NUMBERS = ("good_qty", "scrap_qty", "duration")


def _record_id(value):
    """An id given by a caller, or () when it cannot be one."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31:
        return value
    return ()


def _number(value):
    """float(value), refused (TypeError / ValueError) unless finite and
    sensible."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(value)
    number = float(value or 0.0)
    if not math.isfinite(number) or abs(number) > 1e15:
        raise ValueError(value)
    return number


class FactoryProductionReport(models.Model):
    """Production report (报工): what a worker made on one work order
    operation (good and scrapped quantities) and how long it took. Reports
    feed Odoo's own work order quantities and time records.

    Every entry point (web client, phone screen, import, RPC) goes through
    ``create``, which validates and books; a booked report cannot be edited
    (only its note), a workshop supervisor cancels it instead."""

    _name = "factory.production.report"
    _description = "Production Report"
    _inherit = ["mail.thread", "factory.protected.mixin"]
    _order = "id desc"
    _check_company_auto = True
    # see factory.protected.mixin: set by the booking (create) and the
    # supervisor's cancellation only; what the worker reports is given on
    # create and fixed afterwards (only the note stays editable)
    _factory_protected_fields = (
        "name",
        "state",
        "reported_by_id",
        "productivity_id",
        "production_id",
        "workcenter_id",
        "product_id",
    )
    _factory_fixed_fields = (
        "company_id",
        "workorder_id",
        "employee_id",
        "good_qty",
        "scrap_qty",
        "scrap_reason_id",
        "date_start",
        "date_end",
        "duration",
    )

    name = fields.Char(
        "Reference", required=True, readonly=True, copy=False, default="/"
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    workorder_id = fields.Many2one(
        "mrp.workorder",
        "Work Order",
        required=True,
        check_company=True,
        index=True,
        ondelete="restrict",
    )
    production_id = fields.Many2one(
        related="workorder_id.production_id", store=True, index=True
    )
    workcenter_id = fields.Many2one(
        related="workorder_id.workcenter_id", store=True, index=True
    )
    product_id = fields.Many2one(related="production_id.product_id", store=True)
    product_uom_id = fields.Many2one(related="workorder_id.product_uom_id")
    employee_id = fields.Many2one(
        "hr.employee", "Worker", required=True, check_company=True, index=True
    )
    good_qty = fields.Float("Good Quantity", digits="Product Unit of Measure")
    scrap_qty = fields.Float("Scrapped Quantity", digits="Product Unit of Measure")
    scrap_reason_id = fields.Many2one("factory.defect.reason", "Scrap Reason")
    date_start = fields.Datetime("Started")
    date_end = fields.Datetime("Finished")
    duration = fields.Float("Minutes", digits=(16, 2))
    productivity_id = fields.Many2one(
        "mrp.workcenter.productivity", "Time Record", readonly=True, copy=False
    )
    reported_by_id = fields.Many2one(
        "res.users", "Reported By", readonly=True, default=lambda self: self.env.user
    )
    state = fields.Selection(
        [("done", "Reported"), ("cancel", "Cancelled")],
        default="done",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    note = fields.Text()

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        records = self._factory_check_create(vals_list)
        vals_list = [self._factory_prepare_vals(dict(vals)) for vals in vals_list]
        workorders = (
            self.env["mrp.workorder"]
            .sudo()
            .browse({vals["workorder_id"] for vals in vals_list})
        )
        self._factory_lock_orders(workorders.production_id)
        self._factory_check_limits(vals_list)
        self._factory_book_time(vals_list)
        sequence = self.env["ir.sequence"].sudo()
        for vals in vals_list:
            vals["name"] = (
                sequence.next_by_code("factory.production.report") or vals["name"]
            )
        with factory_protected_writer(self._name):
            reports = super(FactoryProductionReport, records).create(vals_list)
        # sudo (workorders): booking into Odoo's work orders is the system's
        # part of a report the user was allowed to make.
        workorders._factory_sync_reports()
        return reports

    def write(self, vals):
        if not self._factory_is_trusted_writer():
            locked = [
                fname
                for fname in vals
                if fname not in EDITABLE_FIELDS
                and not fname.startswith(("message_", "activity_"))
            ]
            if locked:
                raise UserError(
                    self.env._(
                        "A production report cannot be changed once it is booked "
                        "(%s): a workshop supervisor cancels it and the worker "
                        "reports again.",
                        ", ".join(self.mapped("name")),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_booked(self):
        if any(report.state == "done" for report in self):
            raise UserError(
                self.env._("Cancel a production report before deleting it.")
            )

    # ------------------------------------------------------------------
    # Validation
    # ------------------------------------------------------------------

    @api.model
    def _factory_employee_from_badge(self, badge):
        """The employee wearing ``badge`` (hr.employee ``barcode``, "Badge
        ID"), in the user's companies.

        Deliberate sudo boundary: the badge is readable by HR officers only
        (``groups="hr.group_hr_user"``), but every line worker must be able to
        identify by scanning it; only the employee's id and public name leave
        this method."""
        badge = (badge if isinstance(badge, str) else "").strip().replace("\x00", "")
        employee = self.env["hr.employee"]
        if badge:
            employee = (
                self.env["hr.employee"]
                .sudo()
                .search(
                    [
                        ("barcode", "=", badge),
                        ("company_id", "in", self.env.companies.ids),
                    ],
                    limit=1,
                )
            )
        if not employee:
            raise UserError(self.env._("Unknown badge: %s.", badge or "-"))
        return employee.sudo(False)

    @api.model
    def _factory_prepare_vals(self, vals):
        """Check one report's values and complete them (worker from the badge,
        company, times). Raise a UserError on any bad input."""
        badge = vals.pop("badge", False)
        # what the checks below do not look at themselves (bad ids, texts,
        # dates): refused before anything else
        own = {"employee_id", "workorder_id", *REPORT_NUMBERS}
        vals.update(
            factory_clean_vals(self, {k: v for k, v in vals.items() if k not in own})
        )
        if badge:
            vals["employee_id"] = self._factory_employee_from_badge(badge).id
        # sudo: line workers report on work orders they do not read directly
        # (no Manufacturing rights); only these checks look at them.
        employee = (
            self.env["hr.employee"].sudo().browse(_record_id(vals.get("employee_id")))
        )
        if not employee.exists() or not employee.active:
            raise UserError(self.env._("Scan the worker's badge or choose the worker."))
        if not badge:
            self._factory_check_reports_for(employee)
        workorder = (
            self.env["mrp.workorder"]
            .sudo()
            .browse(_record_id(vals.get("workorder_id")))
            .exists()
        )
        if not workorder or workorder.company_id not in self.env.companies:
            raise UserError(self.env._("Choose the work order operation to report."))
        self._factory_check_workorder(workorder)
        self._factory_check_quantities(vals, workorder)
        self._factory_prepare_times(vals)
        vals.update(
            company_id=workorder.company_id.id,
            reported_by_id=self.env.uid,
            state="done",
        )
        vals.pop("productivity_id", None)
        return vals

    @api.model
    def _factory_check_reports_for(self, employee):
        """Without a badge scanned in the same call, a user reports as
        himself (his own employee); a workshop supervisor (and server code)
        for anyone."""
        user = self.env.user
        if (
            self.env.su
            or user.has_group(WORKSHOP_SUPERVISOR)
            or employee in user.sudo().employee_ids
        ):
            return
        raise AccessError(
            self.env._(
                "You can report only as yourself, or scan the badge of %s.",
                employee.name,
            )
        )

    @api.model
    def _factory_check_reporter(self):
        """The phone screen is for line workers and workshop supervisors (the
        roles of its menu)."""
        user = self.env.user
        if not (user.has_group(LINE_WORKER) or user.has_group(WORKSHOP_SUPERVISOR)):
            raise AccessError(
                self.env._(
                    "Only line workers and workshop supervisors report production."
                )
            )

    @api.model
    def _factory_check_workorder(self, workorder):
        production = workorder.production_id
        if production.state not in OPEN_ORDER_STATES or workorder.state in (
            "done",
            "cancel",
        ):
            raise UserError(
                self.env._(
                    "%(operation)s of %(order)s is closed (order %(order_state)s, "
                    "operation %(wo_state)s): nothing can be reported on it.",
                    operation=workorder.name,
                    order=production.name,
                    order_state=dict(
                        production._fields["state"]._description_selection(self.env)
                    )[production.state],
                    wo_state=dict(
                        workorder._fields["state"]._description_selection(self.env)
                    )[workorder.state],
                )
            )
        # Decision: output is reported only on released orders, whose
        # components were reserved (see action_factory_release).
        if not production.factory_released:
            raise UserError(
                self.env._(
                    "%s is not released yet: release it before reporting on it.",
                    production.name,
                )
            )

    @api.model
    def _factory_check_quantities(self, vals, workorder):
        rounding = workorder.product_uom_id.rounding
        try:
            good = _number(vals.get("good_qty") or 0.0)
            scrap = _number(vals.get("scrap_qty") or 0.0)
        except (TypeError, ValueError) as error:
            raise UserError(self.env._("Quantities must be numbers.")) from error
        if float_compare(good, 0, precision_rounding=rounding) < 0 or (
            float_compare(scrap, 0, precision_rounding=rounding) < 0
        ):
            raise UserError(self.env._("Quantities cannot be negative."))
        if float_is_zero(good + scrap, precision_rounding=rounding):
            raise UserError(self.env._("Report a good or a scrapped quantity."))
        if float_is_zero(scrap, precision_rounding=rounding):
            vals["scrap_reason_id"] = False
        elif not vals.get("scrap_reason_id"):
            raise UserError(self.env._("Give the reason of the scrapped quantity."))
        vals.update(good_qty=good, scrap_qty=scrap)

    @api.model
    def _factory_prepare_times(self, vals):
        """Minutes, or start and end: the minutes are computed from the
        dates when both are given; with minutes only, the work ends now (or
        at the given end)."""
        now = fields.Datetime.now()
        start = fields.Datetime.to_datetime(vals.get("date_start"))
        end = fields.Datetime.to_datetime(vals.get("date_end"))
        try:
            minutes = _number(vals.get("duration") or 0.0)
        except (TypeError, ValueError) as error:
            raise UserError(self.env._("The minutes must be a number.")) from error
        if minutes < 0:
            raise UserError(self.env._("The time worked cannot be negative."))
        if minutes > MAX_MINUTES:
            raise UserError(
                self.env._(
                    "%(minutes)s minutes is more than a month: report the time "
                    "of each shift.",
                    minutes=minutes,
                )
            )
        if start and not end:
            end = now
        if start:
            if end <= start:
                raise UserError(self.env._("The work must end after it started."))
            minutes = round((end - start).total_seconds() / 60.0, 2)
        else:
            end = end or now
            start = end - timedelta(minutes=minutes)
        if end > now + CLOCK_SKEW:
            raise UserError(self.env._("Work cannot be reported in the future."))
        vals.update(
            date_start=start.replace(microsecond=0),
            date_end=end.replace(microsecond=0),
            duration=minutes,
        )

    @api.model
    def _factory_lock_orders(self, productions):
        """Serialize reports and cancellations per order: the limit of an
        operation depends on the reports of the previous one. Updating the
        order rows (not only locking them) makes a concurrent transaction
        that reported on the same order fail with a serialization error under
        REPEATABLE READ, and Odoo retries it with fresh figures."""
        if productions:
            self.env.cr.execute(
                SQL(
                    "UPDATE mrp_production SET write_date = write_date WHERE id IN %s",
                    tuple(productions.ids),
                )
            )

    @api.model
    def _factory_check_limits(self, vals_list):
        """Cumulative good + scrap on an operation ≤ what the previous
        operations produced (their cumulative good; the order's quantity for
        the first one) plus the work center's tolerance."""
        workorders = (
            self.env["mrp.workorder"]
            .sudo()
            .browse({vals["workorder_id"] for vals in vals_list})
        )
        all_workorders = workorders.production_id.workorder_ids
        totals = all_workorders._factory_report_totals()
        for vals in vals_list:
            workorder = workorders.browse(vals["workorder_id"])
            good, scrap = totals[workorder.id]
            available, tolerance, limit = workorder._factory_report_limit(totals)
            qty = vals["good_qty"] + vals["scrap_qty"]
            rounding = workorder.product_uom_id.rounding
            if (
                float_compare(good + scrap + qty, limit, precision_rounding=rounding)
                > 0
            ):
                raise UserError(
                    self.env._(
                        "%(operation)s of %(order)s: %(reported)s %(uom)s already "
                        "reported, %(qty)s more would exceed the %(available)s "
                        "%(uom)s available from %(origin)s (tolerance "
                        "%(tolerance)s %%: at most %(limit)s).",
                        operation=workorder.name,
                        order=workorder.production_id.name,
                        reported=good + scrap,
                        qty=qty,
                        available=available,
                        uom=workorder.product_uom_id.name,
                        origin=workorder._factory_report_source(),
                        tolerance=tolerance,
                        limit=limit,
                    )
                )
            totals[workorder.id] = (good + vals["good_qty"], scrap + vals["scrap_qty"])

    @api.model
    def _factory_book_time(self, vals_list):
        """One Odoo time record (mrp.workcenter.productivity) per report with
        time, made by the work order's own hook, for the reporting user and
        the worker."""
        todo = [vals for vals in vals_list if vals["duration"] > 0]
        if not todo:
            return
        workorders = self.env["mrp.workorder"].sudo()
        employees = self.env["hr.employee"].sudo()
        time_vals = []
        worked = defaultdict(float)
        for vals in todo:
            workorder = workorders.browse(vals["workorder_id"])
            worked[workorder] += vals["duration"]
            values = workorder._prepare_timeline_vals(
                workorder.duration + worked[workorder],
                vals["date_start"],
                vals["date_end"],
            )
            values.update(
                description=self.env._(
                    "Production report: %s",
                    employees.browse(vals["employee_id"]).name,
                ),
                factory_employee_id=vals["employee_id"],
            )
            time_vals.append(values)
        # sudo: the report is the worker's right to book this time; line
        # workers have no right on Odoo's time records themselves.
        times = self.env["mrp.workcenter.productivity"].sudo().create(time_vals)
        for vals, time in zip(todo, times, strict=True):
            vals["productivity_id"] = time.id

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_factory_cancel(self):
        """Workshop supervisor: reverse reports (their time records go, the
        work order quantities are recomputed)."""
        if not self.env.user.has_group(WORKSHOP_SUPERVISOR):
            raise AccessError(
                self.env._("Only a workshop supervisor can cancel production reports.")
            )
        reports = self.filtered(lambda r: r.state == "done")
        if not reports:
            return True
        productions = reports.production_id
        closed = productions.filtered(lambda p: p.state in ("done", "cancel"))
        if closed:
            raise UserError(
                self.env._(
                    "Reports of closed orders cannot be cancelled: %s",
                    ", ".join(closed.mapped("name")),
                )
            )
        self._factory_lock_orders(productions)
        workorders = productions.workorder_ids.sudo()
        totals = workorders._factory_report_totals()
        for report in reports:
            good, scrap = totals[report.workorder_id.id]
            totals[report.workorder_id.id] = (
                good - report.good_qty,
                scrap - report.scrap_qty,
            )
        workorders._factory_check_successors(totals)
        times = reports.productivity_id
        reports._factory_write({"state": "cancel", "productivity_id": False})
        # sudo: the supervisor's cancellation removes the booked time records.
        times.sudo().unlink()
        reports.workorder_id.sudo()._factory_sync_reports()
        return True
