from odoo import models


class FactoryMaterialRequest(models.Model):
    _inherit = "factory.material.request"

    def action_approve_over_issue(self):
        """An over-issue approval is an override: one row per request in the
        override log, with the requested materials."""
        res = super().action_approve_over_issue()
        Log = self.env["factory.override.log"]
        for request in self:
            Log._factory_log(
                "over_issue",
                request,
                request.over_issue_reason.strip(),
                warehouse_id=request.warehouse_id.id,
                details=self.env._(
                    "Requested: %s",
                    ", ".join(
                        f"{line.product_id.display_name} {line.product_qty:g} "
                        f"{line.product_uom_id.name}"
                        for line in request.line_ids
                    ),
                ),
            )
        return res
