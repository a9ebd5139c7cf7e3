import contextvars
from contextlib import contextmanager

from odoo import api, fields, models

# Variants created while a template is being created, on this call stack:
# their codes are filled when the template is complete. A context variable of
# the server, not an Odoo context key: no client can set it.
_PENDING_CODES = contextvars.ContextVar("factory_pending_codes", default=None)


@contextmanager
def _deferred_material_codes():
    """Collect the variants created inside (ids); the outermost scope only."""
    pending = _PENDING_CODES.get()
    if pending is not None:
        yield []
        return
    pending = []
    token = _PENDING_CODES.set(pending)
    try:
        yield pending
    finally:
        _PENDING_CODES.reset(token)


def defer_material_codes(products):
    """True (and ``products`` remembered) while a template create is running:
    its variants get their codes when it ends."""
    pending = _PENDING_CODES.get()
    if pending is None:
        return False
    pending.extend(products.ids)
    return True


def strip_material_code(vals):
    """Material codes are stored without surrounding spaces (a code of
    spaces only is no code: the coding rule fills it)."""
    code = vals.get("default_code")
    if isinstance(code, str) and code != code.strip():
        vals = dict(vals, default_code=code.strip() or False)
    return vals


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
        # Odoo creates the variant before it writes the template's code on it:
        # fill the codes once the template is complete, so that a code typed
        # by the user is kept and no number of the coding rule is wasted.
        with _deferred_material_codes() as pending:
            templates = super().create([strip_material_code(v) for v in vals_list])
        variants = self.env["product.product"].browse(dict.fromkeys(pending))
        variants.exists()._factory_fill_material_code()
        return templates

    def write(self, vals):
        res = super().write(strip_material_code(vals))
        if {"is_storable", "type"} & set(vals):
            self.product_variant_ids._factory_fill_material_code()
        if "default_code" in vals and not (vals["default_code"] or "").strip():
            # the code cleared here was filled again on the variant while this
            # write protected the template's own value: show the variant's
            for template in self.filtered(lambda t: len(t.product_variant_ids) == 1):
                code = template.product_variant_ids.default_code
                if code and template.default_code != code:
                    super(ProductTemplate, template).write({"default_code": code})
        return res

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for Materials"),
                "template": "/factory_stock/static/xls/factory_materials.xlsx",
            }
        ]
