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


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    def action_factory_approve_over_issue(self):
        """An over-issue approved on the order (with or without a request) is
        an override too: one row per order, with its components."""
        res = super().action_factory_approve_over_issue()
        Log = self.env["factory.override.log"]
        for production in self:
            Log._factory_log(
                "over_issue",
                production,
                production.factory_over_issue_reason.strip(),
                warehouse_id=production.picking_type_id.warehouse_id.id,
                details=self.env._(
                    "Components: %s",
                    ", ".join(
                        f"{move.product_id.display_name} {move.product_uom_qty:g} "
                        f"{move.product_uom.name}"
                        for move in production.move_raw_ids
                    ),
                ),
            )
        return res
