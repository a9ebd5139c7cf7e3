"""Mixed load case (issue 18, operations and scale-out): people scanning
while others keep the board and the reports open, against a 4-worker Odoo.

- scanners: ``--clients`` (20) clerks logged in like the phone, each doing
  the issue scan of ``case_issue_scan.py`` (one unit of its approved
  request's transfer, booked and committed) once every 2 s, a person's
  pace; their transfers are put back before each phase and at the end.
  Without the request transfers (no factory_mrp data), the move scan of
  ``case_scan.py`` (the location barcode of BW1's stock).
- readers: 10 clients logged in as ``bench_manager`` (Factory Manager),
  each refreshing a screen every 5 s, in turn: the stock board (its action's
  default list, as the web client reads it), each factory_reports report's
  default view (list, pivot levels or graph, ``case_reports.default_view``)
  and the management dashboard (``get_dashboard_data``).

Rows, each phase ``--seconds`` long after a warm-up:

(a) the scanners alone (the reference), then scanners + readers, 4
    workers, every request on the primary: scan p50/p95, report p50/p95,
    errors;
(b) the same with the replica (``db_replica_host = 127.0.0.1``,
    ``db_replica_port = 5433``, ``make replica``): Odoo sends the read-only
    calls of the readers there. The case checks that the replica is a
    streaming standby holding the database and has caught up, and during the
    phase that it served the reads (transactions and rows read on the
    replica, its client connections to the database, sampled each second)
    while the scans committed on the primary (its replay lag is printed).
    Without a replica the phase is skipped, with how to make one;
(c) scan throughput: 8 scanners back to back, alone, with 1, 2 and 4
    workers (scans/s) and the growth from 1 worker (8 clients: the listen
    backlog of a 1-worker Odoo; they keep 4 workers busy).

The only target is no error (and no refused scan); the rest are figures.
"""

import contextlib
import os
import threading
import time

import load
from case_issue_scan import _outcome, _prepare, _put_back
from case_reports import MANAGER_LOGIN, default_view, ensure_manager
from case_reports_sql import LIMIT
from case_scan import PACE_S, WARM_UP_S, WORKERS
from common import BENCH_LOGIN, BENCH_PASSWORD, BenchError, pg_connect, say
from report import SKIPPED

READERS = 10
READ_PACE_S = 5.0
THROUGHPUT_WORKERS = (1, 2, 4)
# back to back, 8 clients keep 4 workers busy; more would overflow the listen
# backlog of a 1-worker Odoo (8 x workers, odoo/service/server.py): the
# connections beyond it are reset (nginx queues them in production)
THROUGHPUT_CLIENTS = 8
REPLICA_HOST = "127.0.0.1"
REPLICA_PORT = 5433
REPLICA_ROLE = "factory_replicator"
CATCH_UP_S = 60.0
COUNT_LIMIT = 10001
BOARD_ACTION = "factory_stock.factory_stock_board_action"
REPORT_ACTIONS = (
    "factory_reports.factory_report_dead_stock_action",
    "factory_reports.factory_report_aging_action",
    "factory_reports.factory_report_turnover_action",
    "factory_reports.factory_report_supplier_action",
    "factory_reports.factory_report_abc_action",
)


# the readers' calls ----------------------------------------------------------


