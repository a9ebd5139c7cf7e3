from collections import defaultdict

from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.factory_stock.models.factory_protected import (
    factory_protected_writer,
)

COST_GROUP = "factory_stock.group_factory_cost"
COST_FIELDS = (
    "factory_cost_material",
    "factory_cost_labour",
    "factory_cost_overhead",
    "factory_cost_outsourcing",
    "factory_cost_total",
    "factory_cost_valuation",
    "factory_cost_qty",
    "factory_unit_cost",
    "factory_cost_variance",
    "factory_cost_variance_pct",
)


def _money(string, **kwargs):
    return fields.Monetary(
        string,
        currency_field="factory_currency_id",
        readonly=True,
        copy=False,
        groups=COST_GROUP,
        **kwargs,
    )


class MrpProduction(models.Model):
    """Order cost (生产成本).

    The cost of a finished order is what Odoo's own valuation put into the
    finished product (mrp_account ``_cal_price``): the consumed components'
    valuation layers, the work orders' time cost (``_cal_cost``, rated by
    worker or work center, plus the work center's overhead, see
    ``mrp.workorder``) and the extra unit cost outsourcing sets. When the
    order is done the parts are stored from the actual valuation layers.

    Standard unit cost: the product's cost (``standard_price``) when the
    order is confirmed, i.e. the standard for products at standard cost and
    the current average / FIFO cost before this order for the others."""

    _inherit = "mrp.production"

    # see factory.protected.mixin: captured on confirmation and stored from
    # the valuation when the order is done, by the model only
    _factory_protected_fields = (
        "factory_standard_unit_cost",
        *COST_FIELDS,
    )

    factory_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Cost Currency"
    )
    factory_standard_unit_cost = fields.Float(
        "Standard Unit Cost",
        digits="Product Price",
        readonly=True,
        copy=False,
        groups=COST_GROUP,
        help="The product's cost when the order was confirmed.",
    )
    factory_cost_material = _money("Material Cost")
    factory_cost_labour = _money("Labour Cost")
    factory_cost_overhead = _money("Overhead")
    factory_cost_outsourcing = _money("Outsourcing Cost")
    factory_cost_total = _money("Total Cost")
    factory_cost_valuation = _money(
        "Finished Goods Value",
        help="Value of the finished product's valuation layers of this order.",
    )
    factory_cost_qty = fields.Float(
        "Costed Quantity",
        digits="Product Unit of Measure",
        readonly=True,
        copy=False,
        groups=COST_GROUP,
        help="Produced quantity in the product's unit.",
    )
    factory_unit_cost = fields.Float(
        "Unit Cost",
        digits="Product Price",
        readonly=True,
        copy=False,
        groups=COST_GROUP,
    )
    factory_cost_variance = _money(
        "Cost Variance", help="Total cost minus standard unit cost x quantity."
    )
    factory_cost_variance_pct = fields.Float(
        "Variance (%)", digits=(16, 2), readonly=True, copy=False, groups=COST_GROUP
    )
    factory_cost_todate_material = fields.Monetary(
        "Material So Far",
        currency_field="factory_currency_id",
        compute="_compute_factory_cost_todate",
        groups=COST_GROUP,
        help="Consumed components at their valuation, plus components issued to "
        "the order (net of returns) and not consumed yet at the current cost.",
    )
    factory_cost_todate_labour = fields.Monetary(
        "Labour So Far",
        currency_field="factory_currency_id",
        compute="_compute_factory_cost_todate",
        groups=COST_GROUP,
    )
    factory_cost_todate_overhead = fields.Monetary(
        "Overhead So Far",
        currency_field="factory_currency_id",
        compute="_compute_factory_cost_todate",
        groups=COST_GROUP,
    )
    factory_cost_todate_total = fields.Monetary(
        "Cost So Far",
        currency_field="factory_currency_id",
        compute="_compute_factory_cost_todate",
        groups=COST_GROUP,
    )

    def _compute_factory_cost_todate(self):
        orders = self.filtered("id")
        material = orders._factory_material_todate()
        time_costs = orders.workorder_ids._factory_time_costs()
        labour, overhead = defaultdict(float), defaultdict(float)
        for workorder in orders.workorder_ids:
            wo_labour, wo_overhead, __ = time_costs.get(workorder.id, (0.0, 0.0, 0))
            labour[workorder.production_id.id] += wo_labour
            overhead[workorder.production_id.id] += wo_overhead
        for order in self:
            if order.state == "done":
                # finished: the stored breakdown from the valuation
                values = (
                    order.factory_cost_material,
                    order.factory_cost_labour,
                    order.factory_cost_overhead,
                    order.factory_cost_outsourcing,
                )
            else:
                values = (
                    material.get(order.id, 0.0),
                    labour[order.id],
                    overhead[order.id],
                    0.0,
                )
            order.factory_cost_todate_material = values[0]
            order.factory_cost_todate_labour = values[1]
            order.factory_cost_todate_overhead = values[2]
            order.factory_cost_todate_total = sum(values)

    def _factory_material_todate(self):
        """{order id: material value so far} in one query: consumed moves at
        their valuation layers, plus issued - returned - consumed quantities
        at the product's current cost (company-dependent standard price)."""
        if not self.ids:
            return {}
        flows = self.env["factory.mrp.wip"]._factory_flows_sql(self.ids)
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                WITH flows AS (%(flows)s),
                consumed_value AS (
                    SELECT m.raw_material_production_id AS production_id,
                           m.product_id, -SUM(svl.value) AS value
                      FROM stock_valuation_layer svl
                      JOIN stock_move m ON m.id = svl.stock_move_id
                     WHERE m.raw_material_production_id = ANY(%(ids)s::int[])
                       AND m.state = 'done'
                  GROUP BY 1, 2
                )
                SELECT f.production_id,
                       SUM(COALESCE(cv.value, 0.0)
                           + GREATEST(f.issued - f.returned - f.consumed, 0.0)
                             * COALESCE((pp.standard_price ->> p.company_id::text)
                                        ::numeric, 0.0))
                  FROM flows f
                  JOIN mrp_production p ON p.id = f.production_id
                  JOIN product_product pp ON pp.id = f.product_id
             LEFT JOIN consumed_value cv ON cv.production_id = f.production_id
                                        AND cv.product_id = f.product_id
              GROUP BY f.production_id
                """,
                flows=flows,
                ids=self.ids,
            )
        )
        return {production_id: float(value or 0.0) for production_id, value in rows}

    def action_confirm(self):
        res = super().action_confirm()
        self._factory_capture_standard_cost()
        return res

    def _factory_capture_standard_cost(self):
        """Remember the product's cost the order will be compared with."""
        # sudo: a deliberate boundary, users without the cost right confirm
        # and close orders; they never read these fields.
        todo = self.sudo().filtered(lambda p: not p.factory_standard_unit_cost)
        for production in todo:
            cost = production.product_id.with_company(
                production.company_id
            ).standard_price
            if cost:
                production._factory_write({"factory_standard_unit_cost": cost})

    def _get_backorder_mo_vals(self):
        res = super()._get_backorder_mo_vals()
        res["factory_standard_unit_cost"] = self.sudo().factory_standard_unit_cost
        return res

    def _split_productions(
        self, amounts=False, cancel_remaining_qty=False, set_consumed_qty=False
    ):
        # the backorders are created with the order's standard unit cost
        # (_get_backorder_mo_vals): Odoo's split is the model's own writer
        with factory_protected_writer(self._name):
            return super()._split_productions(
                amounts=amounts,
                cancel_remaining_qty=cancel_remaining_qty,
                set_consumed_qty=set_consumed_qty,
            )

    def _post_inventory(self, cancel_backorder=False):
        self._factory_capture_standard_cost()
        res = super()._post_inventory(cancel_backorder=cancel_backorder)
        self._factory_store_cost()
        return res

    def _factory_store_cost(self):
        """Store the cost breakdown of these orders from their actual
        valuation layers and time records (one query each)."""
        orders = self.sudo()  # see _factory_capture_standard_cost
        if not orders:
            return
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.id,
                       COALESCE((
                           SELECT -SUM(svl.value)
                             FROM stock_valuation_layer svl
                             JOIN stock_move m ON m.id = svl.stock_move_id
                            WHERE m.raw_material_production_id = p.id
                              AND m.state = 'done'
                       ), 0.0),
                       COALESCE((
                           SELECT SUM(svl.value)
                             FROM stock_valuation_layer svl
                             JOIN stock_move m ON m.id = svl.stock_move_id
                            WHERE m.production_id = p.id
                              AND m.product_id = p.product_id
                              AND m.state = 'done'
                       ), 0.0),
                       COALESCE((
                           SELECT SUM(ml.quantity_product_uom)
                             FROM stock_move_line ml
                             JOIN stock_move m ON m.id = ml.move_id
                            WHERE m.production_id = p.id
                              AND m.product_id = p.product_id
                              AND m.state = 'done'
                       ), 0.0)
                  FROM mrp_production p
                 WHERE p.id = ANY(%s::int[])
                """,
                orders.ids,
            )
        )
        figures = {row[0]: row[1:] for row in rows}
        time_costs = orders.workorder_ids._factory_time_costs()
        labour, overhead = defaultdict(float), defaultdict(float)
        for workorder in orders.workorder_ids:
            wo_labour, wo_overhead, __ = time_costs.get(workorder.id, (0.0, 0.0, 0))
            labour[workorder.production_id.id] += wo_labour
            overhead[workorder.production_id.id] += wo_overhead
        for order in orders:
            material, valuation, qty = (float(v) for v in figures[order.id])
            if not qty:
                continue
            currency = order.company_id.currency_id
            outsourcing = order.extra_cost * qty
            total = material + labour[order.id] + overhead[order.id] + outsourcing
            standard = order.factory_standard_unit_cost * qty
            variance = total - standard
            order._factory_write(
                {
                    "factory_cost_material": currency.round(material),
                    "factory_cost_labour": currency.round(labour[order.id]),
                    "factory_cost_overhead": currency.round(overhead[order.id]),
                    "factory_cost_outsourcing": currency.round(outsourcing),
                    "factory_cost_total": currency.round(total),
                    "factory_cost_valuation": currency.round(valuation),
                    "factory_cost_qty": qty,
                    "factory_unit_cost": total / qty,
                    "factory_cost_variance": currency.round(variance),
                    "factory_cost_variance_pct": (
                        variance / standard * 100.0 if standard else 0.0
                    ),
                }
            )
