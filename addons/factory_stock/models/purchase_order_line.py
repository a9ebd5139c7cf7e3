from odoo import fields, models

COST_GROUP = "factory_stock.group_factory_cost"


class PurchaseOrderLine(models.Model):
    """Purchase prices are money: clerks, QC inspectors and line workers read
    purchase orders (the receipts they validate come from them) but never
    their prices. Validating a receipt still values it at the order's price
    (Odoo reads it through ``_fetch_field``, see factory.cost.access.mixin)."""

    _name = "purchase.order.line"
    _inherit = ["purchase.order.line", "factory.cost.access.mixin"]
    _factory_cost_fields = (
        "price_unit",
        "price_unit_discounted",
        "price_subtotal",
        "price_total",
        "price_tax",
    )

    price_unit = fields.Float(groups=COST_GROUP)
    price_unit_discounted = fields.Float(groups=COST_GROUP)
    price_subtotal = fields.Monetary(groups=COST_GROUP)
    price_total = fields.Monetary(groups=COST_GROUP)
    price_tax = fields.Float(groups=COST_GROUP)
