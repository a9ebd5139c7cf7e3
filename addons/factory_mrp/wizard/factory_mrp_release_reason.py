from odoo import fields, models
from odoo.exceptions import UserError


class FactoryMrpRelease(models.TransientModel):
    """Releasing with shortage is an override of the release rule: it takes
    a reason, recorded with each missing component in the override log."""

    _inherit = "factory.mrp.release"

    reason = fields.Text(
        help="Why the orders are released although components are missing."
    )

    def action_release(self):
        self.ensure_one()
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(self.env._("Enter the reason for releasing with shortage."))
        productions = self.production_ids
        shortages = productions._factory_shortages()
        res = super().action_release()
        Log = self.env["factory.override.log"]
        for production in productions:
            lines = shortages.filtered(lambda s, p=production: s.production_id == p)
            Log._factory_log(
                "shortage_release",
                production,
                reason,
                [
                    {
                        "warehouse_id": line.warehouse_id.id,
                        "product_id": line.product_id.id,
                        "quantity": line.shortage_qty,
                        "uom_id": line.uom_id.id,
                        "details": self.env._(
                            "Required %(required)s, short by %(short)s.",
                            required=line.required_qty,
                            short=line.shortage_qty,
                        ),
                    }
                    for line in lines
                ]
                or None,
                warehouse_id=production.picking_type_id.warehouse_id.id,
            )
            production.message_post(
                body=self.env._("Reason for releasing with shortage: %s", reason)
            )
        return res
