"""Concurrency soak test: N clients at once against a prefork Odoo.

    python bench/soak.py --clients 20 --on-hand 10          # make soak
    python bench/soak.py --clients 5 --on-hand 3 --rounds 1 --json out.json

1. Copies the test database (``CREATE DATABASE ... TEMPLATE $TEST_DB``, and
   its filestore) into ``<source>_soak`` and prepares it through the ORM
   (bench/soak_prepare.py): clerks, a lot of ``--on-hand`` units per case,
   the scan transfers, the documents to approve.
2. Starts Odoo on it in prefork mode (``--workers``, no cron) on loopback.
3. Runs the cases, each client its own JSON-RPC session (bench/soak_cases.py):
   - delivery: every client delivers one unit of the lot through Odoo's own
     flow (create, confirm, check availability, set quantity, validate);
   - scan: every client picks one unit of a lot with the barcode view's scan
     endpoint (factory.scan), half the stock reserved by Odoo beforehand;
   - approve: two approvers press Approve on one document at once
     (stocktake, inspection confirmation, material request), per round.
4. Prints clients, operations, issued, refused (by message), errors (by
   message), duration, and what the server retried; checks the stock in the
   database afterwards; exits 1 when a promise is broken (2: set-up problem).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg2

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
import load
import soak_cases
from common import BenchError

# a refusal of an issue for want of stock, in the words of the suite's rules
INSUFFICIENT = re.compile(
    r"(?i)insufficient stock|not enough stock|^only .+ (?:of|in) "
)
ALREADY = re.compile(r"(?i)already")


def pg(dbname="postgres"):
    conn = psycopg2.connect(dbname=dbname, **common.PG)
    conn.autocommit = True
    return conn


def filestore(db):
    import odoo

    odoo.tools.config.parse_config([])
    return Path(odoo.tools.config.filestore(db))


def drop_copy(db):
    conn = pg()
    with conn.cursor() as cr:
        cr.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            [db],
        )
        cr.execute(f'DROP DATABASE IF EXISTS "{db}"')
    conn.close()
    shutil.rmtree(filestore(db), ignore_errors=True)


def make_copy(source, db):
    drop_copy(db)
    conn = pg()
    try:
        with conn.cursor() as cr:
            cr.execute(f'CREATE DATABASE "{db}" TEMPLATE "{source}"')
    except psycopg2.Error as exc:
        raise BenchError(
            f"cannot copy {source} into {db}: {str(exc).strip()} (a copy needs "
            f"{source} to have no open connection)"
        ) from None
    finally:
        conn.close()
    if filestore(source).is_dir():
        shutil.copytree(filestore(source), filestore(db))


def prepare(db, conf, params):
    script = (
        f"PARAMS = {params!r}\n"
        + (Path(__file__).parent / "soak_prepare.py").read_text()
    )
    cmd = [sys.executable, str(common.ODOO_BIN), "shell", "-c", str(conf), "-d", db]
    cmd += ["--no-http", "--log-level=warn"]
    proc = subprocess.run(
        cmd,
        input=script,
        capture_output=True,
        text=True,
        cwd=common.REPO,
        timeout=900,
        check=False,
    )
    for line in proc.stdout.splitlines():
        if line.startswith("SOAK_JSON:"):
            return json.loads(line[len("SOAK_JSON:") :])
    raise BenchError(f"preparing {db} failed:\n{(proc.stderr or proc.stdout)[-3000:]}")


def login_all(url, db, logins):
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(
            pool.map(
                lambda login: soak_cases.Session(url, db, login).authenticate(), logins
            )
        )


# ------------------------------------------------------------- verification
def stock_figures(cr, product, internal_under=None):
    """On hand, lowest quant, reserved, negative and over-reserved quants of
    ``product`` in internal locations (under ``internal_under`` if given), done
    quantity and open reserved move lines."""
    where = "l.usage = 'internal'"
    params = [product]
    if internal_under:
        where += (
            " AND l.parent_path LIKE (SELECT parent_path FROM stock_location"
            " WHERE id = %s) || '%%'"
        )
        params.append(internal_under)
    cr.execute(
        f"""SELECT COALESCE(SUM(q.quantity), 0), COALESCE(MIN(q.quantity), 0),
                   COALESCE(SUM(q.reserved_quantity), 0),
                   COUNT(*) FILTER (WHERE q.quantity < 0),
                   COUNT(*) FILTER (WHERE q.reserved_quantity > q.quantity + 0.0001)
              FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
             WHERE q.product_id = %s AND {where}""",
        params,
    )
    on_hand, lowest, reserved, negative, over = cr.fetchone()
    cr.execute(
        """SELECT COALESCE(SUM(ml.quantity_product_uom) FILTER (WHERE ml.state = 'done'
                                          AND d.usage = 'customer'), 0),
                  COALESCE(SUM(ml.quantity_product_uom) FILTER (WHERE ml.state
                                          NOT IN ('done', 'cancel')
                                          AND l.usage = 'internal'), 0),
                  COUNT(DISTINCT ml.move_id) FILTER (WHERE ml.state = 'done')
             FROM stock_move_line ml
             JOIN stock_location l ON l.id = ml.location_id
             JOIN stock_location d ON d.id = ml.location_dest_id
            WHERE ml.product_id = %s""",
        [product],
    )
    delivered, open_reserved, done_moves = cr.fetchone()
    return {
        "on_hand": on_hand,
        "lowest_quant": lowest,
        "reserved": reserved,
        "negative_quants": negative,
        "over_reserved_quants": over,
        "delivered": delivered,
        "open_reserved_lines": open_reserved,
        "done_moves": done_moves,
    }


def check(promises, name, ok, detail=""):
    promises.append({"promise": name, "ok": bool(ok), "detail": detail})


def verify_issue(cr, summary, product, on_hand, reserved_pickings=()):
    """The stock promises of a delivery or scan case."""
    promises = []
    figures = stock_figures(cr, product)
    summary["stock"] = figures
    issued, clients = summary["done"], summary["clients"]
    expected = min(on_hand, clients)
    check(
        promises,
        "exactly the stock on hand is issued",
        issued == expected,
        f"{issued} issued, {expected} expected",
    )
    check(
        promises,
        "the database shows what the clients were told",
        abs(figures["delivered"] - issued) < 1e-6,
        f"{figures['delivered']:g} delivered in the database",
    )
    check(
        promises,
        "on hand consumed == issued",
        abs(on_hand - figures["on_hand"] - issued) < 1e-6,
        f"{on_hand} - {figures['on_hand']:g} on hand now",
    )
    check(
        promises,
        "no negative quant",
        not figures["negative_quants"],
        f"lowest quant {figures['lowest_quant']:g}",
    )
    check(
        promises,
        "reservations match the open move lines",
        abs(figures["reserved"] - figures["open_reserved_lines"]) < 1e-6
        and not figures["over_reserved_quants"],
        f"quants {figures['reserved']:g} reserved, move lines "
        f"{figures['open_reserved_lines']:g}, {figures['over_reserved_quants']} "
        "quants reserved above their quantity",
    )
    unclear = [m for m in summary["refused"] if not INSUFFICIENT.search(m)]
    check(
        promises,
        "every other client is told: insufficient stock",
        not unclear,
        "; ".join(unclear),
    )
    check(
        promises,
        "no error reaches a client",
        not summary["errors"],
        "; ".join(summary["errors"]),
    )
    if reserved_pickings:
        cr.execute(
            "SELECT name FROM stock_picking WHERE id IN %s AND state <> 'done'",
            [tuple(reserved_pickings)],
        )
        lost = [row[0] for row in cr.fetchall()]
        check(promises, "what Odoo had reserved is issued", not lost, ", ".join(lost))
    return promises


def verify_approvals(cr, summary, prep):
    promises = []
    bad_rounds = [
        f"{r['kind']} {r['id']}: "
        + ", ".join(f"{o['outcome']} {o['message'][:60]}" for o in r["outcomes"])
        for r in summary["rounds"]
        if sorted(o["outcome"] for o in r["outcomes"]) != ["done", "refused"]
        or not all(
            ALREADY.search(o["message"])
            for o in r["outcomes"]
            if o["outcome"] == "refused"
        )
    ]
    check(
        promises,
        "one approver wins, the other is told it is already done",
        not bad_rounds,
        "; ".join(bad_rounds),
    )
    check(
        promises,
        "no error reaches an approver",
        not summary["errors"],
        "; ".join(summary["errors"]),
    )
    twice = []
    for item in prep["rounds"]["stocktake"]:
        cr.execute("SELECT state FROM factory_stocktake WHERE id = %s", [item["id"]])
        state = cr.fetchone()[0]
        figures = stock_figures(cr, item["product"])
        if state != "done" or figures["on_hand"] != 4 or figures["done_moves"] != 2:
            twice.append(f"stocktake {item['id']}: {figures}")
    for item in prep["rounds"]["inspection"]:
        figures = stock_figures(cr, item["product"], internal_under=prep["stock"])
        if figures["on_hand"] != item["qty"] or figures["done_moves"] != 2:
            twice.append(f"inspection of receipt {item['id']}: {figures}")
    for item in prep["rounds"]["request"]:
        cr.execute(
            """SELECT r.state, COUNT(p.id) FROM factory_material_request r
                 LEFT JOIN stock_picking p ON p.factory_material_request_id = r.id
                WHERE r.id = %s GROUP BY r.state""",
            [item["id"]],
        )
        state, pickings = cr.fetchone()
        if state != "approved" or pickings != 1:
            twice.append(f"request {item['id']}: {state}, {pickings} transfers")
    check(promises, "each approval took effect once", not twice, "; ".join(twice))
    return promises


# ------------------------------------------------------------------ report
def server_retries(log_path):
    text = Path(log_path).read_text(errors="replace") if Path(log_path).exists() else ""
    retried = Counter(re.findall(r"(\w+), \d+ tries left, try again", text))
    exhausted = Counter(re.findall(r"(\w+), maximum number of tries reached", text))
    return {"retried": dict(retried), "exhausted": dict(exhausted)}


def print_summary(summary):
    refused = sum(summary["refused"].values())
    errors = sum(summary["errors"].values())
    line = (
        f"{summary['case']:<10} clients {summary['clients']:>3}   operations "
        f"{summary['operations']:>4}   {summary['verb']} {summary['done']:>3}   "
        f"refused {refused:>3}   errors {errors:>3}   {summary['seconds']:>6.1f} s"
    )
    print(line)
    for label, groups in (
        ("refused", summary["refused"]),
        ("error", summary["errors"]),
    ):
        for key, count in sorted(groups.items(), key=lambda item: -item[1]):
            # one of the messages as the clients got it (the key has # for
            # the references and numbers that vary)
            sample = summary["samples"].get(key, key)
            if label == "error":
                sample = f"{key.split(':')[0]}: {sample}"
            print(f"    {label} x{count}: {sample}")


def print_promises(promises):
    for p in promises:
        mark = "PASS" if p["ok"] else "FAIL"
        detail = f"  ({p['detail']})" if p["detail"] and not p["ok"] else ""
        print(f"    [{mark}] {p['promise']}{detail}")


# -------------------------------------------------------------------- main
def run_cases(args, url, copy, prep):
    cases = []
    clerks = prep["clerks"]
    conn = pg(copy)
    if "delivery" in args.cases:
        sessions = login_all(url, copy, clerks)
        outcomes, seconds = soak_cases.run_together(
            sessions, soak_cases.delivery_flow(prep)
        )
        summary = soak_cases.summarize("delivery", outcomes, seconds)
        with conn.cursor() as cr:
            summary["promises"] = verify_issue(
                cr, summary, prep["delivery"]["product"], args.on_hand
            )
        cases.append(summary)
    if "scan" in args.cases:
        sessions = login_all(url, copy, clerks)
        outcomes, seconds = soak_cases.run_together(
            sessions, soak_cases.scan_flow(prep)
        )
        summary = soak_cases.summarize("scan", outcomes, seconds)
        with conn.cursor() as cr:
            summary["promises"] = verify_issue(
                cr,
                summary,
                prep["scan"]["product"],
                args.on_hand,
                prep["scan"]["reserved"],
            )
        cases.append(summary)
    if "approve" in args.cases:
        approvers = {
            "stocktake": prep["supervisors"],
            "inspection": prep["supervisors"],
            "request": prep.get("workshop", [None])[1:],
        }
        rounds, every, started = [], [], time.time()
        for kind, items in prep["rounds"].items():
            for item in items:
                sessions = login_all(url, copy, approvers[kind])
                flow = soak_cases.approval_flow(kind, item["id"])
                outcomes, __ = soak_cases.run_together(sessions, flow)
                rounds.append({"kind": kind, "id": item["id"], "outcomes": outcomes})
                every += outcomes
        summary = soak_cases.summarize("approve", every, time.time() - started)
        summary["rounds"] = rounds
        with conn.cursor() as cr:
            summary["promises"] = verify_approvals(cr, summary, prep)
        cases.append(summary)
    conn.close()
    return cases


def parse_args(argv):
    source = os.environ.get("TEST_DB", "factory_test")
    port = int(os.environ.get("TEST_HTTP_PORT", "8169")) + 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--on-hand", type=int, default=10)
    parser.add_argument(
        "--rounds", type=int, default=3, help="documents per approval kind"
    )
    parser.add_argument("--source", default=source, help="database to copy ($TEST_DB)")
    parser.add_argument("--db", help="name of the copy (default <source>_soak)")
    parser.add_argument(
        "--port", type=int, default=port, help="HTTP port (and +1 gevent)"
    )
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--cases", default="delivery,scan,approve")
    parser.add_argument("--conf", help="Odoo configuration (default: the test one)")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--keep", action="store_true", help="keep the copy afterwards")
    args = parser.parse_args(argv)
    args.cases = {c.strip() for c in args.cases.split(",") if c.strip()}
    args.db = args.db or f"{args.source}_soak"
    if "soak" not in args.db or args.db == args.source:
        raise BenchError(
            f"the copy must be a database of its own named *soak*, not {args.db}"
        )
    if not 1 <= args.clients <= 100 or not 1 <= args.on_hand <= 1000:
        raise BenchError("--clients must be 1..100 and --on-hand 1..1000")
    if args.cases - {"delivery", "scan", "approve"}:
        raise BenchError(f"unknown cases: {', '.join(args.cases)}")
    return args


def main(argv=None):
    args = parse_args(argv)
    conf = Path(args.conf or common.CACHE / f"odoo-test-{args.source}.conf")
    if not conf.exists():
        raise BenchError(f"no {conf}: build the test database first (make testdb)")
    os.environ["BENCH_SERVER_LOG"] = "info"  # the server logs each retry
    log_path = common.CACHE / f"soak-server-{args.db}.log"
    started = time.time()
    common.say(f"copying {args.source} into {args.db}")
    make_copy(args.source, args.db)
    try:
        common.say(f"preparing {args.clients} clerks, {args.on_hand} on hand per case")
        params = {
            "stamp": int(time.time()) % 100000,
            "clients": args.clients,
            "on_hand": args.on_hand,
            "rounds": args.rounds,
        }
        prep = prepare(args.db, conf, params)
        common.say(f"prefork Odoo ({args.workers} workers) on 127.0.0.1:{args.port}")
        with load.odoo_server(
            args.db, conf, port=args.port, workers=args.workers, log_path=log_path
        ) as url:
            cases = run_cases(args, url, args.db, prep)
    finally:
        if not args.keep:
            drop_copy(args.db)
    retries = server_retries(log_path)
    print(
        f"\nsoak: {args.clients} clients, {args.on_hand} on hand, "
        f"{args.workers} workers"
    )
    broken = 0
    for summary in cases:
        summary["verb"] = "approved" if summary["case"] == "approve" else "issued"
        print_summary(summary)
        print_promises(summary["promises"])
        broken += sum(not p["ok"] for p in summary["promises"])
    print(
        f"server retried: {retries['retried'] or 'nothing'}; gave up: "
        f"{retries['exhausted'] or 'never'}; {time.time() - started:.0f} s in all"
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps({"cases": cases, "retries": retries, "broken": broken}, indent=1)
        )
    print(
        "soak: " + ("all promises kept" if not broken else f"{broken} promises BROKEN")
    )
    return 1 if broken else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        common.fail(str(exc))
