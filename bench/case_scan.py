"""Load case of the mobile barcode view (issue "mobile barcode view").

20 concurrent clients, logged in like the phone (session cookie,
/web/dataset/call_kw), scan as a warehouse supervisor, the stock
location of warehouse BW1 as the source of an internal move: the whole scan
path (barcode resolution, operation and access checks, idempotency log
written and committed) against a 4-worker Odoo on loopback.  Every scan has
its own idempotency key, so each one is really processed.

Two rows: 20 people scanning once every 2 seconds each (a brisk pace for a
person with a handheld scanner: the round trip a
clerk feels, target p95 < 50 ms), and the same 20 clients back to back
(saturation: what the 2-core machine can take; queueing, not the scan,
makes its latency, so it has no latency target).
"""

import time

import load
from common import BENCH_LOGIN, BENCH_PASSWORD

TARGET_P95_MS = 50
WORKERS = 4
PACE_S = 2.0
WARM_UP_S = 5.0


def scan_phases(url, db, call, clients, seconds, label, on_phase=None, **options):
    """Warm up (every worker loads the registry on its first requests, not
    measured), then yield (pace, result) for a person's pace and back to back,
    each result named ``label`` with its pace, and the p95 target at a
    person's pace. ``on_phase(pace)`` is called before each measured run."""
    load.run_load(
        url,
        db,
        BENCH_LOGIN,
        BENCH_PASSWORD,
        call,
        clients=clients,
        duration=WARM_UP_S,
        web_session=True,
        **options,
    )
    for pace in (PACE_S, 0.0):
        if on_phase:
            on_phase(pace)
        result = load.run_load(
            url,
            db,
            BENCH_LOGIN,
            BENCH_PASSWORD,
            call,
            clients=clients,
            duration=seconds,
            pace=pace,
            web_session=True,
            **options,
        )
        how = f"1 scan / {pace:g} s each" if pace else "back to back"
        result["case"] = f"{label}: {clients} clients, {how}, {WORKERS} workers"
        if pace:
            result["target_p95_ms"] = TARGET_P95_MS
        yield pace, result


def case_scan_load(db, conf, args):
    run = time.strftime("%Y%m%d%H%M%S")

    def call(client, iteration):
        return (
            "factory.scan",
            "scan",
            ["move", "BW1STOCK"],
            {"key": f"bench-{run}-{client}-{iteration}"},
        )

    with load.odoo_server(db, conf, port=args.port, workers=WORKERS) as url:
        return [
            result
            for __, result in scan_phases(
                url, db, call, args.clients, args.seconds, "scan round trip"
            )
        ]
