from odoo import fields, models
from odoo.tools import SQL

from .factory_report_mixin import COST_GROUP, STOCK_DEPENDS

KINDS = [
    ("receipt", "Receipt"),
    ("production", "Issue to Production"),
    ("delivery", "Delivery"),
    ("subcontract", "To Subcontractor"),
    ("supplier_return", "Return to Supplier"),
    ("scrap", "Scrap"),
    ("inventory_gain", "Inventory Gain"),
    ("inventory_loss", "Inventory Loss"),
    ("internal", "Internal"),
]


class FactoryReportMovement(models.Model):
    """Stock movement detail (出入库明细表): every done move of a stock-tracked
    material, once for each warehouse it enters or leaves.

    * A move entering a warehouse from outside it gives a row of that
      warehouse with *Quantity In*; a move leaving a warehouse gives a row
      with *Quantity Out*. A transfer between two warehouses gives both rows
      (out of the one, into the other). A move that enters and leaves no
      warehouse (bin to bin inside one warehouse, or between places outside
      every warehouse) gives one row, of the warehouse of its destination
      (else source) if any, with the quantity both in and out (net zero).
    * Kind: an inventory adjustment is a gain (into a stock location) or a
      loss; entering from another warehouse is internal, from anywhere else
      (a supplier, production output, a customer return, a subcontractor) a
      receipt; leaving is scrap (a scrap order or a scrap location), issue to
      production, delivery (to a customer), return to a supplier, to a
      subcontractor (an internal location outside every warehouse) or
      internal (to another warehouse, transit).
    * Value: the sum of the move's valuation layers (Odoo's own, signed:
      positive in, negative out); moves without a layer (internal transfers)
      have none. Cost roles only.
    * Lot: the lot of the move's lines when they all have the same one.
    """

    _name = "factory.report.movement"
    _description = "Stock Movement Detail"
    _inherit = ["factory.report.mixin"]
    _auto = False
    _rec_name = "reference"
    _order = "date desc, id desc"
    # one row per move side, no grouping: a page and a bounded count stop
    # early (a month holds tens of thousands of rows)
    _factory_count_in_page = False
    _depends = {
        **STOCK_DEPENDS,
        "stock.move": [
            *STOCK_DEPENDS["stock.move"],
            "reference",
            "origin",
            "partner_id",
            "picking_id",
            "product_uom",
        ],
        "stock.move.line": ["move_id", "lot_id"],
        "stock.picking": ["partner_id"],
    }

    move_id = fields.Many2one("stock.move", "Stock Move", readonly=True)
    date = fields.Datetime("Date", readonly=True)
    reference = fields.Char("Reference", readonly=True)
    kind = fields.Selection(KINDS, "Kind", readonly=True)
    default_code = fields.Char("Material Code", readonly=True)
    product_id = fields.Many2one("product.product", "Material", readonly=True)
    categ_id = fields.Many2one("product.category", "Category", readonly=True)
    lot_id = fields.Many2one("stock.lot", "Lot/Serial Number", readonly=True)
    location_id = fields.Many2one("stock.location", "From", readonly=True)
    location_dest_id = fields.Many2one("stock.location", "To", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", "Warehouse", readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    qty_in = fields.Float(
        "Quantity In", digits="Product Unit of Measure", readonly=True
    )
    qty_out = fields.Float(
        "Quantity Out", digits="Product Unit of Measure", readonly=True
    )
    uom_id = fields.Many2one("uom.uom", "Unit", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True, groups=COST_GROUP)
    value = fields.Monetary("Value", readonly=True, groups=COST_GROUP)
    partner_id = fields.Many2one("res.partner", "Partner", readonly=True)
    origin = fields.Char("Source Document", readonly=True)

    @property
    def _table_query(self):
        # each move joined to the three sides, kept where they apply:
        # entering a warehouse (1), leaving one (-1), neither (0)
        enter = SQL(
            "(ld.usage = 'internal' AND ld.warehouse_id IS NOT NULL"
            " AND (ls.usage <> 'internal'"
            " OR ls.warehouse_id IS DISTINCT FROM ld.warehouse_id))"
        )
        leave = SQL(
            "(ls.usage = 'internal' AND ls.warehouse_id IS NOT NULL"
            " AND (ld.usage <> 'internal'"
            " OR ld.warehouse_id IS DISTINCT FROM ls.warehouse_id))"
        )
        # the lot and the value are scalar subqueries of the select list: a
        # list page (LIMIT after the sort) computes them for its rows only
        return SQL(
            """
            SELECT m.id * 4 + side.direction + 1 AS id,
                   m.id AS move_id, m.date, m.reference, m.origin,
                   CASE
                       WHEN COALESCE(m.is_inventory, FALSE)
                            AND ld.usage = 'internal' THEN 'inventory_gain'
                       WHEN COALESCE(m.is_inventory, FALSE) THEN 'inventory_loss'
                       WHEN side.direction = 1 AND ls.usage = 'internal'
                            AND ls.warehouse_id IS NOT NULL THEN 'internal'
                       WHEN side.direction = 1 THEN 'receipt'
                       WHEN m.scrap_id IS NOT NULL
                            OR COALESCE(ld.scrap_location, FALSE) THEN 'scrap'
                       WHEN ld.usage = 'production' THEN 'production'
                       WHEN ld.usage = 'customer' THEN 'delivery'
                       WHEN ld.usage = 'supplier' THEN 'supplier_return'
                       WHEN ld.usage = 'internal' AND ld.warehouse_id IS NULL
                            AND side.direction = -1 THEN 'subcontract'
                       ELSE 'internal'
                   END AS kind,
                   pp.default_code, m.product_id, pt.categ_id, pt.uom_id,
                   (SELECT CASE WHEN COUNT(*) = COUNT(ml.lot_id)
                                 AND MIN(ml.lot_id) = MAX(ml.lot_id)
                                THEN MIN(ml.lot_id) END
                      FROM stock_move_line ml
                     WHERE ml.move_id = m.id) AS lot_id,
                   m.location_id, m.location_dest_id,
                   CASE side.direction
                       WHEN 1 THEN ld.warehouse_id
                       WHEN -1 THEN ls.warehouse_id
                       ELSE COALESCE(ld.warehouse_id, ls.warehouse_id)
                   END AS warehouse_id,
                   m.company_id, c.currency_id,
                   CASE WHEN side.direction >= 0 THEN m.product_qty END AS qty_in,
                   CASE WHEN side.direction <= 0 THEN m.product_qty END AS qty_out,
                   (SELECT SUM(svl.value)
                      FROM stock_valuation_layer svl
                     WHERE svl.stock_move_id = m.id) AS value,
                   COALESCE(m.partner_id, pk.partner_id) AS partner_id
              FROM stock_move m
              JOIN product_product pp ON pp.id = m.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN stock_location ls ON ls.id = m.location_id
              JOIN stock_location ld ON ld.id = m.location_dest_id
              JOIN res_company c ON c.id = m.company_id
         LEFT JOIN stock_picking pk ON pk.id = m.picking_id
             CROSS JOIN (VALUES (1), (-1), (0)) side(direction)
             WHERE m.state = 'done' AND pt.is_storable
               AND CASE side.direction
                       WHEN 1 THEN %(enter)s
                       WHEN -1 THEN %(leave)s
                       ELSE NOT %(enter)s AND NOT %(leave)s
                   END
            """,
            enter=enter,
            leave=leave,
        )

    # the row id encodes its move (move id x 4 + side): PostgreSQL cannot
    # invert that expression, so a read or a check of given rows (fetch,
    # record rules, a button) would evaluate the whole view; the moves of
    # those rows are given too, a condition PostgreSQL reads by the moves'
    # primary key

    @staticmethod
    def _factory_move_ids(ids):
        return tuple({i // 4 for i in ids if isinstance(i, int) and i > 0})

    def _as_query(self, ordered=True):
        query = super()._as_query(ordered)
        move_ids = self._factory_move_ids(self._ids)
        if move_ids:
            query.add_where(
                SQL("%s IN %s", SQL.identifier(self._table, "move_id"), move_ids)
            )
        return query

    def _condition_to_sql(self, alias, fname, operator, value, query):
        sql = super()._condition_to_sql(alias, fname, operator, value, query)
        if fname == "id" and operator in ("in", "=") and value:
            ids = value if isinstance(value, list | tuple | set) else [value]
            move_ids = self._factory_move_ids(ids)
            if move_ids and len(move_ids) <= len(ids):
                return SQL(
                    "(%s AND %s IN %s)",
                    sql,
                    SQL.identifier(alias, "move_id"),
                    move_ids,
                )
        return sql

    def action_open_move(self):
        """The stock move of this row (its form)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.move_id.display_name,
            "res_model": "stock.move",
            "res_id": self.move_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {"create": False},
        }
