from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # Odoo's Internal Reference (default_code) is the material code (物料编码):
    # it is what Odoo searches, prints and shows as "[code] name" everywhere.
    factory_spec = fields.Char(
        string="Specification",
        help="Specification / model of the material (规格型号), e.g. 0805 10kΩ ±1%.",
        index="trigram",
    )
    # Cost is money: only roles with the cost right may read it (see
    # security/factory_stock_groups.xml, group_factory_cost).
    standard_price = fields.Float(groups="factory_stock.group_factory_cost")

    @api.model_create_multi
    def create(self, vals_list):
        # Variants receive the code only after the template exists: check the
        # code requirement once everything is written.
        templates = super(
            ProductTemplate, self.with_context(factory_defer_code_check=True)
        ).create(vals_list)
        templates = templates.with_env(self.env)
        if not self.env.context.get("factory_defer_code_check"):
            templates._check_factory_material_code()
        return templates

    @api.constrains("default_code", "is_storable")
    def _check_factory_material_code(self):
        ctx = self.env.context
        if (ctx.get("install_mode") and not ctx.get("import_file")) or ctx.get(
            "factory_defer_code_check"
        ):
            # data files of other modules (e.g. Odoo's demo) predate the rule
            # (base_import sets install_mode too, but imports must obey it);
            # product.product.create checks once its variant has its code
            return
        for template in self:
            if (
                template.is_storable
                and template.product_variant_count <= 1
                and not (template.default_code or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "The material code (Internal Reference) is required for "
                        "storable material '%s'.",
                        template.name,
                    )
                )

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for Materials"),
                "template": "/factory_stock/static/xls/factory_materials.xlsx",
            }
        ]
