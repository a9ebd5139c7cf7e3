from odoo import fields, models
from odoo.tools import SQL

from .factory_report_mixin import COST_GROUP

QTY = "Product Unit of Measure"


class FactoryReportSupplier(models.Model):
    """Supplier scorecard (供应商分析): one row per confirmed purchase order
    line and one per incoming inspection, grouped by supplier in the views.

    Definitions (days are compared by calendar day, UTC):

    * *Purchase amount*: untaxed subtotal of the line in the company's
      currency (at the order's rate).
    * A line is *due* when its promised date (``date_planned``) is past or it
      is fully received. *On-time lines*: due lines whose whole ordered
      quantity was received by the promised date. *Line on-time rate* = on-time
      lines / due lines.
    * *Quantity on-time rate* = quantity received by the promised date /
      quantity due (the ordered quantity of a due line, the received quantity
      of a line not due yet): a partial delivery counts for its on-time part.
    * *Average delay*: days late of each receipt (0 when on time), weighted by
      its quantity, over the quantity received.
    * Receipts are the done moves of the line from a supplier location into
      the warehouse (returns to the supplier do not undo a delivery).
    * *Batch pass rate*: inspected lots / batches without any rejected
      quantity over the inspected ones; *quantity pass rate*: passed /
      (passed + rejected). Inspections are dated by their inspection time.
    """

    _name = "factory.report.supplier"
    _description = "Supplier Scorecard"
    _inherit = ["factory.report.mixin"]
    _auto = False
    _rec_name = "partner_id"
    _order = "date desc, id"
    _depends = {
        "purchase.order": ["partner_id", "state", "date_order", "currency_rate"],
        "purchase.order.line": [
            "order_id",
            "product_id",
            "product_uom_qty",
            "price_subtotal",
            "date_planned",
        ],
        "stock.move": ["purchase_line_id", "state", "date", "product_qty"],
        "factory.qc.inspection": [
            "partner_id",
            "state",
            "result",
            "qty_passed",
            "qty_rejected",
            "inspected_on",
        ],
    }
    _factory_ratios = {
        "on_time_line_rate": ("on_time_lines", "lines_due", 100.0),
        "on_time_qty_rate": ("qty_on_time", "qty_due", 100.0),
        "avg_delay": ("delay_qty_days", "qty_received", 1.0),
        "batch_pass_rate": ("batches_passed", "batches", 100.0),
        "qty_pass_rate": ("qty_passed", "qty_inspected", 100.0),
    }

    kind = fields.Selection(
        [("line", "Purchase Line"), ("inspection", "Inspection")], readonly=True
    )
    partner_id = fields.Many2one("res.partner", "Supplier", readonly=True)
    order_id = fields.Many2one("purchase.order", "Purchase Order", readonly=True)
    inspection_id = fields.Many2one(
        "factory.qc.inspection", "Inspection", readonly=True
    )
    product_id = fields.Many2one("product.product", "Material", readonly=True)
    categ_id = fields.Many2one("product.category", "Category", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", "Warehouse", readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    date = fields.Datetime("Date", readonly=True)
    date_planned = fields.Datetime("Promised Date", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True, groups=COST_GROUP)
    amount = fields.Monetary("Purchase Amount", readonly=True, groups=COST_GROUP)
    line_count = fields.Integer("Lines", readonly=True)
    lines_due = fields.Integer("Lines Due", readonly=True)
    on_time_lines = fields.Integer("On-time Lines", readonly=True)
    qty_ordered = fields.Float("Ordered", digits=QTY, readonly=True)
    qty_due = fields.Float("Quantity Due", digits=QTY, readonly=True)
    qty_received = fields.Float("Received", digits=QTY, readonly=True)
    qty_on_time = fields.Float("Received On Time", digits=QTY, readonly=True)
    delay_qty_days = fields.Float("Delay x Quantity", readonly=True)
    batches = fields.Integer("Inspected Batches", readonly=True)
    batches_passed = fields.Integer("Passed Batches", readonly=True)
    qty_inspected = fields.Float("Inspected Quantity", digits=QTY, readonly=True)
    qty_passed = fields.Float("Passed Quantity", digits=QTY, readonly=True)
    on_time_line_rate = fields.Float(
        "On-time Rate (Lines %)", digits=(16, 1), readonly=True, aggregator="avg"
    )
    on_time_qty_rate = fields.Float(
        "On-time Rate (Quantity %)", digits=(16, 1), readonly=True, aggregator="avg"
    )
    avg_delay = fields.Float(
        "Average Delay (days)", digits=(16, 1), readonly=True, aggregator="avg"
    )
    batch_pass_rate = fields.Float(
        "Batch Pass Rate (%)", digits=(16, 1), readonly=True, aggregator="avg"
    )
    qty_pass_rate = fields.Float(
        "Quantity Pass Rate (%)", digits=(16, 1), readonly=True, aggregator="avg"
    )

    def _lines_sql(self):
        return SQL(
            """
            WITH received AS (
                SELECT m.purchase_line_id AS line_id,
                       SUM(m.product_qty) AS qty,
                       SUM(m.product_qty) FILTER (
                           WHERE m.date::date <= pol.date_planned::date) AS on_time,
                       SUM(m.product_qty * GREATEST(
                           m.date::date - pol.date_planned::date, 0)) AS delay
                  FROM stock_move m
                  JOIN purchase_order_line pol ON pol.id = m.purchase_line_id
                  JOIN stock_location ls ON ls.id = m.location_id
                  JOIN stock_location ld ON ld.id = m.location_dest_id
                 WHERE m.state = 'done' AND ls.usage = 'supplier'
                   AND ld.usage = 'internal'
                 GROUP BY m.purchase_line_id
            ),
            lines AS (
                SELECT pol.id, po.partner_id, po.id AS order_id, pol.product_id,
                       pt.categ_id, spt.warehouse_id, po.company_id,
                       po.date_order AS date, pol.date_planned,
                       pol.price_subtotal
                           / COALESCE(NULLIF(po.currency_rate, 0.0), 1.0) AS amount,
                       pol.product_uom_qty AS qty_ordered,
                       COALESCE(r.qty, 0.0) AS qty_received,
                       COALESCE(r.on_time, 0.0) AS qty_on_time,
                       COALESCE(r.delay, 0.0) AS delay_qty_days,
                       (pol.date_planned::date < CURRENT_DATE
                        OR COALESCE(r.qty, 0.0) >= pol.product_uom_qty - 0.000001)
                           AS due
                  FROM purchase_order_line pol
                  JOIN purchase_order po ON po.id = pol.order_id
                  JOIN product_product pp ON pp.id = pol.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
             LEFT JOIN stock_picking_type spt ON spt.id = po.picking_type_id
             LEFT JOIN received r ON r.line_id = pol.id
                 WHERE po.state IN ('purchase', 'done') AND pol.display_type IS NULL
                   AND pol.product_uom_qty > 0
            )
            SELECT id * 2 AS id, 'line' AS kind, partner_id, order_id,
                   NULL::int AS inspection_id, product_id, categ_id, warehouse_id,
                   company_id, date, date_planned, amount,
                   1 AS line_count,
                   CASE WHEN due THEN 1 ELSE 0 END AS lines_due,
                   CASE WHEN due AND qty_on_time >= qty_ordered - 0.000001
                        THEN 1 ELSE 0 END AS on_time_lines,
                   qty_ordered,
                   CASE WHEN due THEN qty_ordered ELSE qty_received END AS qty_due,
                   qty_received, qty_on_time, delay_qty_days,
                   0 AS batches, 0 AS batches_passed,
                   0.0 AS qty_inspected, 0.0 AS qty_passed
              FROM lines
            """
        )

    def _inspections_sql(self):
        return SQL(
            """
            SELECT i.id * 2 + 1 AS id, 'inspection' AS kind, i.partner_id,
                   NULL::int AS order_id, i.id AS inspection_id, i.product_id,
                   pt.categ_id, i.warehouse_id, i.company_id,
                   COALESCE(i.inspected_on, i.create_date) AS date,
                   NULL::timestamp AS date_planned, 0.0 AS amount,
                   0 AS line_count, 0 AS lines_due, 0 AS on_time_lines,
                   0.0 AS qty_ordered, 0.0 AS qty_due, 0.0 AS qty_received,
                   0.0 AS qty_on_time, 0.0 AS delay_qty_days,
                   1 AS batches,
                   CASE WHEN i.result = 'pass' THEN 1 ELSE 0 END AS batches_passed,
                   i.qty_passed + i.qty_rejected AS qty_inspected, i.qty_passed
              FROM factory_qc_inspection i
              JOIN product_product pp ON pp.id = i.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE i.state IN ('inspected', 'confirmed')
            """
        )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT u.*, c.currency_id,
                   u.on_time_lines * 100.0 / NULLIF(u.lines_due, 0)
                       AS on_time_line_rate,
                   u.qty_on_time * 100.0 / NULLIF(u.qty_due, 0.0)
                       AS on_time_qty_rate,
                   u.delay_qty_days / NULLIF(u.qty_received, 0.0) AS avg_delay,
                   u.batches_passed * 100.0 / NULLIF(u.batches, 0)
                       AS batch_pass_rate,
                   u.qty_passed * 100.0 / NULLIF(u.qty_inspected, 0.0)
                       AS qty_pass_rate
              FROM (%(lines)s UNION ALL %(inspections)s) u
              JOIN res_company c ON c.id = u.company_id
            """,
            lines=self._lines_sql(),
            inspections=self._inspections_sql(),
        )

    def action_open_document(self):
        """The purchase order or the inspection behind the row."""
        self.ensure_one()
        record = self.order_id if self.kind == "line" else self.inspection_id
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
