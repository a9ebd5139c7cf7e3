import math
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero, float_round


class MrpWorkorder(models.Model):
    """Operations fed by production reports (报工): the cumulative good
    quantity is Odoo's ``qty_produced``; scrap is kept beside it."""

    _name = "mrp.workorder"
    _inherit = ["mrp.workorder", "factory.protected.mixin"]

    # see factory.protected.mixin: the totals of the booked reports
    _factory_protected_fields = (
        "factory_report_ids",
        "factory_good_qty",
        "factory_scrap_qty",
    )

    factory_report_ids = fields.One2many(
        "factory.production.report", "workorder_id", "Production Reports"
    )
    factory_good_qty = fields.Float(
        "Reported Good",
        compute="_compute_factory_report_qty",
        store=True,
        digits="Product Unit of Measure",
    )
    factory_scrap_qty = fields.Float(
        "Reported Scrap",
        compute="_compute_factory_report_qty",
        store=True,
        digits="Product Unit of Measure",
    )
    factory_report_count = fields.Integer(compute="_compute_factory_report_count")

    @api.depends(
        "factory_report_ids.good_qty",
        "factory_report_ids.scrap_qty",
        "factory_report_ids.state",
    )
    def _compute_factory_report_qty(self):
        totals = self._factory_report_totals()
        for workorder in self:
            workorder.factory_good_qty, workorder.factory_scrap_qty = totals[
                workorder._origin.id
            ]

    def _compute_factory_report_count(self):
        counts = dict(
            self.env["factory.production.report"]._read_group(
                [("workorder_id", "in", self.ids)], ["workorder_id"], ["__count"]
            )
        )
        for workorder in self:
            workorder.factory_report_count = counts.get(workorder, 0)

    def _factory_report_totals(self):
        """{workorder id: (good, scrap)} of the booked reports, in one query.
        sudo: the limits count every worker's reports, whatever the current
        user may read (a line worker only reads their own)."""
        totals = defaultdict(lambda: (0.0, 0.0))
        ids = [wid for wid in self._origin.ids if wid]
        if not ids:
            return totals
        rows = (
            self.env["factory.production.report"]
            .sudo()
            ._read_group(
                [("workorder_id", "in", ids), ("state", "=", "done")],
                ["workorder_id"],
                ["good_qty:sum", "scrap_qty:sum"],
            )
        )
        for workorder, good, scrap in rows:
            totals[workorder.id] = (good, scrap)
        return totals

    def _factory_previous(self):
        """Operations this one takes its input from: Odoo's dependencies
        (blocked_by, set from the operation order in 18), without cancelled
        ones."""
        self.ensure_one()
        return self.blocked_by_workorder_ids.filtered(lambda w: w.state != "cancel")

    def _factory_report_limit(self, totals):
        """(available, tolerance %, limit) for this operation's cumulative
        good + scrap, given {workorder id: (good, scrap)}."""
        self.ensure_one()
        previous = self._factory_previous()
        if previous:
            available = min(totals.get(w.id, (0.0, 0.0))[0] for w in previous)
        else:
            available = self.production_id.product_qty
        tolerance = self.workcenter_id.factory_report_tolerance
        limit = float_round(
            available * (1 + tolerance / 100.0),
            precision_rounding=self.product_uom_id.rounding,
        )
        return available, tolerance, limit

    def _factory_report_source(self):
        self.ensure_one()
        previous = self._factory_previous()
        if previous:
            return self.env._(
                "the previous operation %s", ", ".join(previous.mapped("name"))
            )
        return self.env._("the order")

    def _factory_is_complete(self, totals):
        """Reported all it can: the previous operations are finished and
        good + scrap covers what they produced (the order's quantity for the
        first operation)."""
        self.ensure_one()
        good, scrap = totals.get(self.id, (0.0, 0.0))
        rounding = self.product_uom_id.rounding
        if float_is_zero(good + scrap, precision_rounding=rounding):
            return False
        if any(w.state not in ("done", "cancel") for w in self._factory_previous()):
            return False
        available = self._factory_report_limit(totals)[0]
        return float_compare(good + scrap, available, precision_rounding=rounding) >= 0

    def _factory_sync_reports(self):
        """Put the reports into Odoo's work order: qty_produced = cumulative
        good, in progress once something is reported, done when complete (and
        back in progress when a cancellation makes it incomplete). Runs over
        the whole orders, in operation order, as completing one operation can
        complete the next."""
        workorders = self.production_id.workorder_ids.sorted(
            lambda w: (w.sequence, w.id)
        )
        workorders.invalidate_recordset(["factory_good_qty", "factory_scrap_qty"])
        totals = workorders._factory_report_totals()
        for workorder in workorders:
            if workorder.state == "cancel":
                continue
            good, scrap = totals[workorder.id]
            reported = not float_is_zero(
                good + scrap, precision_rounding=workorder.product_uom_id.rounding
            )
            if not reported and not workorder.factory_report_ids:
                continue
            if float_compare(
                workorder.qty_produced,
                good,
                precision_rounding=workorder.product_uom_id.rounding,
            ):
                workorder.qty_produced = good
            complete = workorder._factory_is_complete(totals)
            if workorder.state == "done" and not complete:
                workorder.state = "progress"
            if complete and workorder.state != "done":
                workorder.button_done()
            elif reported and workorder.state not in ("progress", "done"):
                # (planned dates stay as they are: Odoo keeps them on the
                # work center's calendar leave)
                workorder.state = "progress"
            elif (
                not reported
                and workorder.state == "progress"
                and not workorder.time_ids.filtered(lambda t: not t.factory_employee_id)
            ):
                # every report cancelled: waiting again, as Odoo computes it
                workorder.state = "ready"
                workorder._compute_state()
        return True

    def _factory_check_successors(self, totals):
        """Refuse when later operations already reported more than these
        totals (after a cancellation) would let them."""
        errors = []
        for workorder in self:
            if workorder.state == "cancel" or not workorder._factory_previous():
                continue
            good, scrap = totals.get(workorder.id, (0.0, 0.0))
            limit = workorder._factory_report_limit(totals)[2]
            if (
                float_compare(
                    good + scrap,
                    limit,
                    precision_rounding=workorder.product_uom_id.rounding,
                )
                > 0
            ):
                errors.append(
                    self.env._(
                        "%(operation)s already reported %(qty)s, more than the "
                        "%(limit)s its previous operation would have produced.",
                        operation=workorder.name,
                        qty=good + scrap,
                        limit=limit,
                    )
                )
        if errors:
            errors.append(self.env._("Cancel the later operation's reports first."))
            raise UserError("\n".join(errors))

    def _factory_report_operation(self, totals, current=False):
        """Plain dict of this operation for the reporting screen."""
        self.ensure_one()
        good, scrap = totals.get(self.id, (0.0, 0.0))
        available, _tolerance, limit = self._factory_report_limit(totals)
        states = dict(self._fields["state"]._description_selection(self.env))
        rounding = self.product_uom_id.rounding

        def qty(value):
            # the unit's precision: sums of floats are not (7.399999999999999)
            return float_round(value, precision_rounding=rounding)

        return {
            "id": self.id,
            "name": self.name,
            "order": self.production_id.name,
            "product": self.production_id.product_id.display_name,
            "workcenter": self.workcenter_id.name,
            "state": self.state,
            "state_label": states.get(self.state),
            "current": current,
            "qty": qty(self.production_id.product_qty),
            "good": qty(good),
            "scrap": qty(scrap),
            "available": qty(available),
            "remaining": qty(max(limit - good - scrap, 0.0)),
            "uom": self.product_uom_id.name,
            "digits": self._factory_uom_digits(),
        }

    def _factory_uom_digits(self):
        """Decimals to show a quantity of this operation with: those of its
        unit's rounding, at most those of 'Product Unit of Measure'."""
        self.ensure_one()
        precision = self.env["decimal.precision"].precision_get(
            "Product Unit of Measure"
        )
        rounding = self.product_uom_id.rounding or 1.0
        decimals = max(0, -math.floor(math.log10(rounding) + 1e-9))
        return min(decimals, precision)

    def action_factory_report(self):
        """Web client: report on this operation (form in a dialog)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Report %s", self.display_name),
            "res_model": "factory.production.report",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_workorder_id": self.id},
        }

    def action_factory_reports(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "factory_mrp.factory_production_report_action"
        )
        action["domain"] = [("workorder_id", "=", self.id)]
        action["context"] = {"default_workorder_id": self.id}
        return action
