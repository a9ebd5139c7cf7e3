from odoo import api, models

# Documents that tie a product to a company (model, product field).
_COMPANY_DOCUMENTS = (
    ("stock.move", "product_id"),
    ("stock.quant", "product_id"),
    ("stock.warehouse.orderpoint", "product_id"),
    ("account.move.line", "product_id"),
    ("purchase.order.line", "product_id"),
    ("product.supplierinfo", "product_tmpl_id"),
)


class ProductTemplate(models.Model):
    _inherit = "product.template"

    @api.model
    def _factory_demo_hand_over(self, factory_company, factory_category):
        """Demo data: Odoo's own demo products are shared by every company; give
        each to the company whose documents use it (Odoo's demo company when
        none does), so that they stay out of the factory's material lists.
        Those that several companies use are archived. Products of the
        factory's categories and those the factory uses are not touched."""
        products = self.with_context(active_test=False).search(
            [
                ("company_id", "=", False),
                "!",
                ("categ_id", "child_of", factory_category.id),
            ]
        )
        used = {}  # template id: companies using it
        for model, field in _COMPANY_DOCUMENTS:
            if model not in self.env:
                continue
            Model = self.env[model].sudo().with_context(active_test=False)
            domain = [("company_id", "!=", False)]
            if field == "product_tmpl_id":
                domain.append((field, "in", products.ids))
            else:
                domain.append((field, "in", products.product_variant_ids.ids))
            for product, company in Model._read_group(domain, [field, "company_id"]):
                template = (
                    product if field == "product_tmpl_id" else product.product_tmpl_id
                )
                used.setdefault(template.id, set()).add(company.id)
        home = self.env.ref("base.main_company")
        by_company = {}  # company id (False: several companies): template ids
        for product in products:
            companies = used.get(product.id, set())
            if factory_company.id in companies:
                continue
            if len(companies) > 1:
                company = False
            else:
                company = companies.pop() if companies else home.id
            by_company.setdefault(company, []).append(product.id)
        for company, ids in by_company.items():
            templates = self.browse(ids)
            if company:
                templates.write({"company_id": company})
            else:
                templates.action_archive()
