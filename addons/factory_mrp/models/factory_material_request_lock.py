"""Two workshop supervisors approving one material request at once: the
first one wins, the second is told who approved it, and the request's issue
transfer is made once (see factory_stock's factory_approval_lock.py)."""

from odoo import models

from odoo.addons.factory_stock.models.factory_approval_lock import (
    already_done_error,
)
from odoo.addons.factory_stock.models.factory_lock import lock_records

DONE_STATES = ("approved", "partial", "issued", "closed")


class FactoryMaterialRequest(models.Model):
    _inherit = "factory.material.request"

    def action_approve(self):
        # Lock: the requests being approved, before their state is read.
        lock_records(self)
        done = self.filtered(lambda r: r.state in DONE_STATES and r.approved_by_id)
        if done:
            raise already_done_error(
                self.env, done, done[0].approved_by_id, done[0].approved_on
            )
        return super().action_approve()