def _view_calls(model, view_type, fields, domain, groupby):
    """The call_kw requests the web client makes to open that view."""
    name = model._name
    if view_type in ("list", "kanban"):
        spec = {
            field: (
                {"fields": {"display_name": {}}}
                if model._fields[field].type == "many2one"
                else {}
            )
            for field, __, __ in fields
            if field in model._fields
        }
        kwargs = {"limit": LIMIT, "count_limit": COUNT_LIMIT}
        return [(name, "web_search_read", [domain, spec], kwargs)]
    measures = [
        f"{f}:{model._fields[f].aggregator}"
        for f, kind, __ in fields
        if kind == "measure"
    ] or ["__count"]

    def dim(f, interval):
        return f + (f":{interval}" if interval else "")

    if view_type == "pivot":
        rows = groupby or [dim(f, i) for f, kind, i in fields if kind == "row"]
        cols = [dim(f, i) for f, kind, i in fields if kind == "col"]
        levels = []
        for row in range(len(rows) + 1):
            for col in range(len(cols) + 1):
                level = rows[:row] + cols[:col]
                if level not in levels:
                    levels.append(level)
        return [
            (
                name,
                "read_group",
                [domain, ["__count", *measures], level],
                {"lazy": False},
            )
            for level in levels
        ]
    groups = groupby or [dim(f, i) for f, kind, i in fields if kind != "measure"]
    return [
        (
            name,
            "web_read_group",
            [domain, measures, groups],
            {"lazy": False, "context": {"fill_temporal": True}},
        )
    ]


def reader_screens(registry, manager_id):
    """[(screen, [calls])]: the board, each report's default view, the
    dashboard, as the manager opens them."""
    import odoo

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        user_env = env(user=manager_id)
        screens = [("stock board", _view_calls(*default_view(user_env, BOARD_ACTION)))]
        if "factory.report.dashboard" in env:
            for xmlid in REPORT_ACTIONS:
                label = xmlid.split(".")[1].replace("factory_report_", "")
                screens.append(
                    (
                        label.replace("_action", ""),
                        _view_calls(*default_view(user_env, xmlid)),
                    )
                )
            screens.append(
                (
                    "dashboard",
                    [("factory.report.dashboard", "get_dashboard_data", [], {})],
                )
            )
        cr.rollback()
    return screens


# the scanners -----------------------------------------------------------------


class Scanners:
    """The scanners' calls, each phase with its own idempotency keys; the
    issue scan's transfers put back before each phase (and by ``close``)."""

    def __init__(self, registry, clients):
        self.registry, self.clients = registry, clients
        self.run = time.strftime("%Y%m%d%H%M%S")
        self.phase = "warm"
        try:
            self.operation, self.plan, capacity = _prepare(registry, clients)
            self.issue = True
            say(
                f"mixed: scanners '{self.operation}' on {len(self.plan)} request "
                f"transfers ({capacity:,.0f} units)"
            )
        except BenchError as exc:
            self.issue, self.operation, self.plan = False, "move", []
            say(f"mixed: no issue scan ({exc}); scanners do the move scan of BW1STOCK")

    def start(self, phase):
        """A new phase: fresh keys, the transfers as approved again."""
        self.phase = phase
        if self.issue and not phase.startswith("warm"):
            _prepare(self.registry, self.clients, self.operation)

    def key(self, client, iteration):
        return f"bench-mixed-{self.run}-{self.phase}-{client}-{iteration}"

    def call(self, client, iteration):
        if not self.issue:
            return (
                "factory.scan",
                "scan",
                ["move", "BW1STOCK"],
                {"key": self.key(client, iteration)},
            )
        picking_id, codes = self.plan[client % len(self.plan)]
        return (
            "factory.scan",
            "scan",
            [self.operation, codes[iteration % len(codes)], picking_id, 1, {}],
            {"key": self.key(client, iteration)},
        )

    def outcome(self, result):
        """Booked and refused scans of the phase (the scan log)."""
        done = _outcome(self.registry, f"bench-mixed-{self.run}-{self.phase}-")
        result["accepted"] = done.get("done", 0)
        result["refused"] = done.get("refused", 0)

    def close(self):
        if self.issue:
            _put_back(self.registry, self.clients)


# the replica --------------------------------------------------------------------


def _pg(port, db="postgres"):
    if port == REPLICA_PORT:
        import psycopg2

        conn = psycopg2.connect(
            host=REPLICA_HOST,
            port=port,
            dbname=db,
            user="odoo",
            password="odoo",
            connect_timeout=5,
        )
        conn.autocommit = True
        return conn
    return pg_connect(db)


