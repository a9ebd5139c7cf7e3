from odoo import api, models
from odoo.exceptions import UserError


class FactoryProductionReport(models.Model):
    _inherit = "factory.production.report"

    @api.model
    def _factory_check_workorder(self, workorder):
        super()._factory_check_workorder(workorder)
        partner = workorder.sudo().factory_subcontractor_id
        if partner:
            raise UserError(
                self.env._(
                    "%(operation)s of %(order)s is done by %(partner)s: it is booked "
                    "by what comes back from the subcontractor, not reported.",
                    operation=workorder.name,
                    order=workorder.production_id.name,
                    partner=partner.display_name,
                )
            )

    @api.model
    def _factory_check_outsourcing_open(self, workorder):
        """The checks of a report (order open and released, operation open)
        for the release of an outsourced operation."""
        super()._factory_check_workorder(workorder)
