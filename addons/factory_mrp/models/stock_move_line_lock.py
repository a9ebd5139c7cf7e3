"""Two transfers of one material request validated at once: the over-issue
check of the second one counts what the first one issued.

The check (stock_move_line.py) reads what was issued before from the done
moves as this transaction's snapshot shows them: two validations side by side
would each miss the other's issue, and both pass. The request is claimed
first (factory_stock's factory_lock.claim_records): the second validation
waits, fails with a serialization error when the first commits, and Odoo
retries it on the new figures.
"""

from odoo import models

from odoo.addons.factory_stock.models.factory_lock import claim_records


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def _action_done(self):
        # Claim: the material requests these lines issue, before their
        # over-issue check reads what was issued.
        claim_records(
            self.move_id.factory_material_request_id
            | self.picking_id.factory_material_request_id
        )
        return super()._action_done()