def _one(port, query, args=(), db="postgres"):
    with contextlib.closing(_pg(port, db)) as conn, conn.cursor() as cr:
        cr.execute(query, args)
        return cr.fetchone()


def replica_ready(db):
    """None when the replica on 5433 streams ``db`` and has caught up with the
    primary, else why not (and how to make it)."""
    try:
        recovery = _one(REPLICA_PORT, "SELECT pg_is_in_recovery()")[0]
    except Exception as exc:  # noqa: BLE001 - any failure means no replica
        first = (
            str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        )
        return (
            f"no replica on {REPLICA_HOST}:{REPLICA_PORT} ({first}): "
            "make it with `make replica`"
        )
    if not recovery:
        return f"{REPLICA_HOST}:{REPLICA_PORT} is not a standby (not in recovery)"
    target = _one(5432, "SELECT pg_current_wal_lsn()::text")[0]
    deadline = time.time() + CATCH_UP_S
    while True:
        behind = _one(
            REPLICA_PORT,
            "SELECT pg_wal_lsn_diff(%s::pg_lsn, pg_last_wal_replay_lsn())",
            [target],
        )[0]
        if behind is not None and behind <= 0:
            break
        if time.time() > deadline:
            return f"the replica is still behind the primary after {CATCH_UP_S:.0f} s"
        time.sleep(1)
    if not _one(
        REPLICA_PORT, "SELECT count(*) FROM pg_database WHERE datname = %s", [db]
    )[0]:
        return f"{db} is not on the replica"
    return None


STATS_SQL = """
SELECT xact_commit + xact_rollback, tup_returned + tup_fetched
  FROM pg_stat_database WHERE datname = %s
"""
LAG_SQL = """
SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn),
       EXTRACT(epoch FROM replay_lag) * 1000
  FROM pg_stat_replication WHERE usename = %s
"""
CLIENTS_SQL = """
SELECT count(*) FROM pg_stat_activity
 WHERE datname = %s AND backend_type = 'client backend' AND pid <> pg_backend_pid()
"""


class Probe:
    """Transactions and rows read in ``db`` on the primary (and the replica)
    over a phase, and every second the replica's client connections to
    ``db`` and its replay lag (bytes behind the primary, ``replay_lag``)."""

    def __init__(self, db, replica):
        self.db, self.replica = db, replica
        self.samples, self.stop = [], threading.Event()
        self.ports = (5432, REPLICA_PORT) if replica else (5432,)
        self.before = {p: _one(p, STATS_SQL, [db]) for p in self.ports}
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self):
        with contextlib.ExitStack() as stack:
            primary = stack.enter_context(contextlib.closing(_pg(5432)))
            replica = self.replica and stack.enter_context(
                contextlib.closing(_pg(REPLICA_PORT))
            )
            while not self.stop.wait(1.0):
                with primary.cursor() as cr:
                    cr.execute(LAG_SQL, [REPLICA_ROLE])
                    lag = cr.fetchone() or (None, None)
                    cr.execute(CLIENTS_SQL, [self.db])
                    on_primary = cr.fetchone()[0]
                on_replica = None
                if replica:
                    with replica.cursor() as cr:
                        cr.execute(CLIENTS_SQL, [self.db])
                        on_replica = cr.fetchone()[0]
                self.samples.append((lag[0], lag[1], on_primary, on_replica))

    def finish(self):
        """After the server stopped (its backends have flushed their stats)."""
        self.stop.set()
        self.thread.join(5)
        time.sleep(0.5)
        figures = {}
        for port, name in ((5432, "primary"), (REPLICA_PORT, "replica")):
            if port not in self.ports:
                continue
            after = _one(port, STATS_SQL, [self.db])
            figures[f"{name}_xacts"] = after[0] - self.before[port][0]
            figures[f"{name}_rows_read"] = after[1] - self.before[port][1]
        if self.samples:
            figures["primary_clients_max"] = max(s[2] for s in self.samples)
        if self.replica and self.samples:
            figures["replica_clients_max"] = max(s[3] or 0 for s in self.samples)
            lags = [s[0] for s in self.samples if s[0] is not None]
            times = [s[1] for s in self.samples if s[1] is not None]
            figures["lag_bytes_max"] = int(max(lags)) if lags else None
            figures["replay_lag_ms_max"] = round(max(times), 1) if times else 0.0
        return figures


