from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

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
        # The template is created before its variant gets the code: check the
        # code requirement once both exist (unless a template create is the
        # caller: it checks when it is done).
        products = super(
            ProductProduct, self.with_context(factory_defer_code_check=True)
        ).create(vals_list)
        products = products.with_env(self.env)
        if not self.env.context.get("factory_defer_code_check"):
            products.product_tmpl_id._check_factory_material_code()
        return products

    @api.constrains("default_code", "company_id")
    def _check_factory_code_unique(self):
        """Material codes are unique per company (a product shared by all
        companies clashes with every company)."""
        if self.env.context.get("install_mode") and not self.env.context.get(
            "import_file"
        ):
            # data files of other modules (e.g. Odoo's demo) predate the rule;
            # base_import also sets install_mode, but imports must obey it
            return
        products = self.filtered("default_code")
        for product in products:
            if not product.default_code.strip():
                raise ValidationError(self.env._("The material code cannot be blank."))
        if not products:
            return
        codes = {p.default_code.strip() for p in products}
        by_code = defaultdict(list)
        for other in (
            self.with_context(active_test=False)
            .sudo()
            .search_fetch(
                [("default_code", "in", list(codes))], ["default_code", "company_id"]
            )
        ):
            by_code[other.default_code.strip()].append(other)
        for product in products:
            clash = [
                o
                for o in by_code[product.default_code.strip()]
                if o != product
                and (
                    not o.company_id
                    or not product.company_id
                    or o.company_id == product.company_id
                )
            ]
            if clash:
                raise ValidationError(
                    self.env._(
                        "The material code %(code)s is already used by %(other)s.",
                        code=product.default_code,
                        other=clash[0].display_name,
                    )
                )
