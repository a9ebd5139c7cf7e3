"""The hand-written SQL of the factory_reports bench cases (the lower bound
of case_reports.py: the same numbers as the reports, split from it)."""

LIMIT = 80  # rows of a list page (the native read and the SQL alike)

# on hand per (material, warehouse): internal locations of the warehouse
STOCK = """
stock AS MATERIALIZED (
    SELECT q.product_id, l.warehouse_id, SUM(q.quantity) AS qty,
           MIN(q.in_date) AS first_in
      FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
     WHERE l.usage = 'internal' AND l.warehouse_id IS NOT NULL
     GROUP BY 1, 2 HAVING SUM(q.quantity) > 0
), cost AS MATERIALIZED (
    SELECT product_id, company_id, SUM(value) / NULLIF(SUM(quantity), 0) AS unit
      FROM stock_valuation_layer GROUP BY 1, 2
)"""

# done moves crossing a warehouse's boundary, once per side they touch
CROSSING = """
crossing AS MATERIALIZED (
    SELECT m.id, m.product_id, m.date, m.product_qty, m.is_inventory, m.scrap_id,
           ls.warehouse_id AS src_wh, ld.warehouse_id AS dst_wh,
           ls.usage AS src_usage, ld.usage AS dst_usage,
           ls.scrap_location AS src_scrap, ld.scrap_location AS dst_scrap
      FROM stock_move m
      JOIN stock_location ls ON ls.id = m.location_id
      JOIN stock_location ld ON ld.id = m.location_dest_id
     WHERE m.state = 'done'
       AND ((ld.usage = 'internal' AND ld.warehouse_id IS NOT NULL)
            OR (ls.usage = 'internal' AND ls.warehouse_id IS NOT NULL))
       AND NOT (ls.usage = 'internal' AND ld.usage = 'internal'
                AND ls.warehouse_id IS NOT DISTINCT FROM ld.warehouse_id)
)"""

DEAD_SQL = f"""
WITH {STOCK}, {CROSSING},
dates AS (
    SELECT c.product_id, w.wh,
           MAX(c.date) FILTER (WHERE w.dir = 1 AND NOT COALESCE(c.is_inventory, FALSE))
               AS last_in,
           MAX(c.date) FILTER (WHERE w.dir = -1 AND NOT COALESCE(c.is_inventory, FALSE))
               AS last_out,
           MIN(c.date) FILTER (WHERE w.dir = 1) AS first_in
      FROM crossing c
     CROSS JOIN LATERAL (VALUES
           (CASE WHEN c.dst_usage = 'internal' THEN c.dst_wh END, 1),
           (CASE WHEN c.src_usage = 'internal' THEN c.src_wh END, -1)) w(wh, dir)
     WHERE w.wh IS NOT NULL
     GROUP BY 1, 2
), rows AS (
    SELECT s.product_id, s.warehouse_id, s.qty, d.last_in, d.last_out,
           CURRENT_DATE - COALESCE(d.last_out, d.first_in, s.first_in)::date AS idle,
           co.factory_dead_stock_days AS dead, co.factory_slow_stock_days AS slow,
           s.qty * COALESCE(cost.unit, 0) AS value
      FROM stock s
      JOIN stock_warehouse wh ON wh.id = s.warehouse_id
      JOIN res_company co ON co.id = wh.company_id
      JOIN product_product pp ON pp.id = s.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id AND pt.is_storable
 LEFT JOIN dates d ON d.product_id = s.product_id AND d.wh = s.warehouse_id
 LEFT JOIN cost ON cost.product_id = s.product_id AND cost.company_id = co.id
)
SELECT product_id::bigint * 1048576 + warehouse_id, qty, value, idle,
       COUNT(*) OVER () AS total
  FROM rows
 WHERE idle >= slow
 ORDER BY idle DESC, product_id, warehouse_id
 LIMIT {LIMIT}
"""

