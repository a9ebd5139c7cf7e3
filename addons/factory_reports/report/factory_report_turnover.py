from odoo import fields, models
from odoo.tools import SQL

from .factory_report_mixin import (
    COST_GROUP,
    STOCK_DEPENDS,
    unit_cost_sql,
    warehouse_flows_sql,
)


def _money(string, **kwargs):
    return fields.Monetary(string, readonly=True, groups=COST_GROUP, **kwargs)


class FactoryReportTurnover(models.Model):
    """Inventory turnover (库存周转率) per month, warehouse and material
    category.

    Definitions:

    * *Cost of goods issued* (COGS): the value of the done moves that left
      the warehouse for production, customers, a subcontractor (an internal
      location outside every warehouse) or scrap, at their valuation layers
      (a move without a layer, e.g. to a subcontractor, at the material's
      current average unit cost). Returns to suppliers, inventory
      adjustments and transfers to other warehouses are not consumption.
    * *Stock value* of the warehouse and category: the running sum of the
      value of every move in and out of the warehouse (valuation layers,
      else quantity × current average unit cost); *closing value* at the end
      of the month, *opening value* the closing value of the month before.
    * *Average stock value* = (opening value + closing value) / 2.
    * *Turnover* = COGS / average stock value (per month; grouped rows give
      Σ COGS / Σ average values).
    * *Days of inventory* = average stock value × days of the month / COGS.
    """

    _name = "factory.report.turnover"
    _description = "Inventory Turnover"
    _inherit = ["factory.report.mixin"]
    _auto = False
    _order = "month desc, warehouse_id, categ_id"
    _depends = STOCK_DEPENDS
    _factory_ratios = {
        "turnover": ("cogs", "avg_value", 1.0),
        "days_of_inventory": ("avg_value_days", "cogs", 1.0),
    }

    month = fields.Date("Month", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", "Warehouse", readonly=True)
    categ_id = fields.Many2one("product.category", "Category", readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    days = fields.Integer("Days", readonly=True, aggregator="max")
    qty_issued = fields.Float(
        "Quantity Issued",
        digits="Product Unit of Measure",
        readonly=True,
        help="Quantity consumed (production, customers, subcontractors, scrap), "
        "in each material's unit: only meaningful within one unit.",
    )
    currency_id = fields.Many2one("res.currency", readonly=True, groups=COST_GROUP)
    cogs_production = _money("Issued to Production")
    cogs_customer = _money("Delivered to Customers")
    cogs_subcontract = _money("Sent to Subcontractors")
    cogs_scrap = _money("Scrapped")
    cogs = _money("Cost of Goods Issued")
    opening_value = _money("Opening Value", aggregator="sum")
    closing_value = _money("Closing Value")
    avg_value = _money("Average Stock Value")
    avg_value_days = _money("Average Value x Days")
    turnover = fields.Float("Turnover", digits=(16, 2), readonly=True, aggregator="avg")
    days_of_inventory = fields.Float(
        "Days of Inventory", digits=(16, 1), readonly=True, aggregator="avg"
    )

    @property
    def _table_query(self):
        return SQL(
            """
            WITH unit_cost AS (%(unit_cost)s),
            move_value AS (
                SELECT svl.stock_move_id AS move_id, SUM(svl.value) AS value
                  FROM stock_valuation_layer svl
                 WHERE svl.stock_move_id IS NOT NULL
                 GROUP BY svl.stock_move_id
            ),
            flows AS (
                SELECT DATE_TRUNC('month', f.date)::date AS month,
                       f.warehouse_id, pt.categ_id, w.company_id, f.direction,
                       f.qty,
                       CASE WHEN f.direction = -1 AND f.scrap_id IS NULL
                                 AND NOT f.other_scrap
                                 AND f.other_usage = 'production' THEN 'production'
                            WHEN f.direction = -1 AND f.other_usage = 'customer'
                                 THEN 'customer'
                            WHEN f.direction = -1 AND f.other_usage = 'internal'
                                 AND f.other_warehouse_id IS NULL THEN 'subcontract'
                            WHEN f.direction = -1 AND (f.scrap_id IS NOT NULL
                                                       OR f.other_scrap)
                                 THEN 'scrap'
                       END AS kind,
                       COALESCE(ABS(mv.value),
                                f.qty * COALESCE(uc.unit_cost, 0.0)) AS value
                  FROM (%(flows)s) f
                  JOIN stock_warehouse w ON w.id = f.warehouse_id
                  JOIN product_product pp ON pp.id = f.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
             LEFT JOIN move_value mv ON mv.move_id = f.move_id
             LEFT JOIN unit_cost uc ON uc.product_id = f.product_id
                                   AND uc.company_id = w.company_id
                 WHERE pt.is_storable
            ),
            monthly AS (
                SELECT month, warehouse_id, categ_id, company_id,
                       SUM(qty) FILTER (WHERE kind IS NOT NULL) AS qty_issued,
                       SUM(value) FILTER (WHERE kind = 'production') AS production,
                       SUM(value) FILTER (WHERE kind = 'customer') AS customer,
                       SUM(value) FILTER (WHERE kind = 'subcontract') AS subcontract,
                       SUM(value) FILTER (WHERE kind = 'scrap') AS scrap,
                       SUM(direction * value) AS net_value
                  FROM flows
                 GROUP BY month, warehouse_id, categ_id, company_id
            ),
            groups AS (
                SELECT warehouse_id, categ_id, company_id, MIN(month) AS first_month
                  FROM monthly
                 GROUP BY warehouse_id, categ_id, company_id
            ),
            dense AS (
                SELECT g.warehouse_id, g.categ_id, g.company_id, s.month::date,
                       COALESCE(m.qty_issued, 0.0) AS qty_issued,
                       COALESCE(m.production, 0.0) AS production,
                       COALESCE(m.customer, 0.0) AS customer,
                       COALESCE(m.subcontract, 0.0) AS subcontract,
                       COALESCE(m.scrap, 0.0) AS scrap,
                       COALESCE(m.net_value, 0.0) AS net_value
                  FROM groups g
                 CROSS JOIN LATERAL GENERATE_SERIES(
                       g.first_month::timestamp,
                       DATE_TRUNC('month', CURRENT_DATE::timestamp),
                       INTERVAL '1 month') AS s(month)
             LEFT JOIN monthly m ON m.warehouse_id = g.warehouse_id
                                AND m.categ_id = g.categ_id
                                AND m.company_id = g.company_id
                                AND m.month = s.month::date
            ),
            running AS (
                SELECT d.*,
                       production + customer + subcontract + scrap AS cogs,
                       SUM(net_value) OVER (
                           PARTITION BY warehouse_id, categ_id, company_id
                           ORDER BY month) AS closing_value,
                       EXTRACT(DAY FROM (month + INTERVAL '1 month'
                                         - INTERVAL '1 day'))::int AS days
                  FROM dense d
            )
            -- a stable id per (month, warehouse, category), below 2^53 for
            -- the web client: months since 1900 x 2^40 + warehouse x 2^20 + category
            SELECT (((EXTRACT(YEAR FROM r.month)::bigint - 1900) * 12
                     + EXTRACT(MONTH FROM r.month)::bigint) * 1048576
                    + r.warehouse_id) * 1048576 + r.categ_id AS id,
                   r.month, r.warehouse_id, r.categ_id, r.company_id,
                   c.currency_id, r.days, r.qty_issued,
                   r.production AS cogs_production, r.customer AS cogs_customer,
                   r.subcontract AS cogs_subcontract, r.scrap AS cogs_scrap,
                   r.cogs,
                   r.closing_value - r.net_value AS opening_value,
                   r.closing_value,
                   (2 * r.closing_value - r.net_value) / 2.0 AS avg_value,
                   (2 * r.closing_value - r.net_value) / 2.0 * r.days
                       AS avg_value_days,
                   r.cogs / NULLIF((2 * r.closing_value - r.net_value) / 2.0, 0.0)
                       AS turnover,
                   (2 * r.closing_value - r.net_value) / 2.0 * r.days
                       / NULLIF(r.cogs, 0.0) AS days_of_inventory
              FROM running r
              JOIN res_company c ON c.id = r.company_id
            """,
            unit_cost=unit_cost_sql(),
            flows=warehouse_flows_sql(),
        )

    def action_open_moves(self):
        """The done moves of this category into and out of this warehouse in
        this month."""
        self.ensure_one()
        view_location = self.warehouse_id.view_location_id.id
        start = fields.Datetime.to_datetime(self.month)
        end = fields.Datetime.to_datetime(fields.Date.add(self.month, months=1))
        return self._factory_moves_action(
            self.env._(
                "Moves of %(category)s, %(warehouse)s, %(month)s",
                category=self.categ_id.display_name,
                warehouse=self.warehouse_id.name,
                month=self.month.strftime("%Y-%m"),
            ),
            [
                ("product_id.categ_id", "=", self.categ_id.id),
                ("state", "=", "done"),
                ("date", ">=", start),
                ("date", "<", end),
                "|",
                ("location_id", "child_of", view_location),
                ("location_dest_id", "child_of", view_location),
            ],
        )
