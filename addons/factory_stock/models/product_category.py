from odoo import api, fields, models
from odoo.osv import expression

# Odoo removal strategy (product.removal) that proposes lots in the order each
# issue policy enforces.
POLICY_REMOVAL = {
    "fifo": "stock.removal_fifo",
    "fefo": "product_expiry.removal_fefo",
}


class ProductCategory(models.Model):
    _inherit = "product.category"

    # One setting with Odoo's removal strategy (Force Removal Strategy): the
    # policy is read from it and written into it, so choosing FIFO or FEFO on
    # either field both proposes (reservation) and enforces (validation) that
    # order, on every database, without stored copy that could drift. Like
    # Odoo's removal (stock.quant._get_removal_strategy), it is the category's
    # own setting: a sub-category does not inherit its parent's.
    factory_issue_policy = fields.Selection(
        [
            ("none", "Not Enforced"),
            ("fifo", "FIFO (oldest first)"),
            ("fefo", "FEFO (earliest expiry first)"),
        ],
        string="Issue Policy",
        compute="_compute_factory_issue_policy",
        inverse="_inverse_factory_issue_policy",
        search="_search_factory_issue_policy",
        readonly=False,
        help="Enforced when lot-tracked material of this category leaves the "
        "stock of a warehouse (issue, delivery, transfer to another warehouse):\n"
        "- FIFO: the lot received first must go first;\n"
        "- FEFO: the lot that expires first must go first, expired lots are "
        "refused.\n"
        "It is the same setting as the force removal strategy: choosing FIFO or "
        "FEFO on either one sets the other, so that reservations propose lots "
        "in the order that is enforced.",
    )

    factory_qc_required = fields.Boolean(
        string="Incoming Inspection",
        help="Receipts of this category go to the warehouse's quarantine and wait "
        "for a QC inspection and a supervisor's confirmation before they can be "
        "used (unless the supplier is trusted).",
    )

    @api.depends("removal_strategy_id")
    def _compute_factory_issue_policy(self):
        for categ in self:
            method = categ._factory_removal_method()
            categ.factory_issue_policy = method if method in POLICY_REMOVAL else "none"

    def _factory_removal_method(self):
        # the method code is a translatable field: read it untranslated, as
        # Odoo does (stock.quant._get_removal_strategy)
        self.ensure_one()
        return self.removal_strategy_id.with_context(lang=None).method

    def _inverse_factory_issue_policy(self):
        for categ in self:
            categ.removal_strategy_id = categ._factory_removal_for_policy(
                categ.factory_issue_policy
            )

    def _search_factory_issue_policy(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise NotImplementedError(operator)
        values = [value] if operator in ("=", "!=") else list(value or ())
        removals = self.env["product.removal"].with_context(lang=None).search([])
        wanted = removals.filtered(lambda r: r.method in values)
        domain = [("removal_strategy_id", "in", wanted.ids)]
        if "none" in values or False in values:
            domain = expression.OR(
                [
                    domain,
                    [("removal_strategy_id", "=", False)],
                    [
                        (
                            "removal_strategy_id",
                            "in",
                            removals.filtered(
                                lambda r: r.method not in POLICY_REMOVAL
                            ).ids,
                        )
                    ],
                ]
            )
        if operator in ("!=", "not in"):
            domain = ["!", *expression.normalize_domain(domain)]
        return domain

    def _factory_removal_for_policy(self, policy):
        """The removal strategy that goes with ``policy``: FIFO / FEFO's own;
        for no policy, the category's strategy unless it was FIFO or FEFO."""
        self.ensure_one()
        xmlid = POLICY_REMOVAL.get(policy)
        if xmlid:
            return self.env.ref(xmlid)
        if self._factory_removal_method() in POLICY_REMOVAL:
            return self.env["product.removal"]
        return self.removal_strategy_id

    @api.onchange("factory_issue_policy")
    def _onchange_factory_issue_policy(self):
        self.removal_strategy_id = self._factory_removal_for_policy(
            self.factory_issue_policy
        )
