from odoo import fields, models

COST_GROUP = "factory_stock.group_factory_cost"


class ProductSupplierinfo(models.Model):
    """Supplier prices are money (see purchase_order_line.py)."""

    _name = "product.supplierinfo"
    _inherit = ["product.supplierinfo", "factory.cost.access.mixin"]
    _factory_cost_fields = ("price", "price_discounted")

    price = fields.Float(groups=COST_GROUP)
    price_discounted = fields.Float(groups=COST_GROUP)
