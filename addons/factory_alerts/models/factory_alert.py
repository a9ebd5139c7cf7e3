"""Alerts (预警): one record per rule and subject, deduplicated while open.

open → acknowledged → resolved; a rule run resolves the alerts whose
condition cleared and reopens a resolved alert when its condition returns
(the same record: its chatter keeps the history). State, who / when and the
figures are written only by these methods (factory.protected.mixin).
"""

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

OPEN_STATES = ("open", "acknowledged")


class FactoryAlert(models.Model):
    _name = "factory.alert"
    _description = "Alert"
    _inherit = ["mail.thread", "factory.protected.mixin"]
    _order = "state_sequence, opened_on desc, id desc"

    _factory_protected_fields = (
        "state",
        "opened_on",
        "acknowledged_by_id",
        "acknowledged_on",
        "resolved_on",
        "resolved_by_id",
        "reopen_count",
        "qty",
        "threshold",
        "date",
        "purchase_order_id",
    )
    _factory_fixed_fields = (
        "rule_id",
        "key",
        "product_id",
        "warehouse_id",
        "lot_id",
        "picking_id",
        "res_model",
        "res_id",
        "company_id",
    )

    rule_id = fields.Many2one(
        "factory.alert.rule", "Rule", required=True, ondelete="cascade", index=True
    )
    rule_type = fields.Selection(related="rule_id.rule_type", store=True)
    company_id = fields.Many2one("res.company", required=True, index=True)
    key = fields.Char(
        "Subject Key",
        required=True,
        help="Identifies the subject within the rule (material and warehouse, "
        "lot, receipt or order).",
    )
    product_id = fields.Many2one("product.product", "Material", index=True)
    product_tmpl_id = fields.Many2one(
        related="product_id.product_tmpl_id", store=True, index=True
    )
    warehouse_id = fields.Many2one("stock.warehouse", "Warehouse", index=True)
    lot_id = fields.Many2one("stock.lot", "Lot", index=True)
    picking_id = fields.Many2one("stock.picking", "Receipt", index=True)
    res_model = fields.Char("Subject Model")
    res_id = fields.Many2oneReference("Subject ID", model_field="res_model")
    subject = fields.Char("Subject", compute="_compute_subject")
    qty = fields.Float("Quantity", digits="Product Unit of Measure", tracking=True)
    threshold = fields.Float(
        "Threshold",
        digits="Product Unit of Measure",
        help="Safety or maximum stock, number of days, or required quantity.",
    )
    date = fields.Datetime(
        "Date", help="Last outbound, expiry date, scheduled date or order start."
    )
    state = fields.Selection(
        [("open", "Open"), ("acknowledged", "Acknowledged"), ("resolved", "Resolved")],
        default="open",
        required=True,
        tracking=True,
        index=True,
    )
    state_sequence = fields.Integer(compute="_compute_state_sequence", store=True)
    opened_on = fields.Datetime(
        "Opened On", default=fields.Datetime.now, required=True, readonly=True
    )
    acknowledged_by_id = fields.Many2one(
        "res.users", "Acknowledged By", readonly=True, tracking=True
    )
    acknowledged_on = fields.Datetime("Acknowledged On", readonly=True)
    resolved_on = fields.Datetime("Resolved On", readonly=True)
    resolved_by_id = fields.Many2one(
        "res.users",
        "Resolved By",
        readonly=True,
        help="Empty when the rule resolved the alert because its condition cleared.",
    )
    reopen_count = fields.Integer("Reopened", readonly=True, default=0)
    purchase_order_id = fields.Many2one(
        "purchase.order",
        "Request for Quotation",
        readonly=True,
        help="The draft request for quotation the rule made for this alert.",
    )
    note = fields.Text()

    @api.depends("state")
    def _compute_state_sequence(self):
        order = {"open": 1, "acknowledged": 2, "resolved": 3}
        for alert in self:
            alert.state_sequence = order.get(alert.state, 9)

    @api.depends("product_id", "warehouse_id", "lot_id", "picking_id", "res_model")
    def _compute_subject(self):
        # the subject records of each model, read in one go; their names
        # only, as superuser: a purchaser sees which order is short without
        # reading manufacturing orders
        names = {}
        by_model = defaultdict(set)
        for alert in self:
            if alert.res_model not in (False, "product.product") and alert.res_id:
                by_model[alert.res_model].add(alert.res_id)
        for model, ids in by_model.items():
            if model in self.env:
                for record in self.env[model].sudo().browse(ids).exists():
                    names[model, record.id] = record.display_name
        for alert in self:
            parts = [
                names.get((alert.res_model, alert.res_id)),
                alert.product_id.display_name,
                alert.warehouse_id.name,
            ]
            alert.subject = " · ".join(p for p in parts if p)

    def _compute_display_name(self):
        for alert in self:
            alert.display_name = (
                f"{alert.rule_id.name}: {alert.subject}"
                if alert.subject
                else alert.rule_id.name
            )

    def init(self):
        # at most one alert per rule and subject while it is open
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS factory_alert_open_uniq "
                "ON factory_alert (rule_id, key) "
                "WHERE state IN ('open', 'acknowledged')"
            )
        )

    # ------------------------------------------------------------------
    # the rule run
    # ------------------------------------------------------------------

    @api.model
    def _factory_sync(self, rule, rows):
        """Reconcile the rule's alerts with the subjects its condition holds
        for now. Returns the alerts opened (new or reopened), resolved, and
        every open one."""
        now = fields.Datetime.now()
        by_key = {row["key"]: row for row in rows}
        current = self.search([("rule_id", "=", rule.id), ("state", "in", OPEN_STATES)])
        current_keys = set(current.mapped("key"))
        resolved = current.filtered(lambda a: a.key not in by_key)
        new_keys = set(by_key) - current_keys
        reopened = self.browse()
        if new_keys:
            latest = self._read_group(
                [
                    ("rule_id", "=", rule.id),
                    ("state", "=", "resolved"),
                    ("key", "in", list(new_keys)),
                ],
                ["key"],
                ["id:max"],
            )
            reopened = self.browse([alert_id for _key, alert_id in latest])
        if resolved:
            resolved._factory_write(
                {"state": "resolved", "resolved_on": now, "resolved_by_id": False}
            )
        if reopened:
            reopened._factory_write(
                {
                    "state": "open",
                    "opened_on": now,
                    "acknowledged_by_id": False,
                    "acknowledged_on": False,
                    "resolved_on": False,
                    "resolved_by_id": False,
                }
            )
            self.env.cr.execute(
                SQL(
                    "UPDATE factory_alert SET reopen_count = reopen_count + 1 "
                    "WHERE id IN %s",
                    tuple(reopened.ids),
                )
            )
        ((current - resolved) | reopened)._factory_update_figures(by_key)
        create_keys = new_keys - set(reopened.mapped("key"))
        created = self.with_context(mail_create_nolog=True)._factory_create(
            [
                {
                    "rule_id": rule.id,
                    "company_id": rule.company_id.id,
                    "key": key,
                    "opened_on": now,
                    **self._factory_row_vals(by_key[key]),
                }
                for key in sorted(create_keys)
            ]
        )
        opened = created | reopened
        return {
            "opened": opened,
            "resolved": resolved,
            "open": (current - resolved) | opened,
        }

    @api.model
    def _factory_row_vals(self, row):
        return {
            fname: row[fname]
            for fname in (
                "product_id",
                "warehouse_id",
                "lot_id",
                "picking_id",
                "res_model",
                "res_id",
                "qty",
                "threshold",
                "date",
            )
            if row.get(fname) is not None
        }

    def _factory_update_figures(self, by_key):
        """The current quantity / threshold / date of the alerts still open,
        in one UPDATE."""
        if not self:
            return
        values = [
            SQL(
                "(%s, %s::float, %s::float, %s::timestamp)",
                alert.id,
                by_key[alert.key].get("qty") or 0.0,
                by_key[alert.key].get("threshold") or 0.0,
                by_key[alert.key].get("date"),
            )
            for alert in self
        ]
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                """
                UPDATE factory_alert a
                   SET qty = v.qty, threshold = v.threshold, date = v.date
                  FROM (VALUES %s) AS v(id, qty, threshold, date)
                 WHERE a.id = v.id
                """,
                SQL(", ").join(values),
            )
        )
        self.invalidate_recordset(["qty", "threshold", "date", "reopen_count"])

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_acknowledge(self):
        """Open → acknowledged (purchasers, supervisors): "I am on it"."""
        self.check_access("write")
        if any(alert.state != "open" for alert in self):
            raise UserError(self.env._("Only open alerts can be acknowledged."))
        self._factory_write(
            {
                "state": "acknowledged",
                "acknowledged_by_id": self.env.uid,
                "acknowledged_on": fields.Datetime.now(),
            }
        )
        return True

    def action_resolve(self):
        """Resolve by hand; the next run reopens it if the condition holds."""
        self.check_access("write")
        if any(alert.state == "resolved" for alert in self):
            raise UserError(self.env._("The alert is already resolved."))
        self._factory_write(
            {
                "state": "resolved",
                "resolved_on": fields.Datetime.now(),
                "resolved_by_id": self.env.uid,
            }
        )
        return True

    def action_open_subject(self):
        self.ensure_one()
        if self.res_model and self.res_id:
            model, res_id = self.res_model, self.res_id
        elif self.product_id:
            model, res_id = "product.product", self.product_id.id
        else:
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": model,
            "res_id": res_id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
