from odoo import fields, models


class FactoryOutsourcingOperationReceive(models.TransientModel):
    """Receive what came back from an outsourced operation."""

    _name = "factory.outsourcing.operation.receive"
    _description = "Receive an Outsourced Operation"

    operation_id = fields.Many2one(
        "factory.outsourcing.operation", required=True, readonly=True
    )
    qty_at_subcontractor = fields.Float(related="operation_id.qty_at_subcontractor")
    uom_id = fields.Many2one(related="operation_id.uom_id")
    qty_passed = fields.Float("Passed", digits="Product Unit of Measure")
    qty_rejected = fields.Float("Rejected", digits="Product Unit of Measure")
    note = fields.Char("Notes")

    def action_confirm(self):
        self.ensure_one()
        self.operation_id.action_factory_receive(
            self.qty_passed, self.qty_rejected, note=self.note
        )
        return {"type": "ir.actions.act_window_close"}
