from odoo import api, fields, models
from odoo.tools import SQL

from ..models.res_company import AGING_BUCKET_FIELDS
from .factory_report_mixin import (
    COST_GROUP,
    STOCK_DEPENDS,
    on_hand_sql,
    unit_cost_sql,
    warehouse_flows_sql,
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

    def _pieces_sql(self):
        """What remains of each incoming move: (product, warehouse, date, qty)."""
        return SQL(
            """
            WITH stock AS (%(stock)s),
            incoming AS (
                SELECT f.product_id, f.warehouse_id, f.date, f.qty,
                       SUM(f.qty) OVER (
                           PARTITION BY f.product_id, f.warehouse_id
                           ORDER BY f.date DESC, f.move_id DESC
                       ) AS newer_and_self
                  FROM (%(flows)s) f
                  JOIN stock s ON s.product_id = f.product_id
                              AND s.warehouse_id = f.warehouse_id
                 WHERE f.direction = 1
            ),
            explained AS (
                SELECT i.product_id, i.warehouse_id, i.date,
                       LEAST(i.qty, s.qty - (i.newer_and_self - i.qty)) AS qty
                  FROM incoming i
                  JOIN stock s ON s.product_id = i.product_id
                              AND s.warehouse_id = i.warehouse_id
                 WHERE i.newer_and_self - i.qty < s.qty
            )
            SELECT product_id, warehouse_id, date, qty FROM explained
            UNION ALL
            SELECT s.product_id, s.warehouse_id, s.first_in_date,
                   s.qty - COALESCE(SUM(e.qty), 0.0)
              FROM stock s
         LEFT JOIN explained e ON e.product_id = s.product_id
                              AND e.warehouse_id = s.warehouse_id
             GROUP BY s.product_id, s.warehouse_id, s.first_in_date, s.qty
            HAVING s.qty - COALESCE(SUM(e.qty), 0.0) > 0.000001
            """,
            stock=on_hand_sql(),
            flows=warehouse_flows_sql(),
        )

    @property
    def _table_query(self):
        age = SQL("(CURRENT_DATE - p.date::date)")
        limits = [SQL.identifier("c", fname) for fname in AGING_BUCKET_FIELDS]
        bucket_columns = []
        for index, suffix in enumerate(BUCKETS):
            if index == 0:
                cond = SQL("%s <= %s", age, limits[0])
            elif index < len(limits):
                cond = SQL(
                    "%s > %s AND %s <= %s", age, limits[index - 1], age, limits[index]
                )
            else:
                cond = SQL("%s > %s", age, limits[-1])
            bucket_columns.append(
                SQL(
                    "SUM(p.qty) FILTER (WHERE %s) AS %s, "
                    "SUM(p.qty * COALESCE(uc.unit_cost, 0.0)) FILTER (WHERE %s) AS %s",
                    cond,
                    SQL.identifier(f"qty_{suffix}"),
                    cond,
                    SQL.identifier(f"value_{suffix}"),
                )
            )
        return SQL(
            """
            WITH pieces AS (%(pieces)s), unit_cost AS (%(unit_cost)s)
            SELECT p.product_id::bigint * 1048576 + p.warehouse_id AS id,
                   p.product_id, pp.default_code, pt.categ_id, pt.uom_id,
                   p.warehouse_id, w.company_id, c.currency_id,
                   MIN(p.date) AS oldest_date,
                   MAX(%(age)s) AS max_age,
                   SUM(p.qty) AS qty,
                   SUM(p.qty * COALESCE(uc.unit_cost, 0.0)) AS value,
                   %(buckets)s
              FROM pieces p
              JOIN product_product pp ON pp.id = p.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN stock_warehouse w ON w.id = p.warehouse_id
              JOIN res_company c ON c.id = w.company_id
         LEFT JOIN unit_cost uc ON uc.product_id = p.product_id
                               AND uc.company_id = w.company_id
             WHERE pt.is_storable
             GROUP BY p.product_id, pp.default_code, pt.categ_id, pt.uom_id,
                      p.warehouse_id, w.company_id, c.currency_id
            """,
            pieces=self._pieces_sql(),
            unit_cost=unit_cost_sql(),
            age=age,
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
