"""Alert rules (预警规则) an administrator configures in a form.

One ``ir.cron`` (``_cron_dispatch``) runs every rule whose ``next_run`` is
due; each rule then moves its own ``next_run`` forward by its interval. A
rule is evaluated in one query over its whole scope
(``factory_alert_rule_eval.py``), its alerts are reconciled with the result
(``factory.alert._factory_sync``) and the changes are notified on its
channels (``factory_alert_rule_notify.py``).
"""

import ast
import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

RULE_TYPES = [
    ("below_safety", "Below Safety Stock"),
    ("above_max", "Above Maximum Stock"),
    ("dead_stock", "Dead Stock"),
    ("expiring_lot", "Expiring Lots"),
    ("overdue_receipt", "Overdue Receipts"),
    ("mo_shortage", "Shortages of Released Orders"),
]
# rule types counting days (N days without outbound, within N days, …)
DAY_TYPES = ("dead_stock", "expiring_lot", "overdue_receipt")
INTERVALS = [
    ("hours", "Hours"),
    ("days", "Days"),
    ("weeks", "Weeks"),
    ("months", "Months"),
]


class FactoryAlertRule(models.Model):
    _name = "factory.alert.rule"
    _description = "Alert Rule"
    _inherit = ["mail.thread"]
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    rule_type = fields.Selection(
        RULE_TYPES, "Type", required=True, default="below_safety", tracking=True
    )
    days = fields.Integer(
        "Days",
        default=30,
        tracking=True,
        help="Dead stock: no outbound for this many days. Expiring lots: "
        "expiring within this many days. Overdue receipts: late by this many "
        "days.",
    )
    # scope ----------------------------------------------------------------
    product_domain = fields.Char(
        "Materials",
        default="[]",
        required=True,
        help="Which materials the rule watches (empty: all stored materials).",
    )
    categ_ids = fields.Many2many(
        "product.category",
        string="Categories",
        help="Only materials of these categories (and their sub-categories).",
    )
    warehouse_ids = fields.Many2many(
        "stock.warehouse",
        string="Warehouses",
        check_company=True,
        help="Only these warehouses (empty: every warehouse of the company).",
    )
    # schedule --------------------------------------------------------------
    interval_number = fields.Integer("Every", default=1, required=True)
    interval_type = fields.Selection(
        INTERVALS, "Interval Unit", default="days", required=True
    )
    next_run = fields.Datetime(
        "Next Run", required=True, default=fields.Datetime.now, copy=False
    )
    last_run = fields.Datetime("Last Run", readonly=True, copy=False)
    last_error = fields.Text("Last Error", readonly=True, copy=False)
    # recipients and channels ----------------------------------------------
    user_ids = fields.Many2many("res.users", string="Users")
    group_ids = fields.Many2many(
        "res.groups",
        string="Groups",
        help="Every user of these groups receives the alerts.",
    )
    email_to = fields.Char(
        "E-mail Addresses", help="Further addresses, separated by commas."
    )
    lang = fields.Selection(
        "_get_languages",
        "Language",
        default=lambda self: self.env.lang or "en_US",
        required=True,
        help="Language of the robot messages and e-mails of this rule.",
    )
    # (defaults given: create then checks the channels even when none is given)
    channel_activity = fields.Boolean(
        "To-do",
        default=False,
        help="A to-do (activity) on the material, lot or document.",
    )
    channel_message = fields.Boolean(
        "Internal Message",
        default=False,
        help="A message in the recipients' Odoo inbox.",
    )
    channel_email = fields.Boolean("E-mail", default=False)
    robot_ids = fields.Many2many(
        "factory.alert.robot", string="Robots", check_company=True
    )
    notify_mode = fields.Selection(
        [("changes", "New and Resolved Alerts"), ("report", "Full Report")],
        "Send",
        default="changes",
        required=True,
        help="New and Resolved Alerts: each run notifies what changed. Full "
        "Report: each run sends every open alert (with an Excel file by e-mail).",
    )
    # alerts ----------------------------------------------------------------
    alert_ids = fields.One2many("factory.alert", "rule_id", string="Alerts")
    open_alert_count = fields.Integer(compute="_compute_open_alert_count")

    _check_company_auto = True

    @api.model
    def _get_languages(self):
        return self.env["res.lang"].get_installed()

    def _compute_open_alert_count(self):
        counts = dict(
            self.env["factory.alert"]._read_group(
                [("rule_id", "in", self.ids), ("state", "!=", "resolved")],
                ["rule_id"],
                ["__count"],
            )
        )
        for rule in self:
            rule.open_alert_count = counts.get(rule, 0)

    # ------------------------------------------------------------------
    # validation
    # ------------------------------------------------------------------

    def _parsed_domain(self):
        """The scope domain as a list; ValidationError if it does not parse
        or does not apply to materials."""
        self.ensure_one()
        text = (self.product_domain or "[]").strip() or "[]"
        try:
            domain = ast.literal_eval(text)
            if not isinstance(domain, (list, tuple)):
                raise TypeError(text)
            self.env["product.product"].sudo()._search(list(domain))
        except (ValueError, SyntaxError, TypeError, KeyError) as error:
            raise ValidationError(
                self.env._(
                    "The material filter of rule %(rule)s is not a valid domain "
                    "on materials: %(domain)s (%(error)s)",
                    rule=self.name,
                    domain=text,
                    error=error,
                )
            ) from error
        return list(domain)

    @api.constrains("product_domain")
    def _check_product_domain(self):
        for rule in self:
            rule._parsed_domain()

    @api.constrains("rule_type", "days", "interval_number")
    def _check_days(self):
        for rule in self:
            if rule.interval_number <= 0:
                raise ValidationError(
                    self.env._(
                        "The interval of rule %(rule)s must be at least 1, not "
                        "%(number)s.",
                        rule=rule.name,
                        number=rule.interval_number,
                    )
                )
            if rule.rule_type in DAY_TYPES and rule.days <= 0:
                raise ValidationError(
                    self.env._(
                        "The number of days of rule %(rule)s must be positive, "
                        "not %(days)s.",
                        rule=rule.name,
                        days=rule.days,
                    )
                )
            if rule.rule_type == "mo_shortage" and not rule._factory_mrp_installed():
                raise ValidationError(
                    self.env._(
                        "Rule %s watches shortages of released manufacturing "
                        "orders: install Factory MRP first.",
                        rule.name,
                    )
                )

    @api.constrains(
        "channel_activity",
        "channel_message",
        "channel_email",
        "robot_ids",
        "user_ids",
        "group_ids",
        "email_to",
    )
    def _check_channels(self):
        for rule in self:
            personal = rule.channel_activity or rule.channel_message
            if not (personal or rule.channel_email or rule.robot_ids):
                raise ValidationError(
                    self.env._(
                        "Rule %s has no channel: choose a to-do, an internal "
                        "message, an e-mail or a robot.",
                        rule.name,
                    )
                )
            if personal and not (rule.user_ids or rule.group_ids):
                raise ValidationError(
                    self.env._(
                        "Rule %s sends to-dos or internal messages but has no "
                        "recipient: choose users or groups.",
                        rule.name,
                    )
                )
            if rule.channel_email and not (
                rule.user_ids or rule.group_ids or (rule.email_to or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Rule %s sends e-mails but has no recipient: choose "
                        "users, groups or e-mail addresses.",
                        rule.name,
                    )
                )
            for address in rule._email_addresses_given():
                if "@" not in address or " " in address:
                    raise ValidationError(
                        self.env._(
                            "“%(address)s” of rule %(rule)s is not an e-mail address.",
                            address=address,
                            rule=rule.name,
                        )
                    )

    def _email_addresses_given(self):
        self.ensure_one()
        return [a.strip() for a in (self.email_to or "").split(",") if a.strip()]

    @api.model
    def _factory_mrp_installed(self):
        """Soft dependency: the shortage view of factory_mrp, when installed."""
        return "factory.mrp.shortage" in self.env

    # ------------------------------------------------------------------
    # schedule
    # ------------------------------------------------------------------

    def _next_run_after(self, now):
        """The first time after ``now`` on this rule's schedule (keeps the
        time of day and, monthly, the day of the month)."""
        self.ensure_one()
        step = relativedelta(**{self.interval_type: self.interval_number})
        nxt = self.next_run or now
        while nxt <= now:
            nxt += step
        return nxt

    @api.model
    def _cron_dispatch(self):
        """The one cron of the rules: run every due rule, each in its own
        savepoint (a failing rule does not stop the others)."""
        now = fields.Datetime.now()
        rules = self.search(
            [("next_run", "<=", now)], order="next_run, id"
        )  # active ones only
        # a rule another worker (or "Run Now") is running is left to it: its
        # row is not written here, so this run neither waits for it nor
        # fails on it
        rules = rules._factory_lock_free()
        for rule in rules:
            try:
                with self.env.cr.savepoint():
                    rule._factory_run()
            except Exception as error:
                _logger.exception("alert rule %s failed", rule.id)
                rule.last_error = str(error)
            rule.next_run = rule._next_run_after(now)

    # ------------------------------------------------------------------
    # run
    # ------------------------------------------------------------------

    def _factory_lock_free(self):
        """Lock the rules no other transaction holds (the others are
        skipped); returns them in the order of ``self``."""
        if not self:
            return self
        self.env.cr.execute(
            SQL(
                "SELECT id FROM factory_alert_rule WHERE id IN %s "
                "FOR UPDATE SKIP LOCKED",
                tuple(self.ids),
            )
        )
        locked = {row[0] for row in self.env.cr.fetchall()}
        return self.filtered(lambda rule: rule.id in locked)

    def _factory_lock(self):
        """One run of a rule at a time (cron and "Run Now" together)."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM factory_alert_rule WHERE id IN %s "
                "FOR UPDATE SKIP LOCKED",
                tuple(self.ids),
            )
        )
        locked = {row[0] for row in self.env.cr.fetchall()}
        if locked != set(self.ids):
            raise UserError(
                self.env._("The rule is being run by someone else: try again later.")
            )

    def _factory_run(self):
        """Evaluate, reconcile the alerts, notify. Server code: runs as
        superuser (the rule sees its whole scope, whoever started it)."""
        for rule in self.sudo():
            rule = rule.with_context(lang=rule.lang)
            rule._factory_lock()
            rows = rule._factory_evaluate()
            changes = self.env["factory.alert"].sudo()._factory_sync(rule, rows)
            rule._factory_notify(changes)
            rule.write({"last_run": fields.Datetime.now(), "last_error": False})
        return True

    def action_run_now(self):
        self.check_access("write")
        self._factory_run()
        return self.action_open_alerts()

    def action_open_alerts(self):
        self.ensure_one()
        self.check_access("read")
        self.env["factory.alert"].check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "factory_alerts.factory_alert_action"
        )
        action["domain"] = [("rule_id", "=", self.id)]
        action["context"] = {"search_default_filter_not_resolved": 1}
        return action
