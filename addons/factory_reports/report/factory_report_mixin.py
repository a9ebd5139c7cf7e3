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
    "stock.valuation.layer": [
        "product_id",
        "company_id",
        "quantity",
        "value",
        "stock_move_id",
    ],
    "product.template": ["categ_id", "uom_id", "is_storable"],
}


def unit_cost_lateral_sql(product, company):
    """The average unit cost (Σ value / Σ quantity of the valuation layers)
    of one (product, company) of the outer query: a LEFT JOIN LATERAL read
    through the index of init() (an index-only scan of the material's
    layers), cheaper than summing every layer when a report needs
    the cost of the materials on hand only. No layer: unit_cost NULL."""
    return SQL(
        """
        LEFT JOIN LATERAL (
            SELECT SUM(svl.value) / NULLIF(SUM(svl.quantity), 0.0) AS unit_cost
              FROM stock_valuation_layer svl
             WHERE svl.product_id = %s AND svl.company_id = %s
        ) uc ON TRUE
        """,
        product,
        company,
    )


def on_hand_sql(locations=True):
    """On-hand quantity per (product, warehouse), with the locations holding
    it when ``locations`` (a string aggregate only the reports showing it
    pay for)."""
    return SQL(
        """
        SELECT q.product_id, l.warehouse_id, SUM(q.quantity) AS qty,
               MIN(q.in_date) AS first_in_date%s
          FROM stock_quant q
          JOIN stock_location l ON l.id = q.location_id
         WHERE l.usage = 'internal' AND l.warehouse_id IS NOT NULL
         GROUP BY q.product_id, l.warehouse_id
        HAVING SUM(q.quantity) > 0
        """,
        SQL(
            """,
               STRING_AGG(DISTINCT l.complete_name, ', '
                          ORDER BY l.complete_name) AS locations"""
        )
        if locations
        else SQL(),
    )


def incoming_moves_sql():
    """Done moves entering a warehouse from outside it, one row per move."""
    return SQL(
        """
        SELECT m.id AS move_id, m.product_id, m.date, m.product_qty AS qty,
               ld.warehouse_id
          FROM stock_move m
          JOIN stock_location ld ON ld.id = m.location_dest_id
          JOIN stock_location ls ON ls.id = m.location_id
         WHERE m.state = 'done' AND ld.usage = 'internal'
           AND ld.warehouse_id IS NOT NULL
           AND (ls.usage <> 'internal'
                OR ls.warehouse_id IS DISTINCT FROM ld.warehouse_id)
        """
    )


def warehouse_dates_sql():
    """Per (product, warehouse): the last done move into it from outside and
    the last one out of it, both without inventory adjustments
    (``last_receipt``, ``last_issue``), and the first one in, adjustments
    included (``first_in``).

    The moves are first summed per (product, source, destination) in one
    pass over stock_move (a few tens of thousands of pairs for hundreds of
    thousands of moves); only those pairs are joined to their locations and
    split into the warehouse entered and the warehouse left."""
    return SQL(
        """
        WITH pairs AS (
            SELECT m.product_id, m.location_id, m.location_dest_id,
                   MAX(m.date) FILTER (WHERE NOT COALESCE(m.is_inventory, FALSE))
                       AS last_date,
                   MIN(m.date) AS first_date
              FROM stock_move m
             WHERE m.state = 'done'
             GROUP BY m.product_id, m.location_id, m.location_dest_id
        )
        SELECT p.product_id, side.warehouse_id,
               MAX(p.last_date) FILTER (WHERE side.direction = 1) AS last_receipt,
               MAX(p.last_date) FILTER (WHERE side.direction = -1) AS last_issue,
               MIN(p.first_date) FILTER (WHERE side.direction = 1) AS first_in
          FROM pairs p
          JOIN stock_location ls ON ls.id = p.location_id
          JOIN stock_location ld ON ld.id = p.location_dest_id
         CROSS JOIN LATERAL (
               VALUES (CASE WHEN ld.usage = 'internal'
                             AND ld.warehouse_id IS NOT NULL
                             AND (ls.usage <> 'internal'
                                  OR ls.warehouse_id IS DISTINCT FROM ld.warehouse_id)
                            THEN ld.warehouse_id END, 1),
                      (CASE WHEN ls.usage = 'internal'
                             AND ls.warehouse_id IS NOT NULL
                             AND (ld.usage <> 'internal'
                                  OR ld.warehouse_id IS DISTINCT FROM ls.warehouse_id)
                            THEN ls.warehouse_id END, -1)
         ) AS side(warehouse_id, direction)
         WHERE side.warehouse_id IS NOT NULL
         GROUP BY p.product_id, side.warehouse_id
        """
    )


