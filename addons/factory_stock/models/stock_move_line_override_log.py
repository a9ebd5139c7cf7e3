from odoo import models


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def _factory_refuse_or_log_override(self, violations, issues):
        """An accepted FIFO / FEFO override (the call raises otherwise) gets
        one row per issued lot in the override log, beside the chatter."""
        res = super()._factory_refuse_or_log_override(violations, issues)
        Log = self.env["factory.override.log"]
        by_picking = {}
        for line, first in violations:
            by_picking.setdefault(line.picking_id, []).append(
                {
                    "warehouse_id": issues[line].id,
                    "product_id": line.product_id.id,
                    "lot_id": line.lot_id.id,
                    "quantity": line.quantity_product_uom,
                    "uom_id": line.product_id.uom_id.id,
                    "details": self.env._(
                        "Lot %(first)s had to go first (%(policy)s).",
                        first=first.name,
                        policy=line.product_id.categ_id.factory_issue_policy.upper(),
                    ),
                }
            )
        for picking, lines in by_picking.items():
            Log._factory_log(
                "fifo",
                picking,
                picking.factory_fifo_override_reason.strip(),
                lines,
            )
        return res
