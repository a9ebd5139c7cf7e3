from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# How many numbers a rule may skip because they are taken by codes typed by
# hand before it stops and asks for another next number.
MAX_SKIPPED = 1000


class FactoryCodingRule(models.Model):
    """Material coding rule (编码规则): the code a storable material saved
    without one gets, per product category (inherited by sub-categories that
    have no rule of their own) or as the company's default.

    code = prefix + category code segments (optional) + number, where the
    number comes from the rule's own ``ir.sequence`` (a PostgreSQL sequence:
    two transactions never draw the same number and neither waits for the
    other; numbers of rolled back transactions are skipped)."""

    _name = "factory.coding.rule"
    _inherit = ["factory.protected.mixin"]
    _description = "Material Coding Rule"
    _order = "company_id, categ_id, id"
    _check_company_auto = True
    _factory_protected_fields = ("sequence_id",)

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        default=lambda self: self.env.company,
        index=True,
        help="Leave empty for a rule shared by every company.",
    )
    categ_id = fields.Many2one(
        "product.category",
        string="Product Category",
        index=True,
        ondelete="cascade",
        help="Materials of this category and of its sub-categories without a rule "
        "of their own get their codes from this rule. Leave empty for the "
        "company's default rule, used when no category on the way up has one.",
    )
    prefix = fields.Char(help="Fixed text at the start of every code, e.g. RM-MG-.")
    use_category_codes = fields.Boolean(
        string="Category Code Segments",
        help="After the prefix, insert the code segments of the material's "
        "category and of its parents, from the top, each followed by a dash: a "
        "material of 原材料 (RM) / 磁钢 (MG) gets RM-MG-0001.",
    )
    padding = fields.Integer(
        string="Number of Digits",
        default=4,
        required=True,
        help="The number is padded with zeros to this length.",
    )
    sequence_id = fields.Many2one(
        "ir.sequence",
        string="Sequence",
        readonly=True,
        copy=False,
        ondelete="restrict",
    )
    number_next = fields.Integer(
        string="Next Number",
        compute="_compute_number_next",
        inverse="_inverse_number_next",
        help="The number the next code gets. Numbers already used by a code typed "
        "by hand are skipped.",
    )
    example = fields.Char(
        string="Next Code",
        compute="_compute_example",
        help="The code the next material of this category would get.",
    )

    @api.depends("sequence_id")
    def _compute_number_next(self):
        for rule in self:
            # the rule's own sequence: readable whatever the user's rights on
            # ir.sequence (only the rule's managers edit it, through the rule)
            rule.number_next = rule.sequence_id.sudo().number_next_actual or 1

    def _inverse_number_next(self):
        for rule in self:
            if rule.number_next < 1:
                raise ValidationError(
                    self.env._("The next number of a coding rule must be positive.")
                )
            rule.sequence_id.sudo().number_next_actual = rule.number_next
        self.env["product.category"].invalidate_model(["factory_next_code"])

    @api.depends("prefix", "use_category_codes", "padding", "categ_id", "number_next")
    def _compute_example(self):
        for rule in self:
            rule.example = rule._factory_compose(rule.categ_id, rule.number_next)

    @api.constrains("padding")
    def _check_padding(self):
        for rule in self:
            if not 1 <= rule.padding <= 12:
                raise ValidationError(
                    self.env._(
                        "The number of digits of the coding rule %s must be between 1 "
                        "and 12.",
                        rule.name,
                    )
                )

    @api.constrains("prefix")
    def _check_prefix(self):
        for rule in self:
            if rule.prefix and rule.prefix != rule.prefix.strip():
                raise ValidationError(
                    self.env._(
                        "The prefix of the coding rule %s cannot start or end with a "
                        "space.",
                        rule.name,
                    )
                )

    @api.constrains("company_id", "categ_id", "active")
    def _check_one_rule_per_scope(self):
        rules = self.filtered("active")
        if not rules:
            return
        others = self.with_context(active_test=True).search(
            [
                ("company_id", "in", [*rules.company_id.ids, False]),
                ("categ_id", "in", [*rules.categ_id.ids, False]),
            ]
        )
        for rule in rules:
            clash = others.filtered(
                lambda o, r=rule: (
                    o != r and o.company_id == r.company_id and o.categ_id == r.categ_id
                )
            )
            if clash:
                raise ValidationError(
                    self.env._(
                        "%(scope)s already has the coding rule %(other)s: one active "
                        "rule per category and company.",
                        scope=rule.categ_id.display_name
                        or self.env._("The default rule of %s", rule._company_label()),
                        other=clash[0].name,
                    )
                )

    def _company_label(self):
        return self.company_id.name or self.env._("every company")

    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        # the rule's own sequence (ir.sequence is for administrators only)
        sequences = (
            self.env["ir.sequence"]
            .sudo()
            .create(
                [
                    {
                        "name": self.env._("Material codes: %s", rule.name),
                        "implementation": "standard",
                        "padding": rule.padding,
                        "number_next": 1,
                        "company_id": rule.company_id.id,
                    }
                    for rule in rules
                ]
            )
        )
        for rule, sequence in zip(rules, sequences, strict=True):
            rule._factory_write({"sequence_id": sequence.id})
        self._factory_invalidate_previews()
        return rules

    def write(self, vals):
        res = super().write(vals)
        if "padding" in vals or "company_id" in vals:
            for rule in self:
                rule.sequence_id.sudo().write(
                    {"padding": rule.padding, "company_id": rule.company_id.id}
                )
        self._factory_invalidate_previews()
        return res

    def unlink(self):
        sequences = self.sequence_id
        res = super().unlink()
        sequences.sudo().unlink()
        self._factory_invalidate_previews()
        return res

    def _factory_invalidate_previews(self):
        """Next numbers live in PostgreSQL sequences and categories inherit
        rules: previews computed earlier in this transaction are stale."""
        self.invalidate_model(["number_next", "example"])
        self.env["product.category"].invalidate_model(
            ["factory_applied_rule_id", "factory_next_code"]
        )

    # ------------------------------------------------------------------
    # codes
    # ------------------------------------------------------------------

    def _factory_segments(self, categ):
        """`RM-MG-` for a material of 原材料 (RM) / 磁钢 (MG) when the rule uses
        the category code segments, else ''."""
        self.ensure_one()
        if not self.use_category_codes or not categ:
            return ""
        chain = self.env["product.category"].browse(
            [int(c) for c in (categ.sudo().parent_path or "").split("/") if c]
        )
        return "".join(f"{c.factory_code}-" for c in chain.sudo() if c.factory_code)

    def _factory_compose(self, categ, number):
        self.ensure_one()
        digits = max(self.padding, 1)
        return f"{self.prefix or ''}{self._factory_segments(categ)}{number:0{digits}d}"

    def _factory_draw_code(self, categ, is_taken):
        """The next free code of the rule for a material of ``categ``: numbers
        whose code ``is_taken(code)`` (typed by hand before) are skipped."""
        self.ensure_one()
        sequence = self.sequence_id.sudo()
        for _attempt in range(MAX_SKIPPED):
            number = sequence._next()
            code = f"{self.prefix or ''}{self._factory_segments(categ)}{number}"
            if not is_taken(code):
                self._factory_invalidate_previews()
                return code
        raise UserError(
            self.env._(
                "The coding rule %(rule)s found no free code after %(count)s numbers: "
                "set its next number above the codes already used.",
                rule=self.name,
                count=MAX_SKIPPED,
            )
        )

    @api.model
    def _factory_rule_for(self, categ, company):
        """The rule that gives the codes of a material of ``categ`` in
        ``company``: the category's, else the nearest parent's, else the
        company's default rule (a rule of the company before a shared one)."""
        # configuration that applies to everyone who saves a material, whatever
        # their rights on the rules (read for every user; sudo for portal and
        # public users, who may create products through other apps)
        rules = self.sudo().search([("company_id", "in", [company.id, False])])
        by_scope = {(r.categ_id.id, r.company_id.id): r for r in rules}
        chain = [int(c) for c in (categ.sudo().parent_path or "").split("/") if c]
        for categ_id in [*reversed(chain), False]:
            for company_id in (company.id, False):
                rule = by_scope.get((categ_id, company_id))
                if rule:
                    return rule.with_env(self.env)
        return self.browse()
