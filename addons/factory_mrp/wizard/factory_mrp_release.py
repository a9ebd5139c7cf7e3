from odoo import fields, models
from odoo.exceptions import UserError


class FactoryMrpRelease(models.TransientModel):
    _name = "factory.mrp.release"
    _description = "Release Manufacturing Orders with Shortage"
    _inherit = ["factory.protected.mixin"]
    # filled by the order's Release (see factory.protected.mixin), after it
    # confirmed and reserved the orders
    _factory_protected_fields = ("production_ids", "shortage_text")

    production_ids = fields.Many2many("mrp.production", string="Orders", readonly=True)
    shortage_text = fields.Text("Shortages", readonly=True)

    def action_release(self):
        self.ensure_one()
        productions = self.production_ids
        bad = productions.filtered(
            lambda p: (
                p.factory_released
                or p.state not in ("confirmed", "progress", "to_close")
            )
        )
        if bad:
            raise UserError(
                self.env._(
                    "These orders cannot be released with shortage any more: %s",
                    ", ".join(bad.mapped("name")),
                )
            )
        return productions._factory_release_with_shortage()
