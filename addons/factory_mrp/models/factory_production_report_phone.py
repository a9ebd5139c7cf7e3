from odoo import api, fields, models
from odoo.exceptions import UserError

from .factory_production_report import OPEN_ORDER_STATES


class FactoryProductionReport(models.Model):
    """The phone / tablet screen of production reporting (client action
    factory_production_report): what it reads and how it submits; every
    report still goes through ``create`` and its checks."""

    _inherit = "factory.production.report"

    @api.model
    def factory_report_home(self):
        """What the reporting screen needs to start: the user's own employee
        (if any), scrap reasons and the open operations."""
        self._factory_check_reporter()
        # sudo: the user's own employee record, by its public name only.
        employee = self.env.user.sudo().employee_id.filtered(
            lambda e: e.company_id in self.env.companies
        )[:1]
        reasons = self.env["factory.defect.reason"].search([])
        return {
            "employee": employee and {"id": employee.id, "name": employee.name},
            "reasons": [{"id": r.id, "name": r.display_name} for r in reasons],
            "operations": self.factory_report_operations(),
        }

    @api.model
    def factory_report_badge(self, badge):
        """The worker of a scanned badge: id and name only (see
        ``_factory_employee_from_badge``)."""
        self._factory_check_reporter()
        employee = self._factory_employee_from_badge(badge)
        return {"id": employee.id, "name": employee.sudo().name}

    @api.model
    def factory_report_operations(self, limit=80):
        """Open operations of released orders, each order's current operation
        first. Deliberate sudo boundary: line workers do not read work orders;
        only names and quantities (never costs) are returned, to the roles
        that report."""
        self._factory_check_reporter()
        if isinstance(limit, bool) or not isinstance(limit, int) or limit <= 0:
            raise UserError(self.env._("%r is not a number of operations.", limit))
        workorders = (
            self.env["mrp.workorder"]
            .sudo()
            .search(
                [
                    ("production_id.factory_released", "=", True),
                    ("production_id.state", "in", OPEN_ORDER_STATES),
                    ("production_id.company_id", "in", self.env.companies.ids),
                    ("state", "not in", ("done", "cancel")),
                ],
                limit=limit,
                order="production_id, sequence, id",
            )
        )
        totals = workorders.production_id.workorder_ids._factory_report_totals()
        current = {}
        for workorder in workorders:
            current.setdefault(workorder.production_id.id, workorder)
        rank = {"progress": 0, "ready": 1}
        ordered = workorders.sorted(
            lambda w: (
                current[w.production_id.id] != w,
                rank.get(w.state, 2),
                w.production_id.date_start or fields.Datetime.now(),
                w.production_id.id,
                w.sequence,
                w.id,
            )
        )
        return [
            wo._factory_report_operation(
                totals, current=current[wo.production_id.id] == wo
            )
            for wo in ordered
        ]

    @api.model
    def factory_report_submit(self, vals):
        """Report from the phone: ``vals`` with workorder_id, badge or
        employee_id, good_qty, scrap_qty, scrap_reason_id, duration (minutes)
        or date_start (timer; the work ends now), note. ``employee_id`` is
        the caller's own employee ("It is me") unless a workshop supervisor
        reports; anyone else is reported by the badge, resolved here."""
        self._factory_check_reporter()
        allowed = {
            "workorder_id",
            "employee_id",
            "badge",
            "good_qty",
            "scrap_qty",
            "scrap_reason_id",
            "duration",
            "date_start",
            "note",
        }
        if not isinstance(vals, dict):
            raise UserError(self.env._("%r is not a production report.", vals))
        values = {key: value for key, value in vals.items() if key in allowed}
        for key in ("good_qty", "scrap_qty", "duration"):
            if values.get(key) in ("", None):
                values[key] = 0.0
        report = self.create(values)
        workorder = report.workorder_id.sudo()
        totals = workorder.production_id.workorder_ids._factory_report_totals()
        return {
            "id": report.id,
            "name": report.name,
            "message": self.env._(
                "%(name)s: %(good)s good, %(scrap)s scrapped on %(operation)s "
                "of %(order)s.",
                name=report.name,
                good=report.good_qty,
                scrap=report.scrap_qty,
                operation=workorder.name,
                order=workorder.production_id.name,
            ),
            "operation": workorder._factory_report_operation(totals),
        }