# the phases ------------------------------------------------------------------------


def _both(url, db, scanners, screens, seconds, pace=PACE_S):
    """Scanners and readers at once; (scan result, read result)."""
    calls = [call for __, screen in screens for call in screen]

    def read_call(client, iteration):
        return calls[(client * 3 + iteration) % len(calls)]

    out = {}

    def readers():
        out["read"] = load.run_load(
            url,
            db,
            MANAGER_LOGIN,
            MANAGER_LOGIN,
            read_call,
            clients=READERS,
            duration=seconds,
            pace=READ_PACE_S,
            web_session=True,
        )

    thread = threading.Thread(target=readers, daemon=True)
    thread.start()
    scan = load.run_load(
        url,
        db,
        BENCH_LOGIN,
        BENCH_PASSWORD,
        scanners.call,
        clients=scanners.clients,
        duration=seconds,
        pace=pace,
        web_session=True,
    )
    thread.join(seconds + 120)
    if "read" not in out:
        raise BenchError("the readers did not finish")
    return scan, out["read"]


def _mixed_phase(db, conf, args, scanners, screens, replica):
    """Phase (a) or (b): two rows (scans, reads), the replica figures; (a)
    first measures the scanners alone (the reference of the scan row)."""
    tag = "replica" if replica else "primary"
    label = f"mixed, {'with the replica' if replica else 'no replica'}"
    rows = []
    with load.odoo_server(db, conf, port=args.port, workers=WORKERS) as url:
        scanners.start(f"warm-{tag}")
        _both(url, db, scanners, screens, WARM_UP_S)
        if not replica:
            scanners.start("alone")
            alone = load.run_load(
                url,
                db,
                BENCH_LOGIN,
                BENCH_PASSWORD,
                scanners.call,
                clients=scanners.clients,
                duration=args.seconds,
                pace=PACE_S,
                web_session=True,
            )
            scanners.outcome(alone)
            alone.update(phase="alone", load_avg=[round(x, 2) for x in os.getloadavg()])
            alone["case"] = (
                f"scans alone: {scanners.clients} scanners (1 / {PACE_S:g} s), "
                f"no readers, {WORKERS} workers"
            )
            rows.append(alone)
        scanners.start(tag)
        probe = Probe(db, replica)
        load_avg = os.getloadavg()
        scan, read = _both(url, db, scanners, screens, args.seconds)
    figures = probe.finish()
    scanners.outcome(scan)
    scan["case"] = (
        f"{label}: {scanners.clients} scanners (1 / {PACE_S:g} s), "
        f"{READERS} readers, {WORKERS} workers: scans"
    )
    read["case"] = (
        f"{label}: {READERS} readers (1 / {READ_PACE_S:g} s, "
        f"{len(screens)} screens) beside the scanners: reads"
    )
    for row in (scan, read):
        row.update(figures, load_avg=[round(x, 2) for x in load_avg], phase=tag)
    if replica and not figures.get("replica_xacts"):
        # the phase must show the reads going to the replica
        read["errors"] += 1
        read["error_samples"].append("the replica served no transaction")
    say(
        f"{label}: {scan['requests']} scans ({scan.get('accepted', '-')} booked, "
        f"{scan.get('refused', '-')} refused), {read['requests']} reads; "
        + ", ".join(f"{k} {v}" for k, v in figures.items())
        + "; load average "
        + " ".join(f"{x:.2f}" for x in load_avg)
    )
    return [*rows, scan, read]


