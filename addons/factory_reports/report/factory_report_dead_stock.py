from odoo import fields, models
from odoo.tools import SQL

from .factory_report_mixin import (
    COST_GROUP,
    STOCK_DEPENDS,
    on_hand_sql,
    unit_cost_lateral_sql,
    warehouse_dates_sql,
)


class FactoryReportDeadStock(models.Model):
    """Dead and slow stock (呆滞料): one row per material and warehouse with
    stock on hand.

    *Last receipt*: the last done move into the warehouse from outside it
    (purchase receipts, production output, transfers from another warehouse,
    customer returns); *last issue*: the last done move out of it (to
    production, customers, subcontractors, scrap, another warehouse, back to
    the supplier). Inventory adjustments are neither: a count correction is
    not a use of the material.

    *Idle since* is the last issue, or, for a material never issued from the
    warehouse, its first arrival (first move in, adjustments included, else
    the oldest quant's incoming date). A material idle for at least the
    company's *Dead Stock after (days)* (default 180) is dead, for at least
    its *Slow Stock after (days)* (default 90) slow. Value: on hand at Odoo's
    valuation (see factory.report.mixin).
    """

    _name = "factory.report.dead.stock"
    _description = "Dead and Slow Stock"
    _inherit = ["factory.report.mixin"]
    _auto = False
    _rec_name = "product_id"
    _order = "days_idle desc, product_id, warehouse_id"
    _depends = STOCK_DEPENDS

    product_id = fields.Many2one("product.product", "Material", readonly=True)
    default_code = fields.Char("Material Code", readonly=True)
    categ_id = fields.Many2one("product.category", "Category", readonly=True)
    uom_id = fields.Many2one("uom.uom", "Unit", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", "Warehouse", readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    locations = fields.Char("Locations", readonly=True)
    qty = fields.Float("On Hand", digits="Product Unit of Measure", readonly=True)
    last_receipt_date = fields.Datetime("Last Receipt", readonly=True)
    last_issue_date = fields.Datetime("Last Issue", readonly=True)
    idle_since = fields.Datetime("Idle Since", readonly=True)
    days_idle = fields.Integer("Days Without Issue", readonly=True, aggregator="max")
    status = fields.Selection(
        [("dead", "Dead"), ("slow", "Slow"), ("active", "Active")],
        readonly=True,
    )
    currency_id = fields.Many2one("res.currency", readonly=True, groups=COST_GROUP)
    value = fields.Monetary("Stock Value", readonly=True, groups=COST_GROUP)

    @property
    def _table_query(self):
        return SQL(
            """
            WITH stock AS (%(stock)s),
            dates AS (%(dates)s),
            rows AS (
                SELECT s.product_id, s.warehouse_id, w.company_id, s.qty,
                       s.locations, d.last_receipt, d.last_issue,
                       COALESCE(d.last_issue, d.first_in, s.first_in_date)
                           AS idle_since,
                       c.factory_dead_stock_days AS dead_days,
                       c.factory_slow_stock_days AS slow_days,
                       c.currency_id
                  FROM stock s
                  JOIN stock_warehouse w ON w.id = s.warehouse_id
                  JOIN res_company c ON c.id = w.company_id
             LEFT JOIN dates d ON d.product_id = s.product_id
                              AND d.warehouse_id = s.warehouse_id
            )
            SELECT r.product_id::bigint * 1048576 + r.warehouse_id AS id,
                   r.product_id, pp.default_code, pt.categ_id, pt.uom_id,
                   r.warehouse_id, r.company_id, r.currency_id, r.locations,
                   r.qty, r.last_receipt AS last_receipt_date,
                   r.last_issue AS last_issue_date, r.idle_since,
                   (CURRENT_DATE - r.idle_since::date) AS days_idle,
                   CASE WHEN CURRENT_DATE - r.idle_since::date >= r.dead_days
                        THEN 'dead'
                        WHEN CURRENT_DATE - r.idle_since::date >= r.slow_days
                        THEN 'slow'
                        ELSE 'active' END AS status,
                   r.qty * COALESCE(uc.unit_cost, 0.0) AS value
              FROM rows r
              JOIN product_product pp ON pp.id = r.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              %(unit_cost)s
             WHERE pt.is_storable
            """,
            stock=on_hand_sql(),
            unit_cost=unit_cost_lateral_sql(SQL("r.product_id"), SQL("r.company_id")),
            dates=warehouse_dates_sql(),
        )

    def action_open_moves(self):
        """The done moves of this material in and out of this warehouse."""
        self.ensure_one()
        view_location = self.warehouse_id.view_location_id.id
        return self._factory_moves_action(
            self.env._("Moves of %s", self.product_id.display_name),
            [
                ("product_id", "=", self.product_id.id),
                ("state", "=", "done"),
                "|",
                ("location_id", "child_of", view_location),
                ("location_dest_id", "child_of", view_location),
            ],
        )
