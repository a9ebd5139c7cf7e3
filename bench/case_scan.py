"""Load case of the mobile barcode view (issue "mobile barcode view").

20 concurrent JSON-RPC clients scan, as a warehouse supervisor, the stock
location of warehouse BW1 as the source of an internal move: the whole scan
path (barcode resolution, operation and access checks, idempotency log
written and committed) against a 4-worker Odoo on loopback.  Every scan has
its own idempotency key, so each one is really processed.
"""

import time

import load
from common import BENCH_LOGIN, BENCH_PASSWORD

TARGET_P95_MS = 50
WORKERS = 4


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
        f"scan round trip: {args.clients} clients x {args.seconds:.0f} s, "
        f"{WORKERS} workers"
    )
    result["target_p95_ms"] = TARGET_P95_MS
    return result
