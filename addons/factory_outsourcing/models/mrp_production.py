from collections import defaultdict

from odoo import fields, models
from odoo.tools import float_round


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    def _factory_issue_limits(self):
        """Loss control (损耗): a subcontracting order (or the components of
        an outsourced operation) may be sent and may consume its components'
        demand plus the subcontractor's allowed loss rate (or the category's
        issue tolerance, if higher). More needs a Workshop Supervisor's
        over-issue approval on the order (factory_mrp),
        whether it comes with the resupply or is reported on receipt."""
        limits = super()._factory_issue_limits()
        for (production_id, product_id), (demand, limit) in limits.items():
            if limit is None:
                continue
            production = self.browse(production_id)
            subcontractor = production.subcontractor_id.commercial_partner_id
            if not subcontractor:
                # an outsourced operation: its components consume at the
                # subcontractor's own location
                subcontractor = production.move_raw_ids.filtered(
                    lambda m, product_id=product_id: m.product_id.id == product_id
                ).location_id.factory_subcontractor_id[:1]
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
            for operation in operations.filtered(lambda o: not o.rework_of_id):
                fees[operation.workorder_id.id] = operation.fee
            production.extra_cost = sum(fees.values())

    def _factory_component_unit_cost(self):
        """The order's components per unit of product at their current cost:
        what a scrapped unit charged to a subcontractor costs."""
        self.ensure_one()
        production = self.sudo()
        total = sum(
            move.product_qty
            * move.product_id.with_company(production.company_id).standard_price
            for move in production.move_raw_ids
            if move.state != "cancel"
        )
        return total / production.product_qty if production.product_qty else 0.0

    def _post_inventory(self, cancel_backorder=False):
        consumption = self._factory_subcontractor_consumption()
        res = super()._post_inventory(cancel_backorder=cancel_backorder)
        self._factory_charge_excess_loss(consumption)
        return res

    def _factory_subcontractor_consumption(self):
        """{(production, partner, product): [demand, consumed]} of the
        component moves about to be consumed at a subcontractor's own
        location (a subcontracting order, or an outsourced operation), in the
        product's unit."""
        result = defaultdict(lambda: [0.0, 0.0])
        for production in self.sudo():
            for move in production.move_raw_ids:
                if move.state in ("done", "cancel") or not move.picked:
                    continue
                partner = move.location_id.factory_subcontractor_id
                if not partner:
                    continue
                key = (production, partner, move.product_id)
                result[key][0] += move.product_qty
                result[key][1] += move.product_uom._compute_quantity(
                    move.quantity, move.product_id.uom_id
                )
        return result

    def _factory_charge_excess_loss(self, consumption):
        """Excess loss (超耗): consumption above the demand plus the
        subcontractor's allowed loss rate, approved by a Workshop Supervisor,
        is charged to the subcontractor at the component's cost when the
        company charges it."""
        vals_list = []
        for (production, partner, product), (demand, consumed) in consumption.items():
            company = production.company_id
            if (
                not company.factory_charge_excess_loss
                or not production.factory_over_issue_approved_by_id
            ):
                continue
            rate = partner.with_company(company).factory_loss_rate
            rounding = product.uom_id.rounding
            allowed = float_round(
                demand * (1 + rate / 100.0), precision_rounding=rounding
            )
            excess = float_round(consumed - allowed, precision_rounding=rounding)
            if excess <= 0:
                continue
            vals_list.append(
                {
                    "company_id": company.id,
                    "partner_id": partner.id,
                    "kind": "loss",
                    "date": fields.Datetime.now(),
                    "name": self.env._(
                        "%(order)s: %(qty)s %(uom)s of %(product)s used above the "
                        "allowed loss rate (%(rate)s %%)",
                        order=production.name,
                        qty=excess,
                        uom=product.uom_id.name,
                        product=product.display_name,
                        rate=rate,
                    ),
                    "product_id": product.id,
                    "quantity": excess,
                    "unit_cost": product.with_company(company).standard_price,
                    "production_id": production.id,
                }
            )
        if vals_list:
            self.env["factory.outsourcing.charge"]._factory_charge(vals_list)
