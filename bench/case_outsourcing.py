"""Benchmark case of the subcontractor stock (委外库存, factory_outsourcing,
issue 15).

The screen a purchaser opens: ``factory.outsourcing.balance`` (material
balance per subcontractor location and material) as a list with its default
filter (*Held Now*), default order (subcontractor, material), the first 80
rows and their count, as the web client asks for it (``web_search_read``),
over the 50 subcontractors of ``outsourcing_data.py`` on the whole data set.

Baselines:

- native: what Odoo shows without the suite, the quants at the
  subcontractors' locations grouped by location and product (the *Locations*
  report of Odoo's inventory), first 80 groups;
- SQL: one hand-written query of the same figures (sent, consumed, returned,
  scrapped, held) from the done moves touching those locations (Odoo's
  indexes on the moves' locations) and the quants there, first 80 rows in the
  list's order and the count. Target: < 1 s and <= 3 x SQL.
"""

from common import say

TARGET_MS = 1000
MAX_RATIO = 3.0
LIMIT = 80

BALANCE_SPEC = {
    "partner_id": {"fields": {"display_name": {}}},
    "location_id": {"fields": {"display_name": {}}},
    "product_id": {"fields": {"display_name": {}}},
    "qty_sent": {},
    "qty_produced": {},
    "qty_consumed": {},
    "qty_returned": {},
    "qty_scrapped": {},
    "qty_balance": {},
    "qty_held": {},
    "uom_id": {"fields": {"display_name": {}}},
    "held_since": {},
    "age_days": {},
}

# every location under a subcontractor's own one, the moves in and out of
# that tree (a move inside it changes nothing), and the quants held there
BALANCE_SQL = """
WITH locs AS MATERIALIZED (
    SELECT loc.id, root.id AS root_id
      FROM stock_location root
      JOIN stock_location loc ON loc.parent_path LIKE root.parent_path || '%%'
     WHERE root.factory_subcontractor_id IS NOT NULL
), crossing AS (
    -- done moves into or out of a subcontractor's tree, found by Odoo's
    -- indexes on the moves' locations, with their move lines' quantities
    SELECT m.id, m.product_id, d.root_id AS into_root, s.root_id AS from_root,
           ls.usage AS src_usage, ld.usage AS dst_usage
      FROM locs d
      JOIN stock_move m ON m.location_dest_id = d.id
      JOIN stock_location ls ON ls.id = m.location_id
      JOIN stock_location ld ON ld.id = m.location_dest_id
 LEFT JOIN locs s ON s.id = m.location_id
     WHERE m.state = 'done' AND s.root_id IS DISTINCT FROM d.root_id
    UNION ALL
    SELECT m.id, m.product_id, NULL, s.root_id, ls.usage, ld.usage
      FROM locs s
      JOIN stock_move m ON m.location_id = s.id
      JOIN stock_location ls ON ls.id = m.location_id
      JOIN stock_location ld ON ld.id = m.location_dest_id
 LEFT JOIN locs d ON d.id = m.location_dest_id
     WHERE m.state = 'done' AND d.root_id IS DISTINCT FROM s.root_id
), moved AS (
    SELECT COALESCE(c.into_root, c.from_root) AS root_id, c.product_id,
           SUM(q.qty) FILTER (WHERE c.into_root IS NOT NULL
                              AND c.src_usage <> 'production') AS sent,
           SUM(q.qty) FILTER (WHERE c.into_root IS NOT NULL
                              AND c.src_usage = 'production') AS produced,
           SUM(q.qty) FILTER (WHERE c.into_root IS NULL
                              AND c.dst_usage = 'production') AS consumed,
           SUM(q.qty) FILTER (WHERE c.into_root IS NULL
                              AND c.dst_usage NOT IN ('production', 'inventory'))
               AS returned,
           SUM(q.qty) FILTER (WHERE c.into_root IS NULL
                              AND c.dst_usage = 'inventory') AS scrapped
      FROM crossing c
     CROSS JOIN LATERAL (
           SELECT SUM(ml.quantity_product_uom) AS qty FROM stock_move_line ml
            WHERE ml.move_id = c.id AND ml.state = 'done') q
     GROUP BY 1, 2
), held AS (
    SELECT l.root_id, q.product_id, SUM(q.quantity) AS held
      FROM stock_quant q JOIN locs l ON l.id = q.location_id
     GROUP BY 1, 2
), rows AS (
    SELECT root.factory_subcontractor_id AS partner_id, root.id AS root_id,
           pp.id AS product_id, COALESCE(m.sent, 0) AS sent,
           COALESCE(m.consumed, 0) AS consumed, COALESCE(m.returned, 0) AS returned,
           COALESCE(m.scrapped, 0) AS scrapped, COALESCE(h.held, 0) AS held,
           rp.complete_name, pp.default_code, pt.name->>'en_US' AS pname,
           COALESCE(pt.is_favorite, FALSE) AS favorite
      FROM moved m
      FULL JOIN held h ON h.root_id = m.root_id AND h.product_id = m.product_id
      JOIN stock_location root ON root.id = COALESCE(m.root_id, h.root_id)
      JOIN res_partner rp ON rp.id = root.factory_subcontractor_id
      JOIN product_product pp ON pp.id = COALESCE(m.product_id, h.product_id)
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
)
SELECT partner_id, root_id, product_id, sent, consumed, returned, scrapped, held,
       COUNT(*) OVER () AS total
  FROM rows
 WHERE held <> 0
 ORDER BY complete_name, partner_id DESC, favorite DESC, default_code, pname,
          product_id
 LIMIT %(limit)s
"""


