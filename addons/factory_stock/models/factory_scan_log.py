from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

# A phone resends a queued scan within hours; keys older than this are
# only history and are removed by the daily autovacuum.
KEEP_DAYS = 90


class FactoryScanLog(models.Model):
    """One scan received by the barcode view, keyed by the idempotency key the
    phone gave it. A scan sent again (offline queue resent, network retry)
    finds its key here and gets the stored answer: it is never booked twice.
    Also the trace of who scanned what, when, and with which outcome."""

    _name = "factory.scan.log"
    _description = "Barcode Scan"
    _inherit = ["factory.protected.mixin"]
    _order = "id desc"
    _rec_name = "barcode"
    # written by the scan service only (_claim, _store): nobody edits the
    # trace or the stored answer of a key (see factory.protected.mixin)
    _factory_protected_fields = (
        "user_id",
        "key",
        "operation",
        "picking_id",
        "barcode",
        "quantity",
        "state",
        "message",
        "result",
    )

    user_id = fields.Many2one(
        "res.users",
        "User",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    key = fields.Char("Idempotency Key", required=True, readonly=True)
    operation = fields.Char(readonly=True)
    picking_id = fields.Many2one(
        "stock.picking",
        "Transfer",
        readonly=True,
        ondelete="set null",
        index="btree_not_null",
    )
    barcode = fields.Char(readonly=True)
    quantity = fields.Float(digits="Product Unit of Measure", readonly=True)
    state = fields.Selection(
        [("pending", "Pending"), ("done", "Accepted"), ("refused", "Refused")],
        string="Status",
        default="pending",
        required=True,
        readonly=True,
    )
    message = fields.Char(readonly=True)
    result = fields.Json(readonly=True)

    _sql_constraints = [
        (
            "user_key_uniq",
            "unique(user_id, key)",
            "A scan with this idempotency key was already received.",
        )
    ]

    @api.model
    def _claim(self, key, operation, picking, barcode, quantity):
        """(log, stored result): insert the key of the current user, or return
        the result stored under it when it is already known.

        INSERT ... ON CONFLICT waits for a concurrent transaction holding the
        same key to finish, so two workers receiving the same resend never
        both book it.
        """
        uid = self.env.uid
        rows = self.env.execute_query(
            SQL(
                """
                INSERT INTO factory_scan_log
                       (user_id, key, operation, picking_id, barcode, quantity,
                        state, create_uid, write_uid, create_date, write_date)
                VALUES (%(uid)s, %(key)s, %(operation)s, %(picking)s, %(barcode)s,
                        %(quantity)s, 'pending', %(uid)s, %(uid)s,
                        NOW() AT TIME ZONE 'UTC', NOW() AT TIME ZONE 'UTC')
                ON CONFLICT (user_id, key) DO NOTHING
                RETURNING id
                """,
                uid=uid,
                key=key,
                operation=operation,
                picking=picking.id or None,
                barcode=barcode,
                quantity=quantity or 0.0,
            )
        )
        if rows:
            return self.browse(rows[0][0]), None
        log = self.search([("user_id", "=", uid), ("key", "=", key)], limit=1)
        return log, log.result or {}

    def _store(self, result):
        # The log is written by the scan service only; users just read their own.
        self.sudo()._factory_write(
            {
                "state": "done" if result.get("ok") else "refused",
                "message": result.get("message"),
                "result": result,
            }
        )

    @api.autovacuum
    def _gc_old_scans(self):
        limit = fields.Datetime.now() - timedelta(days=KEEP_DAYS)
        self.sudo().search([("create_date", "<", limit)]).unlink()
