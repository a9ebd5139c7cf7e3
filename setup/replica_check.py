"""make replica-check: the stock board, the shortage view and the dashboard are
read from the replica, writes go to the primary (after `make replica`).

A copy of the test database (created on the primary, streamed to the replica)
gets ``log_statement = all``; a threaded Odoo with the replica profile
(~/.cache/factory-suite/odoo-replica.conf) serves it. Each screen's read
(``/web/dataset/call_kw`` of an ``@api.readonly`` method) is bracketed by marker
queries in both servers' logs; between them the primary must log no query of
the report's tables and the replica must. A write (a partner created through
call_kw) must reach the primary, and the time until the replica shows it is
printed (the lag). Everything it starts is stopped and the copy dropped.
"""

import argparse
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg2
import requests

CACHE = Path(os.environ.get("FACTORY_CACHE", Path.home() / ".cache/factory-suite"))
PRIMARY_LOG = "/var/log/postgresql/postgresql-15-main.log"
REPLICA_LOG = "/var/log/postgresql/postgresql-15-factory_replica.log"
# tables each screen reads (its SQL): the primary must not be asked for them
SCREENS = [
    (
        "stock board (list)",
        "factory.stock.board",
        "web_search_read",
        {"domain": [], "specification": {"qty_on_hand": {}}, "limit": 80},
        ("stock_quant", "stock_warehouse_orderpoint"),
    ),
    (
        "stock board (pivot)",
        "factory.stock.board",
        "read_group",
        {"domain": [], "fields": ["qty_on_hand:sum"], "groupby": ["warehouse_id"]},
        ("stock_quant",),
    ),
    (
        "shortage view",
        "factory.mrp.shortage",
        "web_search_read",
        {"domain": [], "specification": {"product_id": {}}, "limit": 80},
        ("mrp_production", "stock_move"),
    ),
    (
        "dashboard",
        "factory.report.dashboard",
        "get_dashboard_data",
        {},
        ("stock_quant", "stock_move", "stock_valuation_layer", "mrp_production"),
    ),
]


def connect(port, db):
    return psycopg2.connect(
        host="127.0.0.1", port=port, dbname=db, user="odoo", password="odoo"
    )


def mark(port, db, text):
    conn = connect(port, db)
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute(f"SELECT '{text}'")  # our own marker, logged
    conn.close()


