"""Benchmark cases of the alert rules (factory_alerts, issue 16).

- ``alerts``: the default rules (low stock, high stock, dead stock 180 days)
  evaluated over their whole scope, every warehouse, as the dispatcher does
  (``_factory_evaluate``: one query per rule). Baselines: native, Odoo's
  reorder rules read with their on-hand figure; SQL, one hand-written query
  per rule giving the same subjects. Target: < 3 s and <= 3 x SQL.
- ``alerts_outbox``: the outbox sending 1,000 robot messages to a local robot
  server (50 robots, 20 messages each: the robots' rate limit a minute);
  throughput printed. Nothing is committed.
"""

import sys
import time
from datetime import datetime, timedelta

from common import REPO, say

TARGET_MS = 3000
MAX_RATIO = 3.0
OUTBOX_MESSAGES = 1000
OUTBOX_ROBOTS = 50

# the same conditions, written independently of the rules' queries
LEVELS_SQL = """
SELECT op.product_id, op.warehouse_id
  FROM (SELECT product_id, warehouse_id, SUM(product_min_qty) AS lo,
               SUM(product_max_qty) AS hi
          FROM stock_warehouse_orderpoint WHERE active
         GROUP BY 1, 2) op
  JOIN product_product pp ON pp.id = op.product_id
  JOIN product_template pt ON pt.id = pp.product_tmpl_id AND pt.is_storable
  LEFT JOIN (SELECT q.product_id, l.warehouse_id, SUM(q.quantity) AS qty
               FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
              WHERE l.usage = 'internal' AND l.warehouse_id IS NOT NULL
              GROUP BY 1, 2) s
         ON s.product_id = op.product_id AND s.warehouse_id = op.warehouse_id
 WHERE %(cond)s
"""
DEAD_SQL = """
SELECT q.product_id, l.warehouse_id
  FROM stock_quant q
  JOIN stock_location l ON l.id = q.location_id
  JOIN product_product pp ON pp.id = q.product_id
  JOIN product_template pt ON pt.id = pp.product_tmpl_id AND pt.is_storable
 WHERE l.usage = 'internal' AND l.warehouse_id IS NOT NULL
 GROUP BY 1, 2
HAVING SUM(q.quantity) > 0 AND MIN(q.in_date) <= %(cutoff)s
   AND NOT EXISTS (
       SELECT 1 FROM stock_move m
         JOIN stock_location ls ON ls.id = m.location_id
         JOIN stock_location ld ON ld.id = m.location_dest_id
        WHERE m.product_id = q.product_id AND m.state = 'done'
          AND m.date >= %(cutoff)s AND ls.warehouse_id = l.warehouse_id
          AND ld.warehouse_id IS DISTINCT FROM ls.warehouse_id)
"""
DEFAULT_RULES = ("low_stock", "high_stock", "dead_stock_report")


def case_alerts(env, ctx, runs, timed, cases):
    rows = []
    if "factory.alert.rule" not in env:
        say("factory_alerts is not installed: alert cases skipped")
        return rows
    if "alerts" in cases:
        rows.append(_rules_row(env, runs, timed))
    if "alerts_outbox" in cases:
        rows.append(_outbox_row(env))
    return rows


def _rules_row(env, runs, timed):
    Rule = env["factory.alert.rule"].with_context(active_test=False)
    rules = Rule.browse(
        [env.ref(f"factory_alerts.factory_alert_rule_{x}").id for x in DEFAULT_RULES]
    )
    cr = env.cr

    def suite():
        return {
            rule.rule_type: {(r["product_id"], r["warehouse_id"]) for r in rows}
            for rule in rules
            for rows in [rule._factory_evaluate()]
        }

    def native():
        return env["stock.warehouse.orderpoint"].search_read(
            [], ["product_id", "warehouse_id", "qty_on_hand", "product_min_qty"]
        )

    def sql():
        dead = rules.filtered(lambda r: r.rule_type == "dead_stock")
        cutoff = datetime.now() - timedelta(days=dead.days)
        answer = {}
        for rule_type, cond in (
            ("below_safety", "op.lo > 0 AND COALESCE(s.qty, 0) < op.lo"),
            (
                "above_max",
                (
                    "NOT (op.lo > 0 AND COALESCE(s.qty, 0) < op.lo)"
                    " AND op.hi > 0 AND COALESCE(s.qty, 0) > op.hi"
                ),
            ),
        ):
            cr.execute(LEVELS_SQL.replace("%(cond)s", cond))
            answer[rule_type] = set(cr.fetchall())
        cr.execute(DEAD_SQL, {"cutoff": cutoff})
        answer["dead_stock"] = set(cr.fetchall())
        return answer

    suite_ms, suite_res = timed(env, suite, runs)
    native_ms, _native = timed(env, native, runs)
    sql_ms, sql_res = timed(env, sql, runs)
    counts = ", ".join(f"{k} {len(v):,}" for k, v in sorted(suite_res.items()))
    return {
        "case": f"alerts: default rules evaluated ({counts})",
        "suite_ms": suite_ms,
        "native_ms": native_ms,
        "sql_ms": sql_ms,
        "target_ms": TARGET_MS,
        "max_ratio": MAX_RATIO,
        "rows": sum(len(v) for v in suite_res.values()),
        "same_answer_as_sql": suite_res == sql_res,
    }


def _outbox_row(env):
    sys.path.insert(0, str(REPO / "addons" / "factory_alerts" / "tests"))
    from robot_server import RobotServer

    server = RobotServer(dingtalk_secret="SECbench")
    try:
        robots = env["factory.alert.robot"].create(
            [
                {
                    "name": f"Bench robot {i}",
                    "robot_type": "dingtalk",
                    "url": server.url("dingtalk", f"bench{i}"),
                    "secret": "SECbench",
                }
                for i in range(OUTBOX_ROBOTS)
            ]
        )
        per_robot = OUTBOX_MESSAGES // OUTBOX_ROBOTS
        messages = env["factory.alert.outbox"]._factory_create(
            [
                {
                    "name": f"Bench {i}",
                    "channel": "robot",
                    "robot_id": robot.id,
                    "body": f"### Bench {i}\n- **[BENCH-{i:04d}]** material · WH: 1",
                }
                for i, robot in enumerate(r for r in robots for _n in range(per_robot))
            ]
        )
        started = time.perf_counter()
        env["factory.alert.outbox"]._factory_send_pending(
            limit=OUTBOX_MESSAGES, ids=messages.ids
        )
        elapsed = (time.perf_counter() - started) * 1000
        sent = messages.filtered(lambda m: m.state == "sent")
        rate = len(sent) / (elapsed / 1000) if elapsed else 0.0
        say(
            f"alerts outbox: {len(sent):,} of {len(messages):,} messages delivered "
            f"in {elapsed / 1000:.1f} s ({rate:.0f} messages/s), "
            f"{len(server.refused)} refused by the robots"
        )
    finally:
        server.stop()
    return {
        "case": f"alerts outbox: {OUTBOX_MESSAGES:,} messages, {rate:.0f}/s",
        "suite_ms": elapsed if len(sent) == len(messages) else float("inf"),
        "native_ms": 0.0,
        "sql_ms": 0.0,
        "target_ms": 120000,
        "max_ratio": None,
        "rows": len(sent),
        "throughput_per_s": round(rate, 1),
        "same_answer_as_sql": not server.refused,
    }
