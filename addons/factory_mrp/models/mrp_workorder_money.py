from odoo import fields, models

COST_GROUP = "factory_stock.group_factory_cost"


class MrpWorkorder(models.Model):
    """An operation keeps its work center's rate when it ends (Odoo copies it
    in ``button_finish`` / ``button_done``): money like the rate."""

    _name = "mrp.workorder"
    _inherit = ["mrp.workorder", "factory.cost.access.mixin"]
    _factory_cost_fields = ("costs_hour",)

    costs_hour = fields.Float(groups=COST_GROUP)

    def write(self, vals):
        # Odoo writes the work center's rate as whoever ends the operation:
        # that one value passes for users without the cost right; any other
        # value is refused by the field's groups as usual.
        if (
            "costs_hour" in vals
            and not self.env.su
            and not self._fields["costs_hour"].is_accessible(self.env)
            and all(
                vals["costs_hour"] == workorder.workcenter_id.costs_hour
                for workorder in self
            )
        ):
            vals = dict(vals)
            rate = vals.pop("costs_hour")
            res = super().write(vals) if vals else True
            super(MrpWorkorder, self.sudo()).write({"costs_hour": rate})
            return res
        return super().write(vals)
