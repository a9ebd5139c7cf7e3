from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .product_template import defer_material_codes, strip_material_code

COST_GROUP = "factory_stock.group_factory_cost"


class ProductProduct(models.Model):
    _name = "product.product"
    _inherit = ["product.product", "factory.cost.access.mixin"]
    _factory_cost_fields = ("standard_price",)

    standard_price = fields.Float(groups=COST_GROUP)
    value_svl = fields.Float(groups=COST_GROUP)
    avg_cost = fields.Monetary(groups=COST_GROUP)
    total_value = fields.Monetary(groups=COST_GROUP)

    @api.model_create_multi
    def create(self, vals_list):
        products = super().create([strip_material_code(vals) for vals in vals_list])
        products._factory_fill_material_code()
        return products

    def write(self, vals):
        res = super().write(strip_material_code(vals))
        if {"default_code", "is_storable", "type"} & set(vals):
            self._factory_fill_material_code()
        return res

    # ------------------------------------------------------------------
    # material codes (物料编码): filled by coding rules, unique per company
    # ------------------------------------------------------------------

    def _factory_fill_material_code(self):
        """Give every storable material of ``self`` without a code the next
        code of its coding rule (category, parents, company default). A code
        typed by the user is kept; without any rule the code stays empty."""
        if defer_material_codes(self):
            return
        Rule = self.env["factory.coding.rule"]
        rules = {}
        for product in self.filtered(lambda p: p.is_storable and not p.default_code):
            scope = (product.categ_id, product.company_id or self.env.company)
            if scope not in rules:
                rules[scope] = Rule._factory_rule_for(*scope)
            if rules[scope]:
                product.default_code = rules[scope]._factory_draw_code(
                    product.categ_id,
                    lambda code, p=product: bool(p._factory_code_clashes(code)),
                )

    def _factory_code_clashes(self, code, users=None):
        """Products (archived too) other than ``self`` that use ``code`` where
        ``self`` does: same company, or either shared by every company.
        ``users``: the result of ``_factory_code_users`` for a batch."""
        self.ensure_one()
        if users is None:
            users = self._factory_code_users([code])
        return users[code].filtered(
            lambda o: (
                o.id != self.id
                and (
                    not o.company_id
                    or not self.company_id
                    or o.company_id == self.company_id
                )
            )
        )

    @api.model
    def _factory_code_users(self, codes):
        """{code: products} of every product (archived too, of every company)
        whose code is one of ``codes``, in one query."""
        # a code is unique in the company, not only in what one user may read
        users = defaultdict(self.sudo().browse)
        for product in (
            self.with_context(active_test=False)
            .sudo()
            .search_fetch(
                [("default_code", "in", list(codes))], ["default_code", "company_id"]
            )
        ):
            users[product.default_code] |= product
        return users

    @api.constrains("default_code", "company_id")
    def _check_factory_code_unique(self):
        """Material codes are unique per company (a product shared by all
        companies clashes with every company). A blank code is allowed: a
        storable material saved without one gets its coding rule's code."""
        products = self.filtered("default_code")
        users = self._factory_code_users(products.mapped("default_code"))
        for product in products:
            clash = product._factory_code_clashes(product.default_code, users)
            if clash:
                raise ValidationError(
                    self.env._(
                        "The material code %(code)s is already used by %(other)s.",
                        code=product.default_code,
                        other=clash[0].display_name,
                    )
                )