class FactoryReportMixin(models.AbstractModel):
    """Ratios of a group are ratios of its sums, never averages of rows:
    ``_factory_ratios = {field: (numerator, denominator, factor)}``; the
    ratio fields use ``aggregator="avg"`` so that read_group asks for them."""

    _name = "factory.report.mixin"
    _description = "Factory Report"

    _factory_ratios = {}
    # list views: the page and its count from one evaluation of the report
    # (see web_search_read); False for a report whose rows stream (no
    # grouping: a LIMIT stops its query early): the page with its fields,
    # then the count bounded by the web client's count limit, as Odoo counts
    _factory_count_in_page = True

    def init(self):
        super().init()
        # the average unit cost of a material (unit_cost_lateral_sql): its
        # layers' quantities and values read from the index alone, without
        # visiting the 460,000 rows of the valuation-layer table of the
        # bench data (Odoo's own index on the layers leads with the product
        # but holds neither the value nor the quantity)
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS factory_reports_svl_cost_idx"
                " ON stock_valuation_layer (product_id, company_id)"
                " INCLUDE (quantity, value)"
            )
        )
        # the value of each move (the turnover report sums the layers per
        # move): read in move order from the index alone, merged with the
        # moves, instead of a heap visit per layer
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS factory_reports_svl_move_value_idx"
                " ON stock_valuation_layer (stock_move_id) INCLUDE (value)"
                " WHERE stock_move_id IS NOT NULL"
            )
        )
        # what the turnover report reads of every done move (material,
        # locations, date, quantity, scrap flag) in move order, to merge
        # with the layers above: from this index alone, not from the move
        # table (about a quarter of its size: 28 MB for 500,000 moves;
        # turnover graph 1.44-1.59 s -> 1.24-1.27 s at load 5)
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS factory_reports_move_done_idx"
                " ON stock_move (id) INCLUDE (product_id, location_id,"
                " location_dest_id, date, product_qty, scrap_id)"
                " WHERE state = 'done'"
            )
        )

    @property
    def _table_sql(self):
        # Every query over a report (search_fetch, search_count, _read_group,
        # the export's server-side cursor, the dashboard, a record's
        # fields) builds its FROM clause from this property, just before the
        # query runs in the same transaction: the one place to switch off
        # PostgreSQL's JIT for it. The report queries are large and their
        # cost estimates high, so the server JIT-compiles each one, which
        # takes 1-3 s on a factory's history, longer than running it
        # (measured on the 500,000-move bench data). SET LOCAL lasts until
        # the end of the transaction only (an RPC, a cron job): no database
        # or server setting changes.
        self.env.cr.execute(SQL("SET LOCAL jit = off"))
        return super()._table_sql

    @api.model
    @api.readonly
    def web_search_read(
        self, domain, specification, offset=0, limit=None, order=None, count_limit=None
    ):
        """The list view of a report: its page and the number of matching
        rows from ONE evaluation of the report (``COUNT(*) OVER ()`` beside
        the page's columns), where Odoo's web_search_read runs the report's
        query twice when the page is full (the page, then search_count).
        The same answer: the page's records (fields fetched as search_fetch
        fetches them, with the same access checks) and the count, bounded
        by ``count_limit`` as search_count(limit=count_limit) bounds it."""
        if not limit:
            return super().web_search_read(
                domain, specification, offset, limit, order, count_limit
            )
        query = self._search(
            domain, offset=offset, limit=limit, order=order or self._order
        )
        if query.is_empty():
            return {"length": 0, "records": []}
        # with the fields of the record rules (company, warehouse): web_read
        # checks the rules on the fetched records in Python, and a missing
        # field would be fetched by a third evaluation of the report
        names = list(specification) + [
            fname
            for fname in ("company_id", "warehouse_id")
            if fname in self._fields and fname not in specification
        ]
        fields = [
            field
            for field in self._determine_fields_to_fetch(names)
            if field.column_type  # the others are read by web_read
        ]
        rows = self.env.execute_query(
            query.select(
                SQL.identifier(self._table, "id"),
                *(self._field_to_sql(self._table, f.name, query) for f in fields),
                *([SQL("COUNT(*) OVER ()")] if self._factory_count_in_page else []),
            )
        )
        if not rows:
            return {"length": 0, "records": []}
        records = self.browse([row[0] for row in rows])
        for index, field in enumerate(fields, start=1):
            self.env.cache.insert_missing(records, field, [row[index] for row in rows])
        if not self._factory_count_in_page:
            length = offset + len(rows)
            if len(rows) == limit:
                length = self.search_count(domain, limit=count_limit)
            return {"length": length, "records": records.web_read(specification)}
        length = rows[0][-1]
        if count_limit and self.env.context.get("force_search_count"):
            length = min(length, count_limit)
        elif count_limit:
            length = min(length, max(count_limit, offset + len(rows)))
        return {"length": length, "records": records.web_read(specification)}

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
