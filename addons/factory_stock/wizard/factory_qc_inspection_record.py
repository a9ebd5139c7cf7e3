from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.factory_input import factory_clean_vals

RESULT_FIELDS = ("sample_size", "qty_passed", "qty_rejected", "defect_reason_id")


class FactoryQcInspectionRecord(models.TransientModel):
    """Entry of an inspection's result (录入结果): sample, passed, rejected
    and the defect reason, then the inspection's own ``action_inspect``,
    which checks them."""

    _name = "factory.qc.inspection.record"
    _description = "Record Inspection Result"

    inspection_id = fields.Many2one(
        "factory.qc.inspection", required=True, readonly=True, ondelete="cascade"
    )
    name = fields.Char(related="inspection_id.name")
    product_id = fields.Many2one(related="inspection_id.product_id")
    lot_id = fields.Many2one(related="inspection_id.lot_id")
    qty_received = fields.Float(related="inspection_id.qty_received")
    product_uom_id = fields.Many2one(related="inspection_id.product_uom_id")
    sample_size = fields.Float(digits="Product Unit of Measure")
    qty_passed = fields.Float("Passed", digits="Product Unit of Measure")
    qty_rejected = fields.Float("Rejected", digits="Product Unit of Measure")
    defect_reason_id = fields.Many2one("factory.defect.reason", "Defect Reason")
    notes = fields.Text()

    @api.onchange("qty_rejected")
    def _onchange_qty_rejected(self):
        """What is not rejected passed (the inspector may still change it)."""
        if 0 <= self.qty_rejected <= self.qty_received:
            self.qty_passed = self.qty_received - self.qty_rejected

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [factory_clean_vals(self, vals) for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        return super().write(factory_clean_vals(self, vals))

    def action_confirm(self):
        """Put the entered result on the inspection and record it: the
        inspection's write and action_inspect refuse what is wrong, and the
        whole call is rolled back then."""
        self.ensure_one()
        if not self.env.user.has_group("factory_stock.group_qc_inspector"):
            raise AccessError(self.env._("Only QC inspectors can record inspections."))
        inspection = self.inspection_id
        if inspection.state != "todo":
            raise UserError(
                self.env._("%s has already been inspected.", inspection.name)
            )
        vals = {
            "sample_size": self.sample_size,
            "qty_passed": self.qty_passed,
            "qty_rejected": self.qty_rejected,
            "defect_reason_id": self.defect_reason_id.id,
        }
        if self.notes:
            vals["notes"] = self.notes
        inspection.write(vals)
        inspection.action_inspect()
        return {"type": "ir.actions.act_window_close"}
