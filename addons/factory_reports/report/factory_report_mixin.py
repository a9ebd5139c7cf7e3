"""Shared parts of the factory reports (read-only SQL views).

Every report reads Odoo's own tables (stock moves, quants, valuation layers,
purchase lines, inspections) when it is queried: no figure is copied.

Conventions used by all reports:

* A warehouse holds the internal locations whose ``warehouse_id`` is that
  warehouse (its stock, bins, quarantine and rejected-goods areas). A move
  *enters* a warehouse when its destination is one of them and its source is
  not; it *leaves* it the other way round. Moves inside a warehouse (bin to
  bin, quarantine to stock) change nothing in these reports.
* The value of stock is Odoo's own valuation: on-hand quantity × the
  product's average unit cost of its valuation layers in the company
  (Σ value / Σ quantity of ``stock.valuation.layer``), as Odoo values a quant.
"""

from odoo import api, models
from odoo.tools import SQL

COST_GROUP = "factory_stock.group_factory_cost"

# what the stock reports read: flushed before each query (see _depends)
STOCK_DEPENDS = {
    "stock.quant": ["product_id", "location_id", "quantity", "in_date"],
    "stock.move": [
        "product_id",
        "company_id",
        "date",
        "state",
        "product_qty",
        "location_id",
        "location_dest_id",
        "is_inventory",
        "scrap_id",
    ],
    "stock.location": ["usage", "warehouse_id", "scrap_location", "complete_name"],
    "stock.valuation.layer": ["product_id", "company_id", "quantity", "value"],
    "product.template": ["categ_id", "uom_id", "is_storable"],
}


def unit_cost_sql():
    """Average unit cost per (product, company) of the valuation layers."""
    return SQL(
        """
        SELECT svl.product_id, svl.company_id,
               SUM(svl.value) / NULLIF(SUM(svl.quantity), 0.0) AS unit_cost
          FROM stock_valuation_layer svl
         GROUP BY svl.product_id, svl.company_id
        """
    )


def on_hand_sql():
    """On-hand quantity per (product, warehouse) with the locations holding it."""
    return SQL(
        """
        SELECT q.product_id, l.warehouse_id, SUM(q.quantity) AS qty,
               MIN(q.in_date) AS first_in_date,
               STRING_AGG(DISTINCT l.complete_name, ', '
                          ORDER BY l.complete_name) AS locations
          FROM stock_quant q
          JOIN stock_location l ON l.id = q.location_id
         WHERE l.usage = 'internal' AND l.warehouse_id IS NOT NULL
         GROUP BY q.product_id, l.warehouse_id
        HAVING SUM(q.quantity) > 0
        """
    )


def warehouse_flows_sql():
    """Done moves entering (direction 1) or leaving (-1) a warehouse, one row
    per move and warehouse, with the usage of the location on the other side."""
    return SQL(
        """
        SELECT m.id AS move_id, m.product_id, m.company_id, m.date,
               m.product_qty AS qty, ld.warehouse_id, 1 AS direction,
               ls.usage AS other_usage, ls.warehouse_id AS other_warehouse_id,
               COALESCE(ls.scrap_location, FALSE) AS other_scrap,
               COALESCE(m.is_inventory, FALSE) AS is_inventory, m.scrap_id
          FROM stock_move m
          JOIN stock_location ld ON ld.id = m.location_dest_id
          JOIN stock_location ls ON ls.id = m.location_id
         WHERE m.state = 'done' AND ld.usage = 'internal'
           AND ld.warehouse_id IS NOT NULL
           AND (ls.usage <> 'internal'
                OR ls.warehouse_id IS DISTINCT FROM ld.warehouse_id)
        UNION ALL
        SELECT m.id, m.product_id, m.company_id, m.date,
               m.product_qty, ls.warehouse_id, -1,
               ld.usage, ld.warehouse_id, COALESCE(ld.scrap_location, FALSE),
               COALESCE(m.is_inventory, FALSE),
               m.scrap_id
          FROM stock_move m
          JOIN stock_location ls ON ls.id = m.location_id
          JOIN stock_location ld ON ld.id = m.location_dest_id
         WHERE m.state = 'done' AND ls.usage = 'internal'
           AND ls.warehouse_id IS NOT NULL
           AND (ld.usage <> 'internal'
                OR ld.warehouse_id IS DISTINCT FROM ls.warehouse_id)
        """
    )


class FactoryReportMixin(models.AbstractModel):
    """Ratios of a group are ratios of its sums, never averages of rows:
    ``_factory_ratios = {field: (numerator, denominator, factor)}``; the
    ratio fields use ``aggregator="avg"`` so that read_group asks for them."""

    _name = "factory.report.mixin"
    _description = "Factory Report"

    _factory_ratios = {}

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        fname, __, func = aggregate_spec.partition(":")
        ratio = self._factory_ratios.get(fname)
        if ratio and func == "avg":
            numerator, denominator, factor = ratio
            # the columns of the view directly: a ratio is readable by whoever
            # reads the ratio field, its money terms need not be (Clerks read
            # the turnover, not the values it divides)
            return SQL(
                "SUM(%s) * %s / NULLIF(SUM(%s), 0.0)",
                SQL.identifier(self._table, numerator),
                factor,
                SQL.identifier(self._table, denominator),
            )
        return super()._read_group_select(aggregate_spec, query)

    def _factory_moves_action(self, name, domain):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "stock.move",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": domain,
            "context": {"create": False},
        }
