from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Odoo removal strategy (product.removal) that proposes lots in the order each
# issue policy enforces.
POLICY_REMOVAL = {
    "fifo": "stock.removal_fifo",
    "fefo": "product_expiry.removal_fefo",
}


class ProductCategory(models.Model):
    _inherit = "product.category"

    factory_issue_policy = fields.Selection(
        [
            ("none", "Not Enforced"),
            ("fifo", "FIFO (oldest first)"),
            ("fefo", "FEFO (earliest expiry first)"),
        ],
        string="Issue Policy",
        default="none",
        required=True,
        help="Enforced when lot-tracked material of this category leaves the "
        "stock of a warehouse (issue, delivery, transfer to another warehouse):\n"
        "- FIFO: the lot received first must go first;\n"
        "- FEFO: the lot that expires first must go first, expired lots are "
        "refused.\n"
        "Choosing a policy also sets the matching removal strategy, so that "
        "reservations propose lots in the same order.",
    )

    factory_qc_required = fields.Boolean(
        string="Incoming Inspection",
        help="Receipts of this category go to the warehouse's quarantine and wait "
        "for a QC inspection and a supervisor's confirmation before they can be "
        "used (unless the supplier is trusted).",
    )

    @api.constrains("factory_issue_policy", "removal_strategy_id")
    def _check_factory_issue_policy(self):
        for categ in self:
            xmlid = POLICY_REMOVAL.get(categ.factory_issue_policy)
            if xmlid and categ.removal_strategy_id != self.env.ref(xmlid):
                raise ValidationError(
                    self.env._(
                        "The category %(categ)s enforces %(policy)s on issue: its "
                        "force removal strategy must be %(strategy)s.",
                        categ=categ.display_name,
                        policy=dict(
                            categ._fields[
                                "factory_issue_policy"
                            ]._description_selection(self.env)
                        )[categ.factory_issue_policy],
                        strategy=self.env.ref(xmlid).name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        return super().create(
            [self._factory_sync_removal_strategy(vals) for vals in vals_list]
        )

    def write(self, vals):
        return super().write(self._factory_sync_removal_strategy(vals))

    @api.model
    def _factory_sync_removal_strategy(self, vals):
        """Choosing an issue policy sets Odoo's removal strategy to match."""
        xmlid = POLICY_REMOVAL.get(vals.get("factory_issue_policy"))
        if xmlid:
            vals = dict(vals, removal_strategy_id=self.env.ref(xmlid).id)
        return vals

    @api.onchange("factory_issue_policy")
    def _onchange_factory_issue_policy(self):
        xmlid = POLICY_REMOVAL.get(self.factory_issue_policy)
        if xmlid:
            self.removal_strategy_id = self.env.ref(xmlid)
