from odoo import api, models


class AuditlogRule(models.Model):
    """OCA auditlog logs every stored field of a model with a rule. On the
    models whose rules the suite ships for prices and settings, only the
    fields that are money or a setting of the suite are logged (a material's
    name or a company's address are not the audit trail's business)."""

    _inherit = "auditlog.rule"

    @api.model
    def _factory_audited_fields(self, model):
        """Names of the fields logged on ``model``, or None for all."""
        if model._name == "product.product":
            return {"standard_price"}
        if model._name == "res.company":
            return {name for name in model._fields if name.startswith("factory_")}
        if model._name == "product.category":
            return {name for name in model._fields if name.startswith("factory_")} | {
                "property_cost_method",
                "property_valuation",
                "removal_strategy_id",
            }
        return None

    @api.model
    def get_auditlog_fields(self, model):
        names = super().get_auditlog_fields(model)
        audited = self._factory_audited_fields(model)
        if audited is None:
            return names
        return [name for name in names if name in audited]
