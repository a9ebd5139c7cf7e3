"""Benchmark harness: named cases against a generated database.

    python bench/run.py --db factory_bench_large [--runs 7]
        [--cases board,history,fifo,stocktake,load,scan,shortage,issue_scan,
                 alerts,alerts_outbox,reports,dashboard,reports_xlsx,outsourcing,
                 api,mixed]
        [--quick]   every case once on the small profile (factory_bench_small)
    python bench/run.py --compare bench/results/a.json bench/results/b.json
    python bench/run.py --growth bench/results/small.json bench/results/large.json

Every case is timed against two baselines measured in the same run: the
native Odoo screen or method a user would otherwise use, and a hand-written
SQL query giving the same answer (the lower bound).  Each is run once to
warm up, then ``--runs`` times with the ORM cache emptied; the median
counts.  A progress line is printed per case and timed run (case, run i of
n, elapsed since the start).  One table is printed; the results are also
written as JSON under bench/results/ (git-ignored) for ``--compare``, with
the machine's core count and load average (start and end of the run).
"""

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
import load
from case_alerts import case_alerts
from case_api import case_api_load
from case_board import BOARD_SPEC, case_board, case_history
from case_fifo import case_fifo
from case_issue_scan import case_issue_scan_load
from case_mixed import case_mixed_load
from case_outsourcing import case_outsourcing
from case_reports import case_reports, case_reports_xlsx, ensure_manager
from case_scan import case_scan_load
from case_shortage import case_shortage
from case_stocktake import case_stocktake
from common import BENCH_LOGIN, BENCH_PASSWORD, BenchError, say
from mrp_data import ensure_mrp_data
from outsourcing_data import ensure_outsourcing_data
from report import (
    PROGRESS,
    SKIPPED,
    compare,
    growth,
    machine,
    ratio_verdict,
    report,
    verdict,
)

CASES = (
    "board",
    "history",
    "fifo",
    "stocktake",
    "load",
    "scan",
    "shortage",
    "issue_scan",
    "alerts",
    "alerts_outbox",
    "reports",
    "dashboard",
    "reports_xlsx",
    "outsourcing",
    "api",
    "mixed",
)
MRP_CASES = ("shortage", "issue_scan", "mixed")
REPORT_CASES = ("reports", "dashboard", "reports_xlsx", "outsourcing", "mixed")


# what the progress lines name: the case running and when the bench started
def progress(message):
    """One progress line, with the time since the benchmark started."""
    spent = time.perf_counter() - PROGRESS["started"]
    say(f"[{int(spent // 60):02d}:{spent % 60:04.1f}] {message}")


def timed(env, fn, runs, label=None):
    """Median time (ms) of ``fn`` over ``runs`` runs with the record cache
    emptied, after one warm-up run; a progress line per run (case, what is
    timed: the suite's ``suite``, ``native`` or ``sql``, run i of n)."""
    label = label or " ".join(x for x in (PROGRESS["case"], fn.__name__) if x)
    times, result = [], None
    for i in range(runs + 1):
        env.invalidate_all()
        started = time.perf_counter()
        result = fn()
        elapsed = (time.perf_counter() - started) * 1000
        if i:
            times.append(elapsed)
        run = f"run {i} of {runs}" if i else "warm-up"
        progress(f"{label}: {run}, {elapsed:,.1f} ms")
    return statistics.median(times), result


def case_load(db, conf, ctx, args):
    wh_id = ctx["warehouse"].id
    call = (
        "factory.stock.board",
        "search_read",
        [[("warehouse_id", "=", wh_id), ("status", "=", "below")]],
        {"fields": list(BOARD_SPEC), "limit": 80},
    )
    with load.odoo_server(db, conf, port=args.port, workers=args.workers) as url:
        result = load.run_load(
            url,
            db,
            BENCH_LOGIN,
            BENCH_PASSWORD,
            call,
            clients=args.clients,
            duration=args.seconds,
        )
    result["case"] = (
        f"load: {args.clients} clients x {args.seconds:.0f} s, stock board, "
        f"{args.workers} workers"
    )
    return result


def context(env):
    user = env["res.users"].search([("login", "=", BENCH_LOGIN)], limit=1)
    warehouse = env["stock.warehouse"].search([("code", "=", "BW1")], limit=1)
    if not user or not warehouse:
        raise BenchError(
            f"{env.cr.dbname} was not made by bench/generate.py "
            f"(no {BENCH_LOGIN} / BW1)"
        )
    env.cr.execute(
        """SELECT ml.product_id, COUNT(*) FROM stock_move_line ml
             JOIN stock_location l ON l.id = ml.location_id
            WHERE ml.state = 'done' AND l.warehouse_id = %s
            GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1""",
        [warehouse.id],
    )
    product, count = env.cr.fetchone()
    sizes = {}
    for table in (
        "product_product",
        "stock_move",
        "stock_move_line",
        "stock_quant",
        "stock_valuation_layer",
        "stock_picking",
        "stock_lot",
    ):
        env.cr.execute(f"SELECT COUNT(*) FROM {table}")
        sizes[table] = env.cr.fetchone()[0]
    return {
        "user": user,
        "warehouse": warehouse,
        "busiest_product": product,
        "busiest_count": count,
        "sizes": sizes,
    }


