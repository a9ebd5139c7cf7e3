from odoo import models


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    def _factory_issue_limits(self):
        """Loss control (损耗): a subcontracting order may be sent and may
        consume its components' demand plus the subcontractor's allowed loss
        rate (or the category's issue tolerance, if higher). More needs a
        Workshop Supervisor's over-issue approval on the order (factory_mrp),
        whether it comes with the resupply or is reported on receipt."""
        limits = super()._factory_issue_limits()
        for (production_id, product_id), (demand, limit) in limits.items():
            if limit is None:
                continue
            production = self.browse(production_id)
            subcontractor = production.subcontractor_id.commercial_partner_id
            if not subcontractor:
                continue
            rate = subcontractor.with_company(production.company_id).factory_loss_rate
            limits[production_id, product_id] = (
                demand,
                max(limit, demand * (1 + rate / 100.0)),
            )
        return limits

    def _factory_set_operation_extra_cost(self):
        """The fees of the outsourced operations are an extra unit cost of
        the order (mrp_account's ``extra_cost``): Odoo's valuation puts
        ``extra_cost`` x produced quantity into the finished product, and
        factory_mrp's cost breakdown shows the same figure as its outsourcing
        column. One unit of the order passes each outsourced operation once,
        so the extra unit cost is the sum of their fees per unit."""
        for production in self:
            operations = (
                production.env["factory.outsourcing.operation"]
                .sudo()
                .search(
                    [("production_id", "=", production.id), ("state", "!=", "cancel")]
                )
            )
            fees = {}
            for operation in operations:
                fees[operation.workorder_id.id] = operation.fee
            production.extra_cost = sum(fees.values())
