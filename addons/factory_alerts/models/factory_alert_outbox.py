"""Outbox (发件箱): every robot message and e-mail of the alerts.

A rule run creates its messages in its own transaction, so they are
committed together with the alerts they tell about, before anything is
sent. The sending cron then takes one pending message at a time with
``SELECT … FOR UPDATE SKIP LOCKED`` (two workers never take the same one),
sends it, records the result and commits before taking the next: a message
is delivered once, and one that was not delivered stays pending and is
retried with back-off until it is marked failed after N tries.
"""

import logging
from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.tools import SQL

from .factory_alert_robot import RATE_PER_MINUTE, FactoryAlertDeliveryError

_logger = logging.getLogger(__name__)

MAX_TRIES = 8  # default of ir.config_parameter factory_alerts.max_tries
BACKOFF_BASE = 60  # seconds before the first retry, doubled at each try
BACKOFF_MAX = 3600


class FactoryAlertOutbox(models.Model):
    _name = "factory.alert.outbox"
    _description = "Alert Outbox"
    _inherit = ["factory.protected.mixin"]
    _order = "id desc"

    _factory_protected_fields = (
        "state",
        "attempts",
        "next_try",
        "last_error",
        "sent_on",
    )
    _factory_fixed_fields = (
        "rule_id",
        "channel",
        "robot_id",
        "email_to",
        "name",
        "body",
        "attachment_ids",
        "company_id",
    )

    name = fields.Char("Title", required=True)
    rule_id = fields.Many2one("factory.alert.rule", "Rule", ondelete="set null")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    channel = fields.Selection([("robot", "Robot"), ("email", "E-mail")], required=True)
    robot_id = fields.Many2one("factory.alert.robot", "Robot", ondelete="cascade")
    email_to = fields.Char("To")
    body = fields.Text(required=True)
    attachment_ids = fields.Many2many("ir.attachment", string="Attachments")
    state = fields.Selection(
        [("pending", "Pending"), ("sent", "Sent"), ("failed", "Failed")],
        default="pending",
        required=True,
        index=True,
    )
    attempts = fields.Integer("Tries", default=0, readonly=True)
    next_try = fields.Datetime(
        "Next Try", default=fields.Datetime.now, readonly=True, index=True
    )
    last_error = fields.Text("Last Error", readonly=True)
    sent_on = fields.Datetime("Sent On", readonly=True)

    # ------------------------------------------------------------------
    # sending
    # ------------------------------------------------------------------

    @api.model
    def _max_tries(self):
        param = (
            self.env["ir.config_parameter"].sudo().get_param("factory_alerts.max_tries")
        )
        try:
            return max(1, int(param or MAX_TRIES))
        except ValueError:
            return MAX_TRIES

    @api.model
    def _cron_send(self):
        """The sending cron: commits after each message (see the module
        docstring); a crash loses at most the message being sent, which
        stays pending."""
        return self._factory_send_pending(commit=True)

    @api.model
    def _factory_send_pending(self, limit=500, commit=False, ids=None):
        """Send up to ``limit`` due messages (only ``ids`` if given).
        Returns how many were taken."""
        taken = 0
        while taken < limit:
            try:
                message = self._factory_take_one(ids)
                if not message:
                    break
                taken += 1
                message._factory_send_one()
                if commit:
                    self.env.cr.commit()  # pylint: disable=invalid-commit
            except psycopg2.errors.SerializationFailure:
                # another worker sent it since our snapshot: look again
                if not commit:
                    raise
                self.env.cr.rollback()
                self.env.invalidate_all()
        return taken

    @api.model
    def _factory_take_one(self, ids=None):
        """Lock the next due message no other worker holds, skipping robots
        that reached their rate limit (their messages wait a minute)."""
        now = fields.Datetime.now()
        where = SQL("state = 'pending' AND next_try <= %s", now)
        if ids is not None:
            where = SQL("%s AND id IN %s", where, tuple(ids) or (0,))
        busy = self._factory_rate_limited_robots()
        if busy:
            where = SQL(
                "%s AND (robot_id IS NULL OR robot_id NOT IN %s)", where, tuple(busy)
            )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM factory_alert_outbox WHERE %s "
                "ORDER BY next_try, id LIMIT 1 FOR UPDATE SKIP LOCKED",
                where,
            )
        )
        row = self.env.cr.fetchone()
        return self.browse(row[0]) if row else self.browse()

    @api.model
    def _factory_rate_limited_robots(self):
        since = fields.Datetime.now() - timedelta(seconds=60)
        counts = self._read_group(
            [("channel", "=", "robot"), ("sent_on", ">", since)],
            ["robot_id"],
            ["__count"],
        )
        return [robot.id for robot, count in counts if count >= RATE_PER_MINUTE]

    def _factory_send_one(self):
        self.ensure_one()
        try:
            if self.channel == "robot":
                self.robot_id._deliver(self.name, self.body)
            else:
                self._factory_send_email()
        except Exception as error:  # noqa: BLE001 - every failure is retried
            rate_limited = isinstance(error, FactoryAlertDeliveryError) and (
                error.rate_limited
            )
            _logger.info("alert outbox %s not delivered: %s", self.id, error)
            self._factory_record_failure(str(error), rate_limited)
        else:
            self._factory_write(
                {
                    "state": "sent",
                    "sent_on": fields.Datetime.now(),
                    "attempts": self.attempts + 1,
                    "last_error": False,
                }
            )

    def _factory_record_failure(self, error, rate_limited=False):
        attempts = self.attempts + 1
        if attempts >= self._max_tries():
            vals = {"state": "failed"}
        else:
            delay = (
                BACKOFF_BASE
                if rate_limited
                else min(BACKOFF_BASE * 2 ** (attempts - 1), BACKOFF_MAX)
            )
            vals = {"next_try": fields.Datetime.now() + timedelta(seconds=delay)}
        self._factory_write({"attempts": attempts, "last_error": error, **vals})

    def _factory_send_email(self):
        self.ensure_one()
        IrMailServer = self.env["ir.mail_server"]
        email_from = (
            self.company_id.email_formatted
            or IrMailServer._get_default_from_address()
            or "odoo@localhost"
        )
        message = IrMailServer.build_email(
            email_from=email_from,
            email_to=[a.strip() for a in self.email_to.split(",") if a.strip()],
            subject=self.name,
            body=self.body,
            subtype="html",
            attachments=[(a.name, a.raw, a.mimetype) for a in self.attachment_ids],
        )
        IrMailServer.send_email(message)

    # ------------------------------------------------------------------
    # actions (administrators)
    # ------------------------------------------------------------------

    def action_resend(self):
        """Send a failed message again (from its first try)."""
        self.check_access("write")
        self.filtered(lambda m: m.state == "failed")._factory_write(
            {
                "state": "pending",
                "attempts": 0,
                "next_try": fields.Datetime.now(),
                "last_error": False,
            }
        )
        self.env.ref("factory_alerts.ir_cron_factory_alert_outbox")._trigger()
        return True

    def action_send_now(self):
        """Try the pending messages now (still once each)."""
        self.check_access("write")
        self._factory_send_pending(
            ids=self.filtered(lambda m: m.state == "pending").ids
        )
        return True