QUICK_DB = "factory_bench_small"
QUICK_SECONDS = 3.0


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Run the Factory Suite benchmarks.")
    parser.add_argument("--db", help="benchmark database (default factory_bench_large)")
    parser.add_argument(
        "--runs", type=int, help="timed runs per case (median; default 7)"
    )
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"every case once (--runs 1, load cases {QUICK_SECONDS:g} s) on the "
        f"small profile ({QUICK_DB}, generated first when missing)",
    )
    parser.add_argument(
        "--clients", type=int, default=20, help="load: concurrent clients"
    )
    parser.add_argument("--seconds", type=float, help="load: duration (default 10)")
    parser.add_argument("--workers", type=int, default=2, help="load: server workers")
    parser.add_argument("--port", type=int, default=8869, help="load: loopback port")
    parser.add_argument(
        "--no-jit",
        action="store_true",
        help="PostgreSQL's JIT off for this run and its children (PGOPTIONS): "
        "by default the server's setting applies",
    )
    parser.add_argument("--compare", nargs=2, metavar="JSON")
    parser.add_argument(
        "--growth",
        nargs=2,
        metavar=("SMALL_JSON", "LARGE_JSON"),
        help="how each case's time grows from a small to a large profile run",
    )
    args = parser.parse_args(argv)
    if args.compare or args.growth:
        return args
    if args.db is None:
        args.db = QUICK_DB if args.quick else "factory_bench_large"
    if args.runs is None:
        args.runs = 1 if args.quick else 7
    if args.seconds is None:
        args.seconds = QUICK_SECONDS if args.quick else 10.0
    common.check_db_name(args.db)
    for key in ("runs", "clients", "workers", "port"):
        if getattr(args, key) <= 0:
            raise BenchError(f"--{key} must be a positive number")
    if args.seconds <= 0:
        raise BenchError("--seconds must be a positive number")
    args.cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = set(args.cases) - set(CASES)
    if unknown:
        raise BenchError(
            f"unknown case(s) {', '.join(sorted(unknown))}: {', '.join(CASES)}"
        )
    if not common.db_exists(args.db):
        if not args.quick:
            raise BenchError(
                f"database {args.db} does not exist: generate it first "
                f"(make bench-data, or python bench/generate.py --db {args.db})"
            )
        generate_small(args.db)
    return args


def generate_small(db):
    """--quick on a machine without the small benchmark database: make it."""
    say(f"{db} does not exist: generating it (small profile, a few minutes)")
    result = subprocess.run(
        [
            sys.executable,
            str(common.REPO / "bench" / "generate.py"),
            "--profile",
            "small",
            "--db",
            db,
        ],
        check=False,
        cwd=common.REPO,
    )
    if result.returncode:
        raise BenchError(f"generating {db} failed (see above)")


def _in_process_cases(env, ctx, args):
    """The cases measured in this process, in CASES order: {name: callable
    returning a list of rows}."""
    runs = args.runs
    return {
        "board": lambda: [case_board(env, ctx, runs, timed)],
        "history": lambda: [case_history(env, ctx, runs, timed)],
        "fifo": lambda: [case_fifo(env, ctx, runs, timed)],
        "stocktake": lambda: case_stocktake(env, ctx, runs, timed, ("stocktake",)),
        "shortage": lambda: case_shortage(env, ctx, runs, timed, ("shortage",)),
        "alerts": lambda: case_alerts(env, ctx, runs, timed, ("alerts",)),
        "alerts_outbox": lambda: case_alerts(env, ctx, runs, timed, ("alerts_outbox",)),
        "reports": lambda: case_reports(env, ctx, runs, timed, ("reports",)),
        "dashboard": lambda: case_reports(env, ctx, runs, timed, ("dashboard",)),
        "outsourcing": lambda: case_outsourcing(env, ctx, runs, timed),
    }


def _child_cases(args, conf, ctx):
    """Cases measured in a child process (their memory is theirs alone)."""
    return {
        "reports_xlsx": lambda: (
            [case_reports_xlsx(args.db, conf, ctx["manager"])] if ctx["manager"] else []
        ),
    }


def _load_cases(args, conf, ctx, registry):
    return {
        "load": lambda: [case_load(args.db, conf, ctx, args)],
        "scan": lambda: case_scan_load(args.db, conf, args),
        "issue_scan": lambda: case_issue_scan_load(args.db, conf, args, registry),
        "api": lambda: case_api_load(args.db, conf, args, registry),
        "mixed": lambda: case_mixed_load(args.db, conf, args, registry),
    }


