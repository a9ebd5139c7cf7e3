"""Two approvers pressing Approve on one document at once: the first one
wins, the second is told who approved it, and nothing happens twice.

Without a lock both approvals run side by side on the same snapshot (both
see the document waiting), both move stock, and the second one fails only
at its last write (a serialization error), after doing the work; when its
retry then finds nothing left to do, an inspection confirmation even
succeeded silently a second time. Locking the document first makes the
second approver wait for the first, retry on the approved document, and get
the message below before anything else runs.
"""

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import format_datetime

from .factory_lock import lock_records


def already_done_error(env, records, user, when):
    return UserError(
        env._(
            "%(refs)s is already approved (by %(user)s on %(date)s).",
            refs=", ".join(records.mapped("name")),
            user=user.name or "-",
            date=format_datetime(env, when) if when else "-",
        )
    )


class FactoryStocktake(models.Model):
    _inherit = "factory.stocktake"

    def action_approve(self):
        self._check_supervisor()
        # Lock: the stocktakes being approved, before their state is read.
        lock_records(self)
        done = self.filtered(lambda s: s.state == "done")
        if done:
            raise already_done_error(
                self.env, done, done[0].approved_by_id, done[0].approved_on
            )
        return super().action_approve()


class FactoryQcInspection(models.Model):
    _inherit = "factory.qc.inspection"

    def _confirm(self):
        # Lock: the inspections being confirmed, before their state is read.
        lock_records(self)
        confirmed = self.filtered(lambda i: i.state == "confirmed")
        if confirmed and not self.filtered(lambda i: i.state == "inspected"):
            raise UserError(
                self.env._(
                    "The inspection of %(refs)s is already confirmed (by "
                    "%(user)s on %(date)s).",
                    refs=", ".join(confirmed.picking_id.mapped("name")),
                    user=confirmed[0].confirmed_by_id.name or "-",
                    date=format_datetime(self.env, confirmed[0].confirmed_on)
                    if confirmed[0].confirmed_on
                    else "-",
                )
            )
        return super()._confirm()