def between(log, db, start, end):
    """The statements of ``db`` logged between the two markers (a statement
    spans the lines up to the next line with a time stamp)."""
    entries = []
    for line in Path(log).read_text(errors="replace").splitlines():
        if re.match(r"\d{4}-\d\d-\d\d ", line) or not entries:
            entries.append(line)
        else:
            entries[-1] += "\n" + line
    try:
        i = next(n for n, entry in enumerate(entries) if start in entry)
        j = next(n for n, entry in enumerate(entries) if end in entry and n > i)
    except StopIteration:
        return None
    return [entry for entry in entries[i + 1 : j] if f"@{db} " in entry]


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", default=os.environ.get("TEST_DB", "factory_test"))
    parser.add_argument("--replica-port", type=int, default=5433)
    parser.add_argument("--port", type=int, default=8469)
    parser.add_argument("--login", default="fs_manager")
    args = parser.parse_args(argv)
    db = f"{args.source}_replica_check"
    profile = CACHE / "odoo-replica.conf"
    if not profile.exists():
        sys.exit("no replica profile: run `make replica` first")
    admin = connect(5432, "postgres")
    admin.autocommit = True
    cr = admin.cursor()
    cr.execute(f'DROP DATABASE IF EXISTS "{db}"')
    cr.execute(f'CREATE DATABASE "{db}" TEMPLATE "{args.source}"')
    cr.execute(f"ALTER DATABASE \"{db}\" SET log_statement = 'all'")
    server = None
    failed = []
    try:
        for _ in range(60):  # the copy reaches the replica
            try:
                connect(args.replica_port, db).close()
                break
            except psycopg2.OperationalError:
                time.sleep(0.5)
        src = os.environ["FACTORY_ODOO_SRC"]
        log = open(f"/tmp/{db}.log", "w")  # noqa: SIM115
        server = subprocess.Popen(
            [sys.executable, f"{src}/odoo-bin", "-c", str(profile), "-d", db,
             f"--db-filter=^{db}$", f"--http-port={args.port}", "--workers=0",
             "--max-cron-threads=0", "--log-level=warn"],
            stdout=log, stderr=log,
        )  # fmt: skip
        url = f"http://127.0.0.1:{args.port}"
        s = requests.Session()
        for _ in range(120):
            try:
                if s.get(f"{url}/web/login", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(1)
        r = s.post(
            f"{url}/web/session/authenticate",
            json={"params": {"db": db, "login": args.login, "password": args.login}},
            timeout=60,
        ).json()
        assert r.get("result", {}).get("uid"), r

        def call(model, method, kwargs, args=()):
            r = s.post(
                f"{url}/web/dataset/call_kw/{model}/{method}",
                json={"params": {"model": model, "method": method,
                                 "args": list(args), "kwargs": kwargs}},
                timeout=120,
            ).json()  # fmt: skip
            assert "result" in r, r
            return r["result"]

        for title, model, method, kwargs, tables in SCREENS:
            call(model, method, kwargs)  # warm: caches, translations
            token = uuid.uuid4().hex[:8]
            for port in (5432, args.replica_port):
                mark(port, db, f"factory-mark-start-{token}")
            started = time.perf_counter()
            call(model, method, kwargs)
            ms = (time.perf_counter() - started) * 1000
            for port in (5432, args.replica_port):
                mark(port, db, f"factory-mark-end-{token}")
            time.sleep(0.5)  # the servers write their logs
            start, end = f"factory-mark-start-{token}", f"factory-mark-end-{token}"
            on_primary = between(PRIMARY_LOG, db, start, end) or []
            on_replica = between(REPLICA_LOG, db, start, end) or []
            pattern = re.compile("|".join(rf"\b{t}\b" for t in tables))
            primary_hits = [x for x in on_primary if pattern.search(x)]
            replica_hits = [x for x in on_replica if pattern.search(x)]
            ok = not primary_hits and replica_hits
            print(
                f"  {'ok  ' if ok else 'FAIL'} {title} ({model}.{method}, {ms:.0f} ms):"
                f" replica {len(replica_hits)} queries of {', '.join(tables)},"
                f" primary {len(primary_hits)} (primary logged {len(on_primary)}"
                " statements in all: session and registry checks)"
            )
            if not ok:
                failed.append(title)

        name = f"Replica check {uuid.uuid4().hex[:8]}"
        started = time.perf_counter()
        call("res.partner", "create", {}, [[{"name": name}]])
        replica = connect(args.replica_port, db)
        replica.autocommit = True
        seen = None
        with replica.cursor() as rcr:
            for _ in range(200):
                rcr.execute("SELECT 1 FROM res_partner WHERE name = %s", [name])
                if rcr.fetchone():
                    seen = (time.perf_counter() - started) * 1000
                    break
                time.sleep(0.05)
        replica.close()
        primary_has = name in Path(PRIMARY_LOG).read_text(errors="replace")
        ok = primary_has and seen is not None
        print(
            f"  {'ok  ' if ok else 'FAIL'} a write goes to the primary; the replica"
            f" shows it {seen:.0f} ms after the call started"
            if seen is not None
            else "  FAIL the replica never showed the write"
        )
        if not ok:
            failed.append("write")
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        cr.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            [db],
        )
        cr.execute(f'DROP DATABASE IF EXISTS "{db}"')
        admin.close()
    print("replica check:", "FAILED " + ", ".join(failed) if failed else "all passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