# FIFO: what is on hand arrived last; newest incoming moves first
AGING_SQL = f"""
WITH {STOCK}, {CROSSING},
incoming AS (
    SELECT c.product_id, c.dst_wh AS wh, c.date, c.product_qty AS qty,
           SUM(c.product_qty) OVER (PARTITION BY c.product_id, c.dst_wh
                                    ORDER BY c.date DESC, c.id DESC) AS upto
      FROM crossing c
     WHERE c.dst_usage = 'internal' AND c.dst_wh IS NOT NULL
), pieces AS (
    SELECT i.product_id, i.wh, i.date,
           LEAST(i.qty, s.qty - (i.upto - i.qty)) AS qty
      FROM incoming i
      JOIN stock s ON s.product_id = i.product_id AND s.warehouse_id = i.wh
     WHERE i.upto - i.qty < s.qty
), rest AS (
    SELECT s.product_id, s.warehouse_id AS wh, s.first_in AS date,
           s.qty - COALESCE(SUM(p.qty), 0) AS qty
      FROM stock s
 LEFT JOIN pieces p ON p.product_id = s.product_id AND p.wh = s.warehouse_id
     GROUP BY s.product_id, s.warehouse_id, s.first_in, s.qty
    HAVING s.qty - COALESCE(SUM(p.qty), 0) > 0.000001
), rows AS (
    SELECT a.product_id, a.wh, pp.default_code, SUM(a.qty) AS qty,
           SUM(a.qty * COALESCE(cost.unit, 0)) AS value,
           SUM(a.qty) FILTER (WHERE CURRENT_DATE - a.date::date > 365) AS old
      FROM (SELECT * FROM pieces UNION ALL SELECT * FROM rest) a
      JOIN product_product pp ON pp.id = a.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id AND pt.is_storable
      JOIN stock_warehouse w ON w.id = a.wh
 LEFT JOIN cost ON cost.product_id = a.product_id AND cost.company_id = w.company_id
     GROUP BY a.product_id, a.wh, pp.default_code
)
SELECT product_id::bigint * 1048576 + wh, qty, value, old, COUNT(*) OVER ()
  FROM rows
 ORDER BY default_code, product_id, wh
 LIMIT {LIMIT}
"""

# turnover of each month: cost of goods issued / average of the opening and
# closing stock value, summed over every warehouse and category
TURNOVER_SQL = f"""
WITH {CROSSING},
cost AS MATERIALIZED (
    SELECT product_id, company_id, SUM(value) / NULLIF(SUM(quantity), 0) AS unit
      FROM stock_valuation_layer GROUP BY 1, 2
), layer AS MATERIALIZED (
    SELECT stock_move_id, SUM(value) AS value FROM stock_valuation_layer
     WHERE stock_move_id IS NOT NULL GROUP BY 1
), sided AS (
    SELECT DATE_TRUNC('month', c.date)::date AS month, w.wh, pt.categ_id, w.dir,
           COALESCE(ABS(l.value), c.product_qty * COALESCE(cost.unit, 0)) AS value,
           w.dir = -1 AND (
               (c.dst_usage IN ('production', 'customer')
                AND NOT COALESCE(c.dst_scrap, FALSE))
               OR (c.dst_usage = 'internal' AND c.dst_wh IS NULL)
               OR c.scrap_id IS NOT NULL OR COALESCE(c.dst_scrap, FALSE)
           ) AS consumed
      FROM crossing c
     CROSS JOIN LATERAL (VALUES
           (CASE WHEN c.dst_usage = 'internal' THEN c.dst_wh END, 1),
           (CASE WHEN c.src_usage = 'internal' THEN c.src_wh END, -1)) w(wh, dir)
      JOIN stock_warehouse wh ON wh.id = w.wh
      JOIN product_product pp ON pp.id = c.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id AND pt.is_storable
 LEFT JOIN layer l ON l.stock_move_id = c.id
 LEFT JOIN cost ON cost.product_id = c.product_id AND cost.company_id = wh.company_id
     WHERE w.wh IS NOT NULL
), monthly AS (
    SELECT month, wh, categ_id, SUM(dir * value) AS net,
           COALESCE(SUM(value) FILTER (WHERE consumed), 0) AS cogs
      FROM sided GROUP BY 1, 2, 3
), filled AS (
    -- every month from the first move of the warehouse and category: the
    -- closing value is the running sum of the net values
    SELECT m.month, g.wh, g.categ_id, COALESCE(c.cogs, 0) AS cogs,
           COALESCE(c.net, 0) AS net,
           SUM(COALESCE(c.net, 0)) OVER (PARTITION BY g.wh, g.categ_id
                                         ORDER BY m.month) AS closing
      FROM (SELECT wh, categ_id, MIN(month) AS first
              FROM monthly GROUP BY 1, 2) g
     CROSS JOIN LATERAL GENERATE_SERIES(g.first, DATE_TRUNC('month', CURRENT_DATE),
                                        INTERVAL '1 month') AS m(month)
 LEFT JOIN monthly c ON c.wh = g.wh AND c.categ_id = g.categ_id
                    AND c.month = m.month::date
)
SELECT month::date, SUM(cogs) / NULLIF(SUM((2 * closing - net) / 2.0), 0)
  FROM filled WHERE month >= %(first)s GROUP BY 1 ORDER BY 1
"""