def _close(a, b):
    return abs((a or 0.0) - (b or 0.0)) <= 1e-6 * max(1.0, abs(b or 0.0))


def case_outsourcing(env, ctx, runs, timed, cases=("outsourcing",)):
    if "outsourcing" not in cases:
        return []
    data = ctx.get("outsourcing")
    if not data:
        say("factory_outsourcing is not installed: outsourcing case skipped")
        return []
    user = env["res.users"].browse(ctx["manager"]) if ctx.get("manager") else None
    user = user or env.ref("base.user_admin")
    balance = env["factory.outsourcing.balance"].with_user(user)
    quants = env["stock.quant"].with_user(user)
    cr = env.cr
    locations = data["locations"]

    def suite():
        return balance.web_search_read(
            [("qty_held", "!=", 0)], BALANCE_SPEC, limit=LIMIT, count_limit=10001
        )

    def native():
        return quants.web_read_group(
            [("location_id", "child_of", locations)],
            ["quantity:sum"],
            ["location_id", "product_id"],
            limit=LIMIT,
            lazy=False,
        )

    def sql():
        cr.execute(BALANCE_SQL, {"limit": LIMIT})
        return cr.fetchall()

    suite_ms, answer = timed(env, suite, runs)
    native_ms, __ = timed(env, native, runs)
    sql_ms, sql_rows = timed(env, sql, runs)
    total = sql_rows[0][-1] if sql_rows else 0
    same = answer["length"] == total and all(
        r["partner_id"]["id"] == row[0]
        and r["location_id"]["id"] == row[1]
        and r["product_id"]["id"] == row[2]
        and _close(r["qty_sent"], row[3])
        and _close(r["qty_consumed"], row[4])
        and _close(r["qty_returned"], row[5])
        and _close(r["qty_scrapped"], row[6])
        and _close(r["qty_held"], row[7])
        and _close(r["qty_balance"], r["qty_held"])
        for r, row in zip(answer["records"], sql_rows, strict=True)
    )
    return [
        {
            "case": (
                f"outsourcing balance: {data['partners']} subcontractors, "
                f"held {total:,} rows, 80"
            ),
            "suite_ms": suite_ms,
            "native_ms": native_ms,
            "sql_ms": sql_ms,
            "target_ms": TARGET_MS,
            "max_ratio": MAX_RATIO,
            "rows": len(answer["records"]),
            "total": total,
            "same_answer_as_sql": same,
        }
    ]
