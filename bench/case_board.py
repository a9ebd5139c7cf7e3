"""Benchmark cases of the live stock board (issue "stock board"; its
default view against ``BOARD_SQL``, issue 19: at most 2 x SQL) and of the
board's move history drill-down.

``timed`` is run.py's timer (median of ``runs`` with the record cache
emptied, progress lines)."""

BOARD_SPEC = {
    "default_code": {},
    "product_id": {"fields": {"display_name": {}}},
    "factory_spec": {},
    "warehouse_id": {"fields": {"display_name": {}}},
    "qty_on_hand": {},
    "qty_reserved": {},
    "qty_available": {},
    "qty_incoming": {},
    "qty_outgoing": {},
    "safety_qty": {},
    "max_qty": {},
    "uom_id": {"fields": {"display_name": {}}},
    "status": {},
    "value": {},
}
MOVE_LINE_SPEC = {
    "date": {},
    "reference": {},
    "product_id": {"fields": {"display_name": {}}},
    "lot_id": {"fields": {"display_name": {}}},
    "location_id": {"fields": {"display_name": {}}},
    "location_dest_id": {"fields": {"display_name": {}}},
    "quantity": {},
    "product_uom_id": {"fields": {"display_name": {}}},
    "state": {},
}

BOARD_SQL = """
WITH rules AS MATERIALIZED (
    SELECT product_id, SUM(product_min_qty) AS safety, SUM(product_max_qty) AS maximum
      FROM stock_warehouse_orderpoint
     WHERE active AND warehouse_id = %(wh)s
     GROUP BY product_id
    HAVING SUM(product_min_qty) > 0
), below AS MATERIALIZED (
    SELECT r.product_id, pp.default_code, COALESCE(s.on_hand, 0) AS on_hand,
           COALESCE(s.reserved, 0) AS reserved, r.safety, r.maximum
      FROM rules r
      JOIN product_product pp ON pp.id = r.product_id
      LEFT JOIN LATERAL (
            SELECT SUM(q.quantity) AS on_hand, SUM(q.reserved_quantity) AS reserved
              FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
             WHERE q.product_id = r.product_id AND l.usage = 'internal'
               AND l.warehouse_id = %(wh)s
           ) AS s ON true
     WHERE COALESCE(s.on_hand, 0) < r.safety
     ORDER BY pp.default_code, r.product_id
     LIMIT 80
)
SELECT b.*, pt.name, u.name,
       (SELECT COALESCE(SUM(m.product_qty), 0) FROM stock_move m
          JOIN stock_location ld ON ld.id = m.location_dest_id
          JOIN stock_location ls ON ls.id = m.location_id
         WHERE m.product_id = b.product_id
           AND m.state IN ('waiting', 'confirmed', 'partially_available', 'assigned')
           AND ld.warehouse_id = %(wh)s AND ls.warehouse_id IS DISTINCT FROM %(wh)s),
       (SELECT COALESCE(SUM(m.product_qty), 0) FROM stock_move m
          JOIN stock_location ld ON ld.id = m.location_dest_id
          JOIN stock_location ls ON ls.id = m.location_id
         WHERE m.product_id = b.product_id
           AND m.state IN ('waiting', 'confirmed', 'partially_available', 'assigned')
           AND ls.warehouse_id = %(wh)s AND ld.warehouse_id IS DISTINCT FROM %(wh)s)
  FROM below b
  JOIN product_product pp ON pp.id = b.product_id
  JOIN product_template pt ON pt.id = pp.product_tmpl_id
  JOIN uom_uom u ON u.id = pt.uom_id
 ORDER BY b.default_code, b.product_id
"""

HISTORY_SQL = """
SELECT ml.id, ml.date, ml.reference, ml.quantity, ml.state, lot.name,
       ls.complete_name, ld.complete_name, u.name
  FROM stock_move_line ml
  LEFT JOIN stock_lot lot ON lot.id = ml.lot_id
  JOIN stock_location ls ON ls.id = ml.location_id
  JOIN stock_location ld ON ld.id = ml.location_dest_id
  JOIN uom_uom u ON u.id = ml.product_uom_id
 WHERE ml.product_id = %(product)s AND ml.state = 'done'
 ORDER BY ml.date DESC, ml.id DESC
 LIMIT 80
"""


def case_board(env, ctx, runs, timed):
    wh = ctx["warehouse"]
    domain = [("warehouse_id", "=", wh.id), ("status", "=", "below")]
    board = env["factory.stock.board"].with_user(ctx["user"])
    quant = env["stock.quant"].with_user(ctx["user"])
    cr = env.cr

    def suite():
        return board.web_search_read(domain, BOARD_SPEC, limit=80, count_limit=10001)

    def native():
        # the native quant list filtered on the warehouse, grouped by product
        # (stock.quant.warehouse_id is not stored: Odoo cannot group on it)
        return quant.web_read_group(
            [("warehouse_id", "=", wh.id), ("location_id.usage", "=", "internal")],
            ["quantity:sum", "reserved_quantity:sum"],
            ["product_id"],
            limit=80,
        )

    def sql():
        cr.execute(BOARD_SQL, {"wh": wh.id})
        return cr.fetchall()

    suite_ms, suite_res = timed(env, suite, runs)
    native_ms, _native_res = timed(env, native, runs)
    sql_ms, sql_res = timed(env, sql, runs)
    same = [r["product_id"]["id"] for r in suite_res["records"]] == [
        r[0] for r in sql_res
    ]
    return {
        "case": "stock board: warehouse + below safety, first 80",
        "suite_ms": suite_ms,
        "native_ms": native_ms,
        "sql_ms": sql_ms,
        "target_ms": 300,
        "max_ratio": 2.0,
        "rows": len(suite_res["records"]),
        "same_answer_as_sql": same,
    }


def case_history(env, ctx, runs, timed):
    product = ctx["busiest_product"]
    wh = ctx["warehouse"]
    line = env["stock.move.line"].with_user(ctx["user"])
    cr = env.cr
    action = (
        env["factory.stock.board"]
        .browse(product * 1048576 + wh.id)
        .with_user(ctx["user"])
    )

    def suite():
        # the board's drill-down: done moves of the material in its warehouse
        dom = action.action_open_moves()["domain"]
        return line.web_search_read(
            dom, MOVE_LINE_SPEC, limit=80, order="date desc, id desc"
        )

    def native():
        return line.search_read(
            [("product_id", "=", product), ("state", "=", "done")],
            list(MOVE_LINE_SPEC),
            order="date desc, id desc",
            limit=80,
        )

    def sql():
        cr.execute(HISTORY_SQL, {"product": product})
        return cr.fetchall()

    suite_ms, suite_res = timed(env, suite, runs)
    native_ms, native_res = timed(env, native, runs)
    sql_ms, sql_res = timed(env, sql, runs)
    return {
        "case": f"move history: material with {ctx['busiest_count']:,} lines, 80",
        "suite_ms": suite_ms,
        "native_ms": native_ms,
        "sql_ms": sql_ms,
        "target_ms": 300,
        "max_ratio": None,
        "rows": len(suite_res["records"]),
        "same_answer_as_sql": [r["id"] for r in native_res] == [r[0] for r in sql_res],
    }