# cases that could not run on the data (--quick goes on without them)
def run_cases(selected, table, ordinal, skip_unfit=False, savepoint=None):
    """Run the selected cases of ``table``, each announced and timed. With
    ``skip_unfit`` (--quick), a case that cannot run (a BenchError, e.g. too
    few lot-tracked materials on the small profile, or any error) is skipped
    and named, its changes undone (``savepoint``), and the others still run."""
    rows = []
    for name in CASES:
        if name not in selected or name not in table:
            continue
        ordinal[0] += 1
        PROGRESS["case"] = name
        progress(f"case {name} ({ordinal[0]} of {len(selected)}) started")
        started = time.perf_counter()
        try:
            with savepoint() if savepoint else contextlib.nullcontext():
                found = table[name]()
        except Exception as exc:
            if not skip_unfit:
                raise
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            reason = f"{type(exc).__name__}: {reason}"
            progress(f"case {name} ({ordinal[0]} of {len(selected)}) SKIPPED: {reason}")
            SKIPPED.append({"case": name, "reason": reason})
            continue
        rows.extend(found)
        progress(
            f"case {name} ({ordinal[0]} of {len(selected)}) done in "
            f"{time.perf_counter() - started:.1f} s, {len(found)} row(s)"
        )
    PROGRESS["case"] = ""
    return rows


def run_loads(args, conf, ctx, registry, ordinal):
    """The load cases (each with its own multi-worker server), with verdicts."""
    loads = run_cases(
        args.cases, _load_cases(args, conf, ctx, registry), ordinal, args.quick
    )
    for res in loads:
        if "ratio" in res:  # two figures of this run compared (case_scan.py)
            res["result"] = ratio_verdict(res)
            continue
        # a refused scan answers fast but books nothing: not a measured scan
        ok = res["errors"] == 0 and not res.get("refused") and res["requests"]
        if res.get("target_p95_ms"):
            ok = (
                ok
                and res["p95_ms"] is not None
                and res["p95_ms"] <= res["target_p95_ms"]
            )
        res["result"] = "PASS" if ok else "FAIL"
    return loads


def main(argv=None):
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
        if args.compare:
            return compare(*args.compare)
        if args.growth:
            return growth(*args.growth)
    except BenchError as exc:
        common.fail(str(exc))
    import odoo

    PROGRESS["started"] = time.perf_counter()
    if args.no_jit:
        # every connection of this run and of its child processes
        os.environ["PGOPTIONS"] = (
            os.environ.get("PGOPTIONS", "") + " -c jit=off"
        ).strip()
    before = machine()
    conf = common.write_conf(args.db, http_port=args.port)
    try:
        common.ensure_modules(args.db, conf)
    except BenchError as exc:
        common.fail(str(exc))
    registry = common.odoo_env(args.db, conf)
    mrp = None
    if set(MRP_CASES) & set(args.cases):
        try:  # made once, committed: every run measures the same orders
            mrp = ensure_mrp_data(registry)
        except BenchError as exc:
            common.fail(str(exc))
    manager = None
    if set(REPORT_CASES) & set(args.cases):
        manager = ensure_manager(registry)  # committed once
    outsourcing = None
    if "outsourcing" in args.cases:
        try:  # made once, committed, as the manufacturing data
            outsourcing = ensure_outsourcing_data(registry)
        except BenchError as exc:
            common.fail(str(exc))
    ordinal = [0]
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            ctx = context(env)
        except BenchError as exc:
            common.fail(str(exc))
        ctx["mrp"] = mrp
        ctx["manager"] = manager
        ctx["outsourcing"] = outsourcing
        say(f"{args.db}: " + ", ".join(f"{k} {v:,}" for k, v in ctx["sizes"].items()))
        env.cr.execute("SHOW jit")
        ctx["jit"] = env.cr.fetchone()[0]
        say(
            f"{args.runs} runs per case (median), user {BENCH_LOGIN}, warehouse "
            f"{ctx['warehouse'].name}; PostgreSQL JIT {ctx['jit']}; "
            f"{before['cores']} cores, load average "
            + " ".join(f"{x:g}" for x in before["load_avg"])
        )
        try:
            rows = run_cases(
                args.cases,
                _in_process_cases(env, ctx, args),
                ordinal,
                args.quick,
                savepoint=cr.savepoint,
            )
        except BenchError as exc:
            common.fail(str(exc))
        cr.rollback()
    try:
        rows += run_cases(
            args.cases, _child_cases(args, conf, ctx), ordinal, args.quick
        )
    except BenchError as exc:
        common.fail(str(exc))
    for row in rows:
        row["result"] = verdict(row)
    try:
        loads = run_loads(args, conf, ctx, registry, ordinal)
    except BenchError as exc:
        common.fail(str(exc))
    report(args, ctx, rows, loads, before)
    failed = [r for r in rows + loads if r["result"] != "PASS"]
    return 1 if failed or SKIPPED else 0


if __name__ == "__main__":
    sys.exit(main())
