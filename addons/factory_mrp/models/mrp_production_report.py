from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, float_is_zero, float_round

WORKSHOP_SUPERVISOR = "factory_stock.group_workshop_supervisor"


class MrpProduction(models.Model):
    """Closing a manufacturing order from its production reports (报工)."""

    _inherit = "mrp.production"

    # reports are booked on the operations (factory.production.report)
    _factory_protected_fields = ("factory_report_ids",)

    factory_report_ids = fields.One2many(
        "factory.production.report", "production_id", "Production Reports"
    )
    factory_report_count = fields.Integer(compute="_compute_factory_report_count")

    def _compute_factory_report_count(self):
        counts = dict(
            self.env["factory.production.report"]._read_group(
                [("production_id", "in", self.ids), ("state", "=", "done")],
                ["production_id"],
                ["__count"],
            )
        )
        for production in self:
            production.factory_report_count = counts.get(production, 0)

    def action_factory_reports(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "factory_mrp.factory_production_report_action"
        )
        action["domain"] = [("production_id", "=", self.id)]
        action["context"] = {"search_default_filter_done": 1}
        return action

    def action_factory_close_from_reports(self):
        """Workshop supervisor: close the order with what was reported, by
        Odoo's own flow (button_mark_done, valuation by mrp_account):

        - produced quantity = cumulative good of the last operation;
        - each component is consumed for what was started at the operation
          that consumes it (its good + scrap; the first operation's when the
          BoM line names no operation): scrap consumes material;
        - no backorder (scrap is not made again; a quantity never started is
          not backordered either: plan a new order for it)."""
        if not self.env.user.has_group(WORKSHOP_SUPERVISOR):
            raise AccessError(
                self.env._("Only a workshop supervisor can close orders from reports.")
            )
        for production in self:
            production._factory_set_quantities_from_reports()
        return self.with_context(
            skip_backorder=True, skip_consumption=True, skip_redirection=True
        ).button_mark_done()

    def _factory_set_quantities_from_reports(self):
        self.ensure_one()
        if self.state not in ("confirmed", "progress", "to_close"):
            raise UserError(self.env._("%s cannot be closed in its state.", self.name))
        if self.product_tracking == "serial":
            raise UserError(
                self.env._(
                    "%s makes serial-numbered products: close it by producing "
                    "each serial number.",
                    self.name,
                )
            )
        workorders = self.workorder_ids.filtered(lambda w: w.state != "cancel")
        if not workorders:
            raise UserError(self.env._("%s has no operations to report.", self.name))
        totals = workorders._factory_report_totals()
        rounding = self.product_uom_id.rounding
        last = workorders.filtered(
            lambda w: (
                not w.needed_by_workorder_ids.filtered(lambda n: n.state != "cancel")
            )
        )
        good = min(totals[w.id][0] for w in last)
        if float_is_zero(good, precision_rounding=rounding):
            raise UserError(
                self.env._(
                    "No good quantity was reported on the last operation of %s.",
                    self.name,
                )
            )
        waiting = []
        for workorder in workorders:
            if not workorder._factory_previous():
                continue
            reported = sum(totals[workorder.id])
            available = workorder._factory_report_limit(totals)[0]
            if float_compare(reported, available, precision_rounding=rounding) < 0:
                waiting.append(
                    self.env._(
                        "%(operation)s: %(qty)s %(uom)s received from the previous "
                        "operation are not reported yet.",
                        operation=workorder.name,
                        qty=available - reported,
                        uom=self.product_uom_id.name,
                    )
                )
        if waiting:
            raise UserError(
                self.env._("%s still has work in progress:\n", self.name)
                + "\n".join(waiting)
            )
        firsts = workorders.filtered(lambda w: not w._factory_previous())
        started_first = max(sum(totals[w.id]) for w in firsts)
        started_by_operation = {
            w.operation_id: sum(totals[w.id]) for w in workorders if w.operation_id
        }
        if self.product_tracking == "lot" and not self.lot_producing_id:
            self.action_generate_serial()
        self.qty_producing = good
        self._set_qty_producing(False)
        for move in self.move_raw_ids:
            if move.state in ("done", "cancel") or (
                move.manual_consumption and move.picked
            ):
                continue
            started = started_by_operation.get(move.operation_id, started_first)
            qty = float_round(
                started * move.unit_factor,
                precision_rounding=move.product_uom.rounding,
                rounding_method="HALF-UP",
            )
            # Odoo scaled the consumption down to the good quantity: take the
            # rest from what was issued to the component location first, so
            # tracked components keep their lots
            missing = qty - move.quantity
            if (
                float_compare(missing, 0, precision_rounding=move.product_uom.rounding)
                > 0
            ):
                move._update_reserved_quantity(
                    move.product_uom._compute_quantity(missing, move.product_id.uom_id),
                    move.location_id,
                    strict=False,
                )
            move._set_quantity_done(qty)
            move.picked = True
        self.message_post(
            body=self.env._(
                "Closed from production reports by %(user)s: %(good)s %(uom)s "
                "good, %(started)s %(uom)s started.",
                user=self.env.user.name,
                good=good,
                started=started_first,
                uom=self.product_uom_id.name,
            )
        )
