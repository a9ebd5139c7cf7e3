from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

# how long a key is remembered: a client resends within minutes or hours
KEEP_DAYS = 30


class FactoryApiIdempotency(models.Model):
    """One write call of the HTTP API sent with an ``Idempotency-Key``
    header: who sent it, to which endpoint, a hash of its body and the answer
    given. The same key sent again gets this answer back and books nothing;
    the same key with another body or endpoint is refused.

    Written by the API only (``_claim`` / ``_store``); users read their own."""

    _name = "factory.api.idempotency"
    _description = "API Idempotency Key"
    _inherit = ["factory.protected.mixin"]
    _order = "id desc"
    _rec_name = "key"
    _factory_protected_fields = (
        "user_id",
        "key",
        "endpoint",
        "request_hash",
        "state",
        "status",
        "response",
    )

    user_id = fields.Many2one(
        "res.users", "User", required=True, readonly=True, ondelete="cascade"
    )
    key = fields.Char("Idempotency Key", required=True, readonly=True)
    endpoint = fields.Char(required=True, readonly=True)
    request_hash = fields.Char("Request Hash", required=True, readonly=True)
    state = fields.Selection(
        [("pending", "In Progress"), ("done", "Answered")],
        string="Status",
        default="pending",
        required=True,
        readonly=True,
    )
    status = fields.Integer("HTTP Status", readonly=True)
    response = fields.Json(readonly=True)

    _sql_constraints = [
        (
            "user_key_uniq",
            "unique(user_id, key)",
            "This idempotency key was already used.",
        )
    ]

    @api.model
    def _claim(self, key, endpoint, request_hash):
        """(record, claimed): the new record of the current user's key, or
        the one already stored under it (claimed False; empty when another
        transaction holds the key and has not finished yet).

        INSERT ... ON CONFLICT waits for a concurrent transaction holding the
        same key, so two workers receiving the same resend never both book."""
        uid = self.env.uid
        rows = self.env.execute_query(
            SQL(
                """
                INSERT INTO factory_api_idempotency
                       (user_id, key, endpoint, request_hash, state,
                        create_uid, write_uid, create_date, write_date)
                VALUES (%(uid)s, %(key)s, %(endpoint)s, %(hash)s, 'pending',
                        %(uid)s, %(uid)s,
                        NOW() AT TIME ZONE 'UTC', NOW() AT TIME ZONE 'UTC')
                ON CONFLICT (user_id, key) DO NOTHING
                RETURNING id
                """,
                uid=uid,
                key=key,
                endpoint=endpoint,
                hash=request_hash,
            )
        )
        if rows:
            return self.browse(rows[0][0]), True
        return self.search([("user_id", "=", uid), ("key", "=", key)], limit=1), False

    def _store(self, status, response):
        # sudo: the answer is written by the API only; users just read theirs
        self.ensure_one()
        self.sudo()._factory_write(
            {"state": "done", "status": status, "response": response}
        )

    @api.model
    def _cron_purge(self):
        limit = fields.Datetime.now() - timedelta(days=KEEP_DAYS)
        self.sudo().search([("create_date", "<", limit)]).unlink()