SUPPLIER_SQL = """
WITH lines AS (
    SELECT po.partner_id,
           pol.price_subtotal / COALESCE(NULLIF(po.currency_rate, 0), 1) AS amount
      FROM purchase_order_line pol
      JOIN purchase_order po ON po.id = pol.order_id
     WHERE po.state IN ('purchase', 'done') AND pol.display_type IS NULL
       AND pol.product_uom_qty > 0
), inspections AS (
    SELECT partner_id, qty_passed, qty_passed + qty_rejected AS qty
      FROM factory_qc_inspection WHERE state IN ('inspected', 'confirmed')
)
SELECT partner_id, SUM(amount), NULL FROM lines GROUP BY 1
UNION ALL
SELECT partner_id, NULL, SUM(qty_passed) * 100.0 / NULLIF(SUM(qty), 0)
  FROM inspections GROUP BY 1
"""

ABC_SQL = """
SELECT COALESCE(p.factory_abc_class, 'c'), COUNT(*),
       SUM(COALESCE(p.factory_issue_value, 0)) * 100.0
           / NULLIF(SUM(SUM(COALESCE(p.factory_issue_value, 0))) OVER (), 0)
  FROM product_product p JOIN product_template t ON t.id = p.product_tmpl_id
 WHERE t.is_storable AND p.active
 GROUP BY 1 ORDER BY 1
"""


DASHBOARD_SQL = f"""
WITH {STOCK}
SELECT SUM(s.qty * COALESCE(cost.unit, 0)), COUNT(*)
  FROM stock s
  JOIN stock_warehouse w ON w.id = s.warehouse_id
  JOIN product_product pp ON pp.id = s.product_id
  JOIN product_template pt ON pt.id = pp.product_tmpl_id AND pt.is_storable
 LEFT JOIN cost ON cost.product_id = s.product_id AND cost.company_id = w.company_id
"""

# stock movement detail, default view: the last 30 days, newest first, a
# page of 80 and the count up to the web client's limit (10,001). Each done
# move of a stock-tracked material once per warehouse it enters (+1) or
# leaves (-1), or once (0) if neither; quantity in for +1 and 0, out for -1
# and 0; value: the move's layers
MOVEMENT_SIDES = """
    SELECT m.id * 4 + s.dir + 1 AS id, m.id AS move_id, m.date, m.product_qty,
           s.dir
      FROM stock_move m
      JOIN product_product pp ON pp.id = m.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id AND pt.is_storable
      JOIN stock_location ls ON ls.id = m.location_id
      JOIN stock_location ld ON ld.id = m.location_dest_id
     CROSS JOIN LATERAL (
           SELECT ld.usage = 'internal' AND ld.warehouse_id IS NOT NULL AS dst_in,
                  ls.usage = 'internal' AND ls.warehouse_id IS NOT NULL AS src_in,
                  ls.warehouse_id = ld.warehouse_id AS same
     ) f
     CROSS JOIN LATERAL (VALUES (1), (-1), (0)) s(dir)
     WHERE m.state = 'done' AND m.date >= CURRENT_DATE - 30
       AND CASE s.dir
             WHEN 1 THEN f.dst_in AND NOT (f.src_in AND f.same)
             WHEN -1 THEN f.src_in AND NOT (f.dst_in AND f.same)
             ELSE NOT (f.dst_in AND NOT (f.src_in AND f.same))
                  AND NOT (f.src_in AND NOT (f.dst_in AND f.same))
           END
"""
MOVEMENT_SQL = f"""
SELECT p.id, CASE WHEN p.dir >= 0 THEN p.product_qty END,
       CASE WHEN p.dir <= 0 THEN p.product_qty END,
       (SELECT SUM(v.value) FROM stock_valuation_layer v
         WHERE v.stock_move_id = p.move_id),
       (SELECT COUNT(*) FROM (SELECT 1 FROM ({MOVEMENT_SIDES}) c LIMIT 10001) n)
  FROM ({MOVEMENT_SIDES}) p
 ORDER BY p.date DESC, p.id DESC
 LIMIT {LIMIT}
"""
