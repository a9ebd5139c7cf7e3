"""Load case of the Factory API (issue "Open interfaces"): 20 people reading
stock through /factory/api/v1 at a person's pace.

Each client is a phone mini-app with an API key of the benchmark user
(record rules and warehouse scope apply): a stock call (the board of a
warehouse of the user, one material's board rows, or its quants), then a
pause of 1–3 s, against a 4-worker Odoo on loopback. Target: p95 < 100 ms,
no error. The driver is bench/api_load.py (also a script of its own).
"""

import api_load
from common import say

TARGET_P95_MS = 100
WORKERS = 4
THINK_S = (1.0, 3.0)


def case_api_load(db, conf, args, registry):
    result = api_load.measure(
        db,
        conf,
        registry,
        port=args.port,
        workers=WORKERS,
        clients=args.clients,
        duration=args.seconds,
        think=THINK_S,
    )
    result["case"] = (
        f"api stock reads: {args.clients} people, {THINK_S[0]:g}–{THINK_S[1]:g} s "
        f"pauses, {WORKERS} workers"
    )
    result["target_p95_ms"] = TARGET_P95_MS
    say(
        "api p50 / p95 by call: "
        + ", ".join(
            f"{kind} {f['p50_ms']} / {f['p95_ms']} ms ({f['requests']})"
            for kind, f in result["by_kind"].items()
        )
    )
    return [result]
