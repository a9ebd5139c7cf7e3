"""Benchmark cases of the factory reports (factory_reports, issue 17).

- ``reports``: each report's default view read as the web client reads it
  when its menu is opened: the action's first view type and its default
  filters / group-bys (``search_default_*`` of the action's context, the
  filters' domains and ``group_by`` taken from the search view):

  * list: ``web_search_read`` of the list's fields, first 80 and the count;
  * pivot: one ``read_group`` per group-by level (the total, then rows, cols,
    rows × cols), with the pivot's measures;
  * graph: ``web_read_group`` of the graph's measure by its group-by.

  Baseline SQL: one hand-written query per report giving the same numbers
  (written from the reports' definitions, not from their queries), compared
  with what the view answered. Native: the closest screen of Odoo itself,
  the valuation layers grouped by product (``stock.valuation.layer``, the
  stock valuation report). Target: < 1.5 s and <= 3 x SQL each.
- ``dashboard``: ``get_dashboard_data`` of the management dashboard as a
  Factory Manager, < 2 s. SQL: the stock value and dead-stock figures of its
  tiles by hand. Native: Odoo's valuation total (one read_group).
- ``reports_xlsx``: the Excel export of the stock movement detail (出入库明细表)
  of the latest months holding at least 200,000 rows, through the export
  wizard, in a child process (``bench/xlsx_child.py``): an Odoo process
  reading the rows, which itself starts the wizard's workbook writer (a
  process importing xlsxwriter only, fed through a pipe). Reported apart:
  the writer's peak RSS (its own VmHWM, reported by it at its end), the
  Odoo process's peak during the export (``VmHWM``, reset just before it)
  and its growth above its resident memory before the export. Targets:
  >= 200,000 rows, < 20 s, writer < 150 MB.

The user is ``bench_manager`` (Factory Manager, sees values in every
warehouse), created once and committed (``ensure_manager``).
"""

import json
import subprocess
import sys
import time
from datetime import date, datetime

import common
from case_reports_sql import (
    ABC_SQL,
    AGING_SQL,
    DASHBOARD_SQL,
    DEAD_SQL,
    LIMIT,
    MOVEMENT_SQL,
    SUPPLIER_SQL,
    TURNOVER_SQL,
)
from common import BenchError, say
from dateutil.relativedelta import relativedelta

REPORT_TARGET_MS = 1500
REPORT_MAX_RATIO = 3.0
DASHBOARD_TARGET_MS = 2000
XLSX_TARGET_MS = 20000
XLSX_TARGET_MB = 150
XLSX_ROWS = 200000
COUNT_LIMIT = 10001
MANAGER_LOGIN = "bench_manager"

ACTIONS = (
    ("dead stock", "factory_reports.factory_report_dead_stock_action"),
    ("aging", "factory_reports.factory_report_aging_action"),
    ("turnover", "factory_reports.factory_report_turnover_action"),
    ("supplier", "factory_reports.factory_report_supplier_action"),
    ("ABC", "factory_reports.factory_report_abc_action"),
    ("movement", "factory_reports.factory_report_movement_action"),
)


def ensure_manager(registry):
    """The Factory Manager the report cases run as (committed once)."""
    import odoo

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if "factory.report.aging" not in env:
            return None
        Users = env["res.users"].with_context(no_reset_password=True)
        user = Users.search([("login", "=", MANAGER_LOGIN)], limit=1)
        if not user:
            warehouses = env["stock.warehouse"].search([("code", "like", "BW%")])
            user = Users.create(
                {
                    "name": "Bench Manager",
                    "login": MANAGER_LOGIN,
                    "password": MANAGER_LOGIN,
                    "groups_id": [
                        (
                            6,
                            0,
                            [
                                env.ref("factory_stock.group_factory_manager").id,
                                env.ref("factory_stock.group_factory_cost").id,
                            ],
                        )
                    ],
                    "factory_warehouse_ids": [(6, 0, warehouses.ids)],
                }
            )
            cr.commit()
            say(f"report cases: user {MANAGER_LOGIN} created")
        return user.id


# the default view of an action, as the web client derives it -------------


