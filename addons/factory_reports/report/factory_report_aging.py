from odoo import api, fields, models
from odoo.tools import SQL

from ..models.res_company import AGING_BUCKET_FIELDS
from .factory_report_mixin import (
    COST_GROUP,
    STOCK_DEPENDS,
    incoming_moves_sql,
    on_hand_sql,
    unit_cost_lateral_sql,
)

# the five buckets: suffix of the qty_/value_ columns; the limits are the
# company's (res.company.factory_aging_bucket_1..4, default 30/90/180/365)
BUCKETS = ("age_1", "age_2", "age_3", "age_4", "age_5")


QTY = "Product Unit of Measure"


class FactoryReportAging(models.Model):
    """Stock aging (库龄): on-hand quantity and value of each material in each
    warehouse, split by the age of what remains.

    Definition (FIFO): what is on hand is what arrived last. The moves into
    the warehouse from outside it (receipts, production output, transfers
    from another warehouse, customer returns, inventory-adjustment gains) are
    taken newest first until they add up to the on-hand quantity; the oldest
    of them counts only for the part still needed. Everything that left the
    warehouse (issues, deliveries, scrap, returns to the supplier,
    adjustment losses) therefore took the oldest stock first. Age = today −
    the date of that incoming move. A quantity on hand that no recorded move
    explains (stock loaded without a move) is dated by the oldest quant's
    incoming date.

    Buckets: five, limited by the company's settings (default 0–30,
    31–90, 91–180, 181–365 and over 365 days); the SQL reads the limits of
    each row's company, the column labels show the current company's
    (fields_get). Values: each
    part at Odoo's valuation of the material (see factory.report.mixin), so
    the total value equals the valuation of the warehouse's stock.
    """

    _name = "factory.report.aging"
    _description = "Stock Aging"
    _inherit = ["factory.report.mixin"]
    _auto = False
    _rec_name = "product_id"
    _order = "default_code, product_id, warehouse_id"
    _depends = {**STOCK_DEPENDS, "res.company": list(AGING_BUCKET_FIELDS)}

    product_id = fields.Many2one("product.product", "Material", readonly=True)
    default_code = fields.Char("Material Code", readonly=True)
    categ_id = fields.Many2one("product.category", "Category", readonly=True)
    uom_id = fields.Many2one("uom.uom", "Unit", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", "Warehouse", readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    oldest_date = fields.Datetime("Oldest Incoming Date", readonly=True)
    max_age = fields.Integer("Oldest (days)", readonly=True, aggregator="max")
    qty = fields.Float("On Hand", digits="Product Unit of Measure", readonly=True)
    # labels: see fields_get (the company's bucket limits)
    qty_age_1 = fields.Float(
        "Qty Bucket 1", digits="Product Unit of Measure", readonly=True
    )
    qty_age_2 = fields.Float(
        "Qty Bucket 2", digits="Product Unit of Measure", readonly=True
    )
    qty_age_3 = fields.Float(
        "Qty Bucket 3", digits="Product Unit of Measure", readonly=True
    )
    qty_age_4 = fields.Float(
        "Qty Bucket 4", digits="Product Unit of Measure", readonly=True
    )
    qty_age_5 = fields.Float(
        "Qty Bucket 5", digits="Product Unit of Measure", readonly=True
    )
    currency_id = fields.Many2one("res.currency", readonly=True, groups=COST_GROUP)
    value = fields.Monetary("Stock Value", readonly=True, groups=COST_GROUP)
    value_age_1 = fields.Monetary("Value Bucket 1", readonly=True, groups=COST_GROUP)
    value_age_2 = fields.Monetary("Value Bucket 2", readonly=True, groups=COST_GROUP)
    value_age_3 = fields.Monetary("Value Bucket 3", readonly=True, groups=COST_GROUP)
    value_age_4 = fields.Monetary("Value Bucket 4", readonly=True, groups=COST_GROUP)
    value_age_5 = fields.Monetary("Value Bucket 5", readonly=True, groups=COST_GROUP)

    @api.model
    def _factory_bucket_labels(self):
        """(qty label, value label) of each bucket, from the current
        company's limits: 0-30, 31-90, ..., over 365 days."""
        limits = self.env.company._factory_aging_limits()
        labels = []
        low = 0
        for high in limits:
            span = f"{low}-{high}"
            labels.append(
                (
                    self.env._("Qty %s Days", span),
                    self.env._("Value %s Days", span),
                )
            )
            low = high + 1
        labels.append(
            (
                self.env._("Qty Over %s Days", limits[-1]),
                self.env._("Value Over %s Days", limits[-1]),
            )
        )
        return labels

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        res = super().fields_get(allfields, attributes)
        if attributes and "string" not in attributes:
            return res
        for suffix, (qty_label, value_label) in zip(
            BUCKETS, self._factory_bucket_labels(), strict=True
        ):
            for fname, label in (
                (f"qty_{suffix}", qty_label),
                (f"value_{suffix}", value_label),
            ):
                if fname in res:
                    res[fname]["string"] = label
        return res

    def _ranked_sql(self):
        """Each move into a warehouse (from outside it) of a material on hand
        there, with the on-hand quantity and the quantity of the newer moves
        (newest first: a window over the incoming moves of the materials with
        stock only, one pass over the moves, no outgoing side)."""
        return SQL(
            """
            SELECT i.product_id, i.warehouse_id, i.date, i.qty, s.qty AS on_hand,
                   SUM(i.qty) OVER (
                       PARTITION BY i.product_id, i.warehouse_id
                       ORDER BY i.date DESC, i.move_id DESC
                   ) - i.qty AS newer
              FROM (%(incoming)s) i
              JOIN stock s ON s.product_id = i.product_id
                          AND s.warehouse_id = i.warehouse_id
            """,
            incoming=incoming_moves_sql(),
        )

    @property
    def _table_query(self):
        limits = [SQL.identifier("c", fname) for fname in AGING_BUCKET_FIELDS]

        def in_bucket(index, age):
            if index == 0:
                return SQL("%s <= %s", age, limits[0])
            if index < len(limits):
                return SQL(
                    "%s > %s AND %s <= %s", age, limits[index - 1], age, limits[index]
                )
            return SQL("%s > %s", age, limits[-1])

        # the pieces explained by incoming moves are summed per material and
        # warehouse first (the FIFO part of each move still on hand), then
        # the rest no move explains (dated by the oldest quant) is added: the
        # joins to products, costs and companies run on one row per material
        # and warehouse, not one per piece
        piece_age = SQL("(CURRENT_DATE - p.date::date)")
        rest_age = SQL("(CURRENT_DATE - s.first_in_date::date)")
        has_rest = SQL("s.qty - COALESCE(e.qty, 0.0) > 0.000001")
        rest = SQL("(s.qty - COALESCE(e.qty, 0.0))")
        piece_columns, bucket_columns = [], []
        for index, suffix in enumerate(BUCKETS):
            piece_columns.append(
                SQL(
                    "SUM(p.qty) FILTER (WHERE %s) AS %s",
                    in_bucket(index, piece_age),
                    SQL.identifier(suffix),
                )
            )
            # NULL when the bucket holds nothing, as a SUM over no piece
            qty = SQL(
                "CASE WHEN %(has_rest)s AND %(cond)s"
                " THEN COALESCE(e.%(b)s, 0.0) + %(rest)s ELSE e.%(b)s END",
                has_rest=has_rest,
                cond=in_bucket(index, rest_age),
                b=SQL.identifier(suffix),
                rest=rest,
            )
            bucket_columns.append(
                SQL(
                    "%s AS %s, %s * COALESCE(uc.unit_cost, 0.0) AS %s",
                    qty,
                    SQL.identifier(f"qty_{suffix}"),
                    qty,
                    SQL.identifier(f"value_{suffix}"),
                )
            )
        qty = SQL(
            "CASE WHEN %(has_rest)s THEN COALESCE(e.qty, 0.0) + %(rest)s"
            " ELSE e.qty END",
            has_rest=has_rest,
            rest=rest,
        )
        return SQL(
            """
            WITH stock AS MATERIALIZED (%(stock)s),
            explained AS (
                SELECT p.product_id, p.warehouse_id, SUM(p.qty) AS qty,
                       MIN(p.date) AS oldest, MAX(%(piece_age)s) AS max_age,
                       %(piece_columns)s
                  FROM (
                    SELECT r.product_id, r.warehouse_id, r.date,
                           LEAST(r.qty, r.on_hand - r.newer) AS qty
                      FROM (%(ranked)s) r
                     WHERE r.newer < r.on_hand
                  ) p
                  JOIN stock_warehouse w ON w.id = p.warehouse_id
                  JOIN res_company c ON c.id = w.company_id
                 GROUP BY p.product_id, p.warehouse_id
            )
            SELECT s.product_id::bigint * 1048576 + s.warehouse_id AS id,
                   s.product_id, pp.default_code, pt.categ_id, pt.uom_id,
                   s.warehouse_id, w.company_id, c.currency_id,
                   CASE WHEN %(has_rest)s
                        THEN LEAST(e.oldest, s.first_in_date)
                        ELSE e.oldest END AS oldest_date,
                   CASE WHEN %(has_rest)s
                        THEN GREATEST(e.max_age, %(rest_age)s)
                        ELSE e.max_age END AS max_age,
                   %(qty)s AS qty,
                   %(qty)s * COALESCE(uc.unit_cost, 0.0) AS value,
                   %(buckets)s
              FROM stock s
              JOIN product_product pp ON pp.id = s.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN stock_warehouse w ON w.id = s.warehouse_id
              JOIN res_company c ON c.id = w.company_id
         LEFT JOIN explained e ON e.product_id = s.product_id
                              AND e.warehouse_id = s.warehouse_id
              %(unit_cost)s
             WHERE pt.is_storable
               AND (e.product_id IS NOT NULL OR %(has_rest)s)
            """,
            stock=on_hand_sql(locations=False),
            unit_cost=unit_cost_lateral_sql(SQL("s.product_id"), SQL("w.company_id")),
            ranked=self._ranked_sql(),
            piece_age=piece_age,
            rest_age=rest_age,
            piece_columns=SQL(", ").join(piece_columns),
            has_rest=has_rest,
            qty=qty,
            buckets=SQL(", ").join(bucket_columns),
        )

    def action_open_moves(self):
        """The done moves into this warehouse of this material, newest first:
        the first ones make up what is on hand."""
        self.ensure_one()
        view_location = self.warehouse_id.view_location_id.id
        return self._factory_moves_action(
            self.env._("Incoming moves of %s", self.product_id.display_name),
            [
                ("product_id", "=", self.product_id.id),
                ("state", "=", "done"),
                ("location_dest_id", "child_of", view_location),
                ("location_id.warehouse_id", "!=", self.warehouse_id.id),
            ],
        )
