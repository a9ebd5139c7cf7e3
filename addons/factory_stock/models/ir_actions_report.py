from odoo import models
from odoo.exceptions import AccessError


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _get_rendering_context(self, report, docids, data):
        """A report restricted to groups renders only for those groups.

        Odoo uses a report's groups to hide it from the Print menu, but renders
        it for anyone who asks for its URL; reports printing money (purchase
        orders and quotations) are restricted to the cost right, and their
        templates read prices the way business code does."""
        if (
            not self.env.su
            and report.groups_id
            and not set(report.groups_id.ids) & set(self.env.user._get_group_ids())
        ):
            raise AccessError(
                self.env._("You are not allowed to print the report %s.", report.name)
            )
        return super()._get_rendering_context(report, docids, data)