def _eval_context():
    from odoo.tools.safe_eval import datetime as safe_datetime
    from odoo.tools.safe_eval import time as safe_time

    today = date.today()
    return {
        "context_today": lambda: today,
        "relativedelta": relativedelta,
        "datetime": safe_datetime,
        "time": safe_time,
    }


def default_view(env, xmlid):
    """(model, view type, arch fields, domain, group-bys) of the action's
    default view with its default filters, as the web client opens it."""
    from lxml import etree

    from odoo.tools.safe_eval import safe_eval

    action = env.ref(xmlid).sudo()  # as /web/action/load reads it
    model = env[action.res_model]
    context = safe_eval(action.context or "{}", _eval_context())
    view_type = action.view_mode.split(",")[0]
    views = model.get_views(
        [(False, view_type), (action.search_view_id.id or False, "search")]
    )["views"]
    search = etree.fromstring(views["search"]["arch"])
    domain, groupby = [], []
    for key, value in context.items():
        if not key.startswith("search_default_") or not value:
            continue
        name = key[len("search_default_") :]
        node = search.find(f".//filter[@name='{name}']")
        if node is None:
            continue
        if node.get("domain"):
            domain += safe_eval(node.get("domain"), _eval_context())
        if node.get("context"):
            group_by = safe_eval(node.get("context"), _eval_context()).get("group_by")
            if group_by:
                groupby += [group_by] if isinstance(group_by, str) else group_by
    arch = etree.fromstring(views[view_type]["arch"])
    fields = [
        (node.get("name"), node.get("type"), node.get("interval"))
        for node in arch.iter("field")
    ]
    return model, view_type, fields, domain, groupby


def read_default_view(model, view_type, fields, domain, groupby):
    """What the web client asks for that view; returns the answer."""
    if view_type == "list":
        spec = {
            name: (
                {"fields": {"display_name": {}}}
                if model._fields[name].type == "many2one"
                else {}
            )
            for name, __, __ in fields
            if name in model._fields
        }
        return model.web_search_read(domain, spec, limit=LIMIT, count_limit=COUNT_LIMIT)
    measures = [
        f"{name}:{model._fields[name].aggregator}"
        for name, kind, __ in fields
        if kind == "measure"
    ] or ["__count"]
    if view_type == "pivot":
        rows = groupby or [
            name + (f":{interval}" if interval else "")
            for name, kind, interval in fields
            if kind == "row"
        ]
        cols = [
            name + (f":{interval}" if interval else "")
            for name, kind, interval in fields
            if kind == "col"
        ]
        levels = [[]]
        for row in range(len(rows) + 1):
            for col in range(len(cols) + 1):
                levels.append(rows[:row] + cols[:col])
        answer = {}
        for level in levels:
            key = tuple(level)
            if key not in answer:
                answer[key] = model.read_group(
                    domain, ["__count", *measures], level, lazy=False
                )
        return answer
    # graph
    groups = groupby or [
        name + (f":{interval}" if interval else "")
        for name, kind, interval in fields
        if kind != "measure"
    ]
    return model.with_context(fill_temporal=True).web_read_group(
        domain, measures, groups, lazy=False
    )


def _close(a, b):
    return abs((a or 0.0) - (b or 0.0)) <= 0.01 + 1e-6 * abs(b or 0.0)


def _same(key, answer, rows):
    """Whether the view's answer has the numbers of the SQL rows."""
    if key in ("dead stock", "aging"):
        # the page's ids, quantities and values, and the count
        total = rows[0][-1] if rows else 0
        # the list counts up to the web client's count limit
        return answer["length"] == min(total, COUNT_LIMIT) and all(
            r["id"] == row[0]
            and _close(r["qty"], row[1])
            and _close(r["value"], row[2])
            for r, row in zip(answer["records"], rows, strict=True)
        )
    if key == "turnover":
        sql = {month: value for month, value in rows}
        groups = answer["groups"]
        return bool(groups) and all(
            _close(
                g["turnover"],
                sql.get(
                    datetime.strptime(
                        g["__range"]["month:month"]["from"], "%Y-%m-%d"
                    ).date()
                ),
            )
            for g in groups
        )
    if key == "supplier":
        groups = answer[("partner_id",)]
        amounts = {r[0]: r[1] for r in rows if r[1] is not None}
        return all(
            _close(g.get("amount"), amounts.get(g["partner_id"][0]))
            for g in groups
            if g["partner_id"]
        ) and len([g for g in groups if g.get("amount")]) == len(
            [a for a in amounts.values() if a]
        )
    if key == "movement":
        # the page (rows of both sides of a move, newest first), its
        # quantities and values, and the count
        total = rows[0][-1] if rows else 0
        return answer["length"] == min(total, COUNT_LIMIT) and all(
            r["id"] == row[0]
            and _close(r["qty_in"], row[1])
            and _close(r["qty_out"], row[2])
            and _close(r["value"], row[3])
            for r, row in zip(answer["records"], rows, strict=True)
        )
    if key == "ABC":
        groups = answer[("abc_class",)]
        return [(g["abc_class"], g["material_count"]) for g in groups] == [
            (r[0], r[1]) for r in rows
        ] and all(
            _close(g["value_share"], r[2]) for g, r in zip(groups, rows, strict=True)
        )
    return False


