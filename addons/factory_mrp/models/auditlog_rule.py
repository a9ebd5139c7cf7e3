from odoo import api, models


class AuditlogRule(models.Model):
    _inherit = "auditlog.rule"

    @api.model
    def _factory_audited_fields(self, model):
        """Work centers: their rates and tolerance; employees: their hourly
        cost only (the rest of an employee is HR data, not for this log)."""
        if model._name == "mrp.workcenter":
            return {
                "costs_hour",
                "factory_overhead_hour",
                "factory_report_tolerance",
            }
        if model._name == "hr.employee":
            return {"hourly_cost"}
        return super()._factory_audited_fields(model)