def replica_conf(conf):
    """The bench configuration with the replica (as setup/replica.sh's profile)."""
    path = conf.with_name(conf.stem + "-replica.conf")
    text = conf.read_text(encoding="utf-8")
    path.write_text(
        text.rstrip("\n")
        + f"\ndb_replica_host = {REPLICA_HOST}\ndb_replica_port = {REPLICA_PORT}\n",
        encoding="utf-8",
    )
    return path


def _throughput(db, conf, args, scanners):
    """Phase (c): the scanners back to back, alone, per worker count."""
    rows = []
    clients = min(scanners.clients, THROUGHPUT_CLIENTS)
    for workers in THROUGHPUT_WORKERS:
        with load.odoo_server(db, conf, port=args.port, workers=workers) as url:
            for phase, seconds in (
                (f"warm-w{workers}", WARM_UP_S),
                (f"w{workers}", args.seconds),
            ):
                scanners.start(phase)
                load_avg = os.getloadavg()
                result = load.run_load(
                    url,
                    db,
                    BENCH_LOGIN,
                    BENCH_PASSWORD,
                    scanners.call,
                    clients=clients,
                    duration=seconds,
                    web_session=True,
                )
        scanners.outcome(result)
        growth = result["rps"] / rows[0]["rps"] if rows and rows[0]["rps"] else 1.0
        result.update(
            growth=round(growth, 2),
            workers=workers,
            load_avg=[round(x, 2) for x in load_avg],
        )
        result["case"] = (
            f"scan throughput: {clients} back to back, {workers} worker(s), "
            f"x{growth:.2f} of 1 worker"
        )
        say(
            f"{result['case']}: {result['rps']} scans/s, load average "
            + " ".join(f"{x:.2f}" for x in load_avg)
        )
        rows.append(result)
    return rows


def _summary(rows):
    """The case's figures in one short table (as the README gives them)."""
    say("mixed: phase | scan p50 / p95 ms | read p50 / p95 ms | errors")
    by_phase = {}
    for row in rows:
        by_phase.setdefault(row.get("phase"), []).append(row)
    for row in by_phase.get("alone", []):
        say(
            f"mixed: scans alone | {row['p50_ms']} / {row['p95_ms']} | - | "
            f"{row['errors']}"
        )
    for phase in ("primary", "replica"):
        if phase in by_phase:
            scan, read = by_phase[phase]
            say(
                f"mixed: {phase:<7} | {scan['p50_ms']} / {scan['p95_ms']} | "
                f"{read['p50_ms']} / {read['p95_ms']} | "
                f"{scan['errors'] + read['errors']}"
            )
    for row in by_phase.get(None, []):
        say(
            f"mixed: throughput {row['workers']} worker(s) | {row['rps']} scans/s | "
            f"x{row['growth']:.2f} | {row['errors']}"
        )


def case_mixed_load(db, conf, args, registry):
    manager = ensure_manager(registry)
    if not manager:
        raise BenchError("the mixed case needs factory_reports (its readers)")
    screens = reader_screens(registry, manager)
    say(
        "mixed: readers open "
        + ", ".join(f"{name} ({len(calls)} call(s))" for name, calls in screens)
    )
    scanners = Scanners(registry, args.clients)
    rows = []
    try:
        rows += _mixed_phase(db, conf, args, scanners, screens, replica=False)
        why = replica_ready(db)
        if why:
            say(f"mixed: the replica phase is skipped: {why}")
            SKIPPED.append({"case": "mixed (with the replica)", "reason": why})
        else:
            rows += _mixed_phase(
                db, replica_conf(conf), args, scanners, screens, replica=True
            )
        rows += _throughput(db, conf, args, scanners)
    finally:
        scanners.close()
    _summary(rows)
    return rows