def _rows_of(view_type, answer):
    if view_type == "list":
        return answer["length"]
    if view_type == "graph":
        return len(answer["groups"])
    return max(len(groups) for groups in answer.values())


def _native(env, user):
    layers = env["stock.valuation.layer"].with_user(user)

    def native():
        return layers.read_group(
            [], ["quantity:sum", "value:sum"], ["product_id"], lazy=False, limit=LIMIT
        )

    return native


def case_reports(env, ctx, runs, timed, cases):
    rows = []
    if "factory.report.aging" not in env:
        say("factory_reports is not installed: report cases skipped")
        return rows
    user = env["res.users"].browse(ctx["manager"])
    cr = env.cr
    if "reports" in cases:
        native_ms, __ = timed(env, _native(env, user), runs, "reports native")
        first_month = date.today().replace(day=1) - relativedelta(months=11)
        for key, xmlid in ACTIONS:
            model, view_type, fields, domain, groupby = default_view(
                env(user=user), xmlid
            )

            def suite(args=(model, view_type, fields, domain, groupby)):
                return read_default_view(*args)

            query = {
                "dead stock": DEAD_SQL,
                "aging": AGING_SQL,
                "turnover": TURNOVER_SQL,
                "supplier": SUPPLIER_SQL,
                "ABC": ABC_SQL,
                "movement": MOVEMENT_SQL,
            }[key]

            def sql(query=query):
                cr.execute(query, {"first": first_month})
                return cr.fetchall()

            suite_ms, answer = timed(env, suite, runs, f"reports {key} suite")
            sql_ms, sql_rows = timed(env, sql, runs, f"reports {key} sql")
            what = {"list": "first 80 + count", "pivot": "pivot", "graph": "graph"}
            filters = f", {len(domain)} filter(s)" if domain else ""
            groups = f", by {', '.join(groupby)}" if groupby else ""
            # nothing to compute (the generated data has no purchase orders
            # nor inspections): the view's time is the ORM's fixed cost, a
            # ratio to an empty query says nothing
            empty = not sql_rows
            count = _rows_of(view_type, answer)
            if view_type == "list" and sql_rows:
                count = sql_rows[0][-1]  # the list counts up to 10,001 only
            rows.append(
                {
                    "case": (
                        f"report {key}: {what[view_type]}{filters}{groups}, "
                        + ("no data, ratio not judged" if empty else f"{count:,} rows")
                    ),
                    "suite_ms": suite_ms,
                    "native_ms": native_ms,
                    "sql_ms": sql_ms,
                    "target_ms": REPORT_TARGET_MS,
                    "max_ratio": None if empty else REPORT_MAX_RATIO,
                    "rows": count,
                    "same_answer_as_sql": _same(key, answer, sql_rows),
                }
            )
    if "dashboard" in cases:
        rows.append(_dashboard_row(env, user, runs, timed))
    return rows


