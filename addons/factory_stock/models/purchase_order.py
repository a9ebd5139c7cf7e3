from odoo import api, fields, models

COST_GROUP = "factory_stock.group_factory_cost"


class PurchaseOrder(models.Model):
    """The order's amounts are money, like its line prices."""

    _name = "purchase.order"
    _inherit = ["purchase.order", "factory.cost.access.mixin"]
    _factory_cost_fields = (
        "amount_untaxed",
        "amount_tax",
        "amount_total",
        "amount_total_cc",
        "tax_totals",
    )

    amount_untaxed = fields.Monetary(groups=COST_GROUP)
    amount_tax = fields.Monetary(groups=COST_GROUP)
    amount_total = fields.Monetary(groups=COST_GROUP)
    amount_total_cc = fields.Monetary(groups=COST_GROUP)
    tax_totals = fields.Binary(groups=COST_GROUP)

    @api.depends_context("show_total_amount")
    def _compute_display_name(self):
        # Odoo adds the total to the name when the (client-sent) context asks
        # for it: not for users who may not read the total.
        if (
            self.env.su
            or not self.env.context.get("show_total_amount")
            or self._fields["amount_total"].is_accessible(self.env)
        ):
            return super()._compute_display_name()
        for order in self:
            name = order.name or ""
            if order.partner_ref:
                name += f" ({order.partner_ref})"
            order.display_name = name
