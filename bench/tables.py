"""The tables the history is written to: rows buffered as COPY text, the
columns Odoo writes for a done move (taken from moves Odoo itself validated),
id allocation after the existing rows, and the quants derived in one SQL
statement from the move lines.
"""

import io

from common import say

ADMIN_UID = 2

MOVE_COLS = [
    "id",
    "sequence",
    "company_id",
    "product_id",
    "product_uom",
    "location_id",
    "location_dest_id",
    "partner_id",
    "picking_id",
    "scrap_id",
    "picking_type_id",
    "warehouse_id",
    "create_uid",
    "write_uid",
    "name",
    "priority",
    "state",
    "origin",
    "procure_method",
    "reference",
    "product_qty",
    "product_uom_qty",
    "quantity",
    "picked",
    "scrapped",
    "propagate_cancel",
    "is_inventory",
    "additional",
    "date",
    "create_date",
    "write_date",
    "reservation_date",
    "description_picking",
]
LINE_COLS = [
    "picking_id",
    "move_id",
    "company_id",
    "product_id",
    "product_uom_id",
    "lot_id",
    "location_id",
    "location_dest_id",
    "create_uid",
    "write_uid",
    "lot_name",
    "state",
    "reference",
    "quantity",
    "quantity_product_uom",
    "picked",
    "date",
    "create_date",
    "write_date",
]
SVL_COLS = [
    "company_id",
    "product_id",
    "categ_id",
    "stock_move_id",
    "create_uid",
    "write_uid",
    "description",
    "quantity",
    "unit_cost",
    "value",
    "remaining_qty",
    "remaining_value",
    "create_date",
    "write_date",
]
PICKING_COLS = [
    "id",
    "location_id",
    "location_dest_id",
    "picking_type_id",
    "partner_id",
    "company_id",
    "user_id",
    "create_uid",
    "write_uid",
    "name",
    "origin",
    "move_type",
    "state",
    "priority",
    "has_deadline_issue",
    "printed",
    "is_locked",
    "scheduled_date",
    "date",
    "date_done",
    "create_date",
    "write_date",
]
LOT_COLS = [
    "id",
    "product_id",
    "product_uom_id",
    "company_id",
    "create_uid",
    "write_uid",
    "name",
    "create_date",
    "write_date",
]
SCRAP_COLS = [
    "id",
    "company_id",
    "product_id",
    "product_uom_id",
    "lot_id",
    "location_id",
    "scrap_location_id",
    "create_uid",
    "write_uid",
    "name",
    "origin",
    "state",
    "scrap_qty",
    "should_replenish",
    "date_done",
    "create_date",
    "write_date",
]


def _fmt(value):
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, float):
        return repr(round(value, 6))
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")
    return str(value)


class Table:
    """Rows buffered as COPY text, flushed every ``chunk`` rows."""

    def __init__(self, cr, name, columns, chunk=20000, parents=()):
        self.cr, self.name, self.columns, self.chunk = cr, name, columns, chunk
        self.parents = parents  # tables this one refers to: written first
        self.buf, self.count = [], 0

    def add(self, *values):
        self.buf.append("\t".join(map(_fmt, values)))

    def flush_if_full(self):
        if len(self.buf) >= self.chunk:
            self.flush()

    def flush(self):
        for parent in self.parents:
            parent.flush()
        if self.buf:
            data = io.StringIO("\n".join(self.buf) + "\n")
            self.cr.copy_expert(
                f"COPY {self.name} ({', '.join(self.columns)}) FROM STDIN", data
            )
            self.count += len(self.buf)
            self.buf = []


def next_id(cr, table):
    cr.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
    return cr.fetchone()[0]


QUANTS_SQL = """
INSERT INTO stock_quant (product_id, company_id, location_id, lot_id, quantity,
    reserved_quantity, in_date, inventory_quantity, inventory_diff_quantity,
    inventory_quantity_set, create_uid, write_uid, create_date, write_date)
SELECT product_id, %(company)s, location_id, lot_id, SUM(qty), SUM(reserved),
       COALESCE(MIN(in_date), MIN(any_date)), 0, 0, false, 2, 2,
       MIN(any_date), MAX(any_date)
  FROM (
        SELECT ml.product_id, ml.location_dest_id AS location_id, ml.lot_id,
               ml.quantity_product_uom AS qty, 0 AS reserved,
               ml.date AS in_date, ml.date AS any_date
          FROM stock_move_line ml
         WHERE ml.state = 'done' AND ml.product_id = ANY(%(products)s)
        UNION ALL
        SELECT ml.product_id, ml.location_id, ml.lot_id, -ml.quantity_product_uom, 0,
               NULL, ml.date
          FROM stock_move_line ml
         WHERE ml.state = 'done' AND ml.product_id = ANY(%(products)s)
        UNION ALL
        SELECT ml.product_id, ml.location_id, ml.lot_id, 0, ml.quantity_product_uom,
               NULL, ml.date
          FROM stock_move_line ml
          JOIN stock_location l ON l.id = ml.location_id
         WHERE ml.state NOT IN ('done', 'cancel') AND l.usage = 'internal'
           AND ml.product_id = ANY(%(products)s)
       ) AS flow
 GROUP BY product_id, location_id, lot_id
HAVING SUM(qty) <> 0 OR SUM(reserved) <> 0
"""


def build_quants(env, master):
    cr = env.cr
    products = [p["id"] for p in master["products"]]
    cr.execute(QUANTS_SQL, {"company": master["company"], "products": products})
    say(f"quants: {cr.rowcount:,}")
    # stored computed fields Odoo keeps on quants and lots
    locations = env["stock.location"].search([("usage", "in", ("internal", "transit"))])
    dates = [(loc.id, loc._get_next_inventory_date()) for loc in locations]
    dates = [(loc_id, d) for loc_id, d in dates if d]
    if dates:
        cr.execute(
            "UPDATE stock_quant q SET inventory_date = v.d::date FROM (VALUES "
            + ", ".join(["(%s, %s)"] * len(dates))
            + ") AS v(loc, d) WHERE q.location_id = v.loc AND q.product_id = ANY(%s)",
            [x for pair in dates for x in pair] + [products],
        )
    cr.execute(
        """
        UPDATE stock_lot lot SET location_id = s.location_id
          FROM (SELECT lot_id, MIN(location_id) AS location_id
                  FROM stock_quant WHERE lot_id IS NOT NULL AND quantity > 0
                 GROUP BY lot_id HAVING COUNT(DISTINCT location_id) = 1) AS s
         WHERE lot.id = s.lot_id
        """
    )
    cr.execute("ANALYZE")
