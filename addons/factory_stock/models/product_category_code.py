import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

SEGMENT = re.compile(r"^[0-9A-Za-z]+$")


class ProductCategory(models.Model):
    """Material coding (编码规则) on product categories: a code segment and the
    coding rules of the category (see factory.coding.rule)."""

    _inherit = "product.category"

    factory_code = fields.Char(
        string="Code Segment",
        help="Short code of the category (letters and digits, e.g. RM), used in "
        "material codes by coding rules with category code segments.",
    )
    factory_coding_rule_ids = fields.One2many(
        "factory.coding.rule", "categ_id", string="Coding Rules"
    )
    factory_applied_rule_id = fields.Many2one(
        "factory.coding.rule",
        string="Coding Rule Applied",
        compute="_compute_factory_applied_rule",
        help="The rule that gives codes to materials of this category in the "
        "current company: the category's own rule, else the nearest parent's, "
        "else the company's default rule.",
    )
    factory_next_code = fields.Char(
        string="Next Material Code",
        compute="_compute_factory_applied_rule",
        help="The code the next storable material of this category saved without "
        "a code gets.",
    )

    @api.depends_context("company")
    @api.depends(
        "parent_path",
        "factory_code",
        "factory_coding_rule_ids",
        "parent_id.factory_code",
    )
    def _compute_factory_applied_rule(self):
        Rule = self.env["factory.coding.rule"]
        for categ in self:
            rule = Rule._factory_rule_for(categ, self.env.company) if categ.id else Rule
            categ.factory_applied_rule_id = rule
            categ.factory_next_code = (
                rule._factory_compose(categ, rule.number_next) if rule else False
            )

    @api.constrains("factory_code")
    def _check_factory_code(self):
        for categ in self:
            if categ.factory_code and not SEGMENT.match(categ.factory_code):
                raise ValidationError(
                    self.env._(
                        "The code segment of the category %(categ)s can only contain "
                        "letters and digits (e.g. RM), not %(code)s.",
                        categ=categ.display_name,
                        code=categ.factory_code,
                    )
                )
