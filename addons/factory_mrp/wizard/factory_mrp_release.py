from odoo import fields, models


class FactoryMrpRelease(models.TransientModel):
    _name = "factory.mrp.release"
    _description = "Release Manufacturing Orders with Shortage"

    production_ids = fields.Many2many("mrp.production", string="Orders", readonly=True)
    shortage_text = fields.Text("Shortages", readonly=True)

    def action_release(self):
        self.ensure_one()
        return self.production_ids._factory_release_with_shortage()