def _dashboard_row(env, user, runs, timed):
    dashboard = env["factory.report.dashboard"].with_user(user)
    layers = env["stock.valuation.layer"].with_user(user)
    cr = env.cr

    def suite():
        return dashboard.get_dashboard_data()

    def native():
        return layers.read_group([], ["value:sum"], [], lazy=False)

    def sql():
        cr.execute(DASHBOARD_SQL)
        return cr.fetchall()

    suite_ms, data = timed(env, suite, runs, "dashboard suite")
    native_ms, __ = timed(env, native, runs, "dashboard native")
    sql_ms, sql_rows = timed(env, sql, runs, "dashboard sql")
    tile = next(t for t in data["tiles"] if t["key"] == "stock_value")
    return {
        "case": f"dashboard: get_dashboard_data, {len(data['tiles'])} tiles",
        "suite_ms": suite_ms,
        "native_ms": native_ms,
        "sql_ms": sql_ms,
        "target_ms": DASHBOARD_TARGET_MS,
        "max_ratio": None,
        "rows": len(data["tiles"]),
        "same_answer_as_sql": _close(tile["value"], sql_rows[0][0]),
    }


# xlsx export in a child process ---------------------------------------------


def xlsx_row(db, conf, manager, report, min_rows=0):
    """Export ``report`` (the whole data set, or the latest months holding
    ``min_rows`` rows) in a child process; its time, rows and peak RSS."""
    out = common.CACHE / f"bench-{db}-export.xlsx"
    started = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            str(common.REPO / "bench" / "xlsx_child.py"),
            "--db",
            db,
            "--conf",
            str(conf),
            "--user",
            str(manager),
            "--report",
            report,
            "--min-rows",
            str(min_rows),
            "--out",
            str(out),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=common.REPO,
    )
    stdout, stderr = proc.communicate()
    wall_ms = (time.perf_counter() - started) * 1000
    if proc.returncode:
        raise BenchError(f"xlsx export child failed:\n{stderr[-3000:]}")
    answer = json.loads(stdout.strip().splitlines()[-1])
    size = out.stat().st_size if out.exists() else 0
    out.unlink(missing_ok=True)
    answer.update(wall_ms=wall_ms, file_mb=size / 2**20)
    return answer


def case_reports_xlsx(db, conf, manager):
    """The stock movement detail of the latest months holding 200,000 rows
    (the row target), exported by an Odoo process and its writer."""
    answer = xlsx_row(db, conf, manager, "factory.report.movement", XLSX_ROWS)
    writer_mb = answer["writer_peak_mb"]
    odoo_peak = answer["vmhwm_mb"]
    growth = odoo_peak - answer["rss_before_mb"]
    say(
        f"reports xlsx: {answer['rows']:,} rows of {answer['report']} from "
        f"{answer['date_from']} in {answer['export_ms'] / 1000:.1f} s (child "
        f"{answer['wall_ms'] / 1000:.1f} s with Odoo's start); writer process "
        f"peak RSS {writer_mb:.0f} MB; Odoo process {answer['rss_before_mb']:.0f} "
        f"MB before, peak {odoo_peak:.0f} MB (+{growth:.0f} MB), "
        f"{answer['rss_after_mb']:.0f} MB after; report query alone "
        f"{answer['sql_ms'] / 1000:.1f} s; workbook {answer['file_mb']:.1f} MB"
    )
    return {
        "case": (
            f"reports xlsx: movement {answer['rows']:,} rows, writer "
            f"{writer_mb:.0f} MB (<{XLSX_TARGET_MB}), Odoo +{growth:.0f} MB"
        ),
        "suite_ms": answer["export_ms"],
        "native_ms": 0.0,
        "sql_ms": answer["sql_ms"],
        "target_ms": XLSX_TARGET_MS,
        "max_ratio": None,
        "rows": answer["rows"],
        "date_from": answer["date_from"],
        "peak_rss_mb": round(writer_mb, 1),
        "writer_peak_rss_mb": round(writer_mb, 1),
        "odoo_peak_rss_mb": round(odoo_peak, 1),
        "odoo_growth_mb": round(growth, 1),
        "rss_before_mb": round(answer["rss_before_mb"], 1),
        "rss_after_mb": round(answer["rss_after_mb"], 1),
        "target_rss_mb": XLSX_TARGET_MB,
        "enough_rows": answer["rows"] >= XLSX_ROWS,
        "same_answer_as_sql": answer["totals_match"],
    }


def xlsx_verdict(row):
    """< 20 s, the writer < 150 MB, at least 200,000 rows."""
    return (
        row["suite_ms"] <= row["target_ms"]
        and row["peak_rss_mb"] < row["target_rss_mb"]
        and row["enough_rows"]
    )
