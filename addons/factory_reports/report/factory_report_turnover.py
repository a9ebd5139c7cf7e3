from odoo import fields, models
from odoo.tools import SQL

from .factory_report_mixin import COST_GROUP, STOCK_DEPENDS


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
            -- the value of each done move: its layers (one pass over the
            -- moves, merged in move order with the layers summed per move),
            -- summed per category, pair of locations, month and scrap flag
            -- before any other join (the locations and warehouses are joined
            -- to those sums, not to every move); a move without a layer keeps
            -- its material (valued below at the material's average cost)
            WITH moves AS (
                SELECT pt.categ_id, m.location_id, m.location_dest_id,
                       DATE_TRUNC('month', m.date)::date AS month,
                       m.scrap_id IS NOT NULL AS scrapped,
                       CASE WHEN mv.value IS NULL THEN m.product_id END
                           AS product_id,
                       SUM(m.product_qty) AS qty,
                       SUM(ABS(mv.value)) AS layer_value,
                       SUM(m.product_qty) FILTER (WHERE mv.value IS NULL)
                           AS bare_qty
                  FROM stock_move m
                  JOIN product_product pp ON pp.id = m.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
             LEFT JOIN (
                    SELECT svl.stock_move_id, SUM(svl.value) AS value
                      FROM stock_valuation_layer svl
                     WHERE svl.stock_move_id IS NOT NULL
                     GROUP BY svl.stock_move_id
                  ) mv ON mv.stock_move_id = m.id
                 WHERE m.state = 'done' AND pt.is_storable
                 GROUP BY pt.categ_id, m.location_id, m.location_dest_id,
                          DATE_TRUNC('month', m.date)::date,
                          m.scrap_id IS NOT NULL,
                          CASE WHEN mv.value IS NULL THEN m.product_id END
            ),
            sides AS (
                -- each sum once per warehouse it enters (1) or leaves (-1),
                -- with the location on the other side
                SELECT mo.*, side.warehouse_id, side.direction,
                       side.other_usage, side.other_warehouse_id,
                       side.other_scrap
                  FROM moves mo
                  JOIN stock_location ls ON ls.id = mo.location_id
                  JOIN stock_location ld ON ld.id = mo.location_dest_id
                 CROSS JOIN LATERAL (
                       VALUES (CASE WHEN ld.usage = 'internal'
                                     AND ld.warehouse_id IS NOT NULL
                                     AND (ls.usage <> 'internal'
                                          OR ls.warehouse_id
                                             IS DISTINCT FROM ld.warehouse_id)
                                    THEN ld.warehouse_id END,
                               1, ls.usage, ls.warehouse_id,
                               COALESCE(ls.scrap_location, FALSE)),
                              (CASE WHEN ls.usage = 'internal'
                                     AND ls.warehouse_id IS NOT NULL
                                     AND (ld.usage <> 'internal'
                                          OR ld.warehouse_id
                                             IS DISTINCT FROM ls.warehouse_id)
                                    THEN ls.warehouse_id END,
                               -1, ld.usage, ld.warehouse_id,
                               COALESCE(ld.scrap_location, FALSE))
                 ) AS side(warehouse_id, direction, other_usage,
                           other_warehouse_id, other_scrap)
                 WHERE side.warehouse_id IS NOT NULL
            ),
            flows AS (
                SELECT f.month, f.warehouse_id, f.categ_id, w.company_id,
                       f.direction, f.qty,
                       CASE WHEN f.direction = -1 AND NOT f.scrapped
                                 AND NOT f.other_scrap
                                 AND f.other_usage = 'production' THEN 'production'
                            WHEN f.direction = -1 AND f.other_usage = 'customer'
                                 THEN 'customer'
                            WHEN f.direction = -1 AND f.other_usage = 'internal'
                                 AND f.other_warehouse_id IS NULL THEN 'subcontract'
                            WHEN f.direction = -1 AND (f.scrapped OR f.other_scrap)
                                 THEN 'scrap'
                       END AS kind,
                       -- moves without a layer at the current average unit
                       -- cost (read only for those)
                       COALESCE(f.layer_value, 0.0)
                       + CASE WHEN f.bare_qty IS NULL THEN 0.0
                              ELSE f.bare_qty * COALESCE((
                                SELECT SUM(svl.value)
                                       / NULLIF(SUM(svl.quantity), 0.0)
                                  FROM stock_valuation_layer svl
                                 WHERE svl.product_id = f.product_id
                                   AND svl.company_id = w.company_id), 0.0)
                         END AS value
                  FROM sides f
                  JOIN stock_warehouse w ON w.id = f.warehouse_id
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
