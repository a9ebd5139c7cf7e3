"""Factory API under people's load: N concurrent clients reading stock.

    python bench/api_load.py --db factory_bench_large [--clients 20]
        [--duration 60] [--think 1.0-3.0] [--port 8874] [--workers 4]
        [--login bench_supervisor] [--p95 100]

Starts a prefork Odoo on ``db`` (bench/load.py ``odoo_server``), makes a
one-day API key for ``login`` (record rules and warehouse scope apply, as
for a real mini-app), and runs ``clients`` threads, each like a person on a
phone: a stock call (board of the user's warehouse, one material's board
row, or its quants by location and lot), then a pause of ``think`` seconds.
Prints p50 / p95 / max latency (ms), calls and errors, removes the key, and
exits 1 when p95 reaches ``--p95`` ms or any call failed. The database needs
factory_api installed. ``measure()`` is also the ``api`` case of
bench/run.py (bench/case_api.py).
"""

import argparse
import json
import random
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
import load
from common import BENCH_LOGIN, BenchError, say

API = "/factory/api/v1"
WARM_UP_S = 5.0


def make_key(registry, login):
    """(key id, key, warehouse codes, material codes) for ``login``,
    committed (the server's workers must see the key)."""
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if "factory.api.idempotency" not in env:
            raise BenchError(f"factory_api is not installed in {cr.dbname}")
        user = env["res.users"].search([("login", "=", login)], limit=1)
        if not user:
            raise BenchError(f"no user {login} in {cr.dbname}")
        keys = env["res.users.apikeys"].with_user(user).sudo()
        key = keys._generate("factory_api", "bench", datetime.now() + timedelta(days=1))
        key_id = keys.search([("user_id", "=", user.id)], order="id desc", limit=1).id
        as_user = env(user=user)
        warehouses = as_user["factory.scan"]._user_warehouses().mapped("code")
        rows = as_user["factory.stock.board"].search_read(
            [("default_code", "!=", False)], ["default_code"], limit=200
        )
        materials = sorted({row["default_code"] for row in rows})
        cr.commit()
    if not warehouses or not materials:
        drop_key(registry, key_id)
        raise BenchError(f"{login} sees no warehouse or no stock")
    return key_id, key, warehouses, materials


def drop_key(registry, key_id):
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        api.Environment(cr, SUPERUSER_ID, {})["res.users.apikeys"].browse(
            key_id
        ).unlink()
        cr.commit()


def _get(url, key, timeout=30.0):
    request = urllib.request.Request(
        url, headers={"Authorization": f"Bearer {key}", "Accept": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body = json.loads(response.read())
    if "items" not in body:
        raise RuntimeError(f"unexpected answer: {str(body)[:200]}")
    return body


def run_clients(base, key, warehouses, materials, clients, duration, think):
    """``clients`` people calling for ``duration`` seconds: (latencies as
    (kind of call, ms), errors). The kinds: ``warehouse`` (the board of a
    warehouse, first 50 rows), ``material`` (its board rows), ``quants``
    (its quants in a warehouse)."""
    latencies, errors = [], []
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def person(seed):
        rnd = random.Random(seed)
        # people do not all start at the same instant
        time.sleep(rnd.uniform(0, think[1]))
        while time.monotonic() < stop_at:
            warehouse = rnd.choice(warehouses)
            material = urllib.request.quote(rnd.choice(materials))
            kind, path = rnd.choice(
                (
                    ("warehouse", f"/stock?warehouse={warehouse}&limit=50"),
                    ("material", f"/stock?material={material}"),
                    (
                        "quants",
                        f"/stock/quants?warehouse={warehouse}&material={material}",
                    ),
                )
            )
            started = time.perf_counter()
            try:
                _get(base + API + path, key)
                elapsed = (time.perf_counter() - started) * 1000.0
                with lock:
                    latencies.append((kind, elapsed))
            except (OSError, urllib.error.URLError, RuntimeError, ValueError) as error:
                with lock:
                    errors.append(f"{path}: {error}"[:200])
            time.sleep(rnd.uniform(*think))

    threads = [
        threading.Thread(target=person, args=(index,), daemon=True)
        for index in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 120)
    return latencies, errors


def summary(latencies, errors, clients, wall):
    """The figures of a run of ``wall`` seconds, as bench/load.py
    ``run_load`` gives them, plus p50 / p95 per kind of call."""
    values = sorted(ms for _kind, ms in latencies)

    def rounded(value):
        return None if value is None else round(value, 1)

    kinds = {}
    for kind, ms in latencies:
        kinds.setdefault(kind, []).append(ms)
    by_kind = {
        kind: {
            "requests": len(times),
            "p50_ms": rounded(load.percentile(sorted(times), 50)),
            "p95_ms": rounded(load.percentile(sorted(times), 95)),
        }
        for kind, times in sorted(kinds.items())
    }
    return {
        "by_kind": by_kind,
        "clients": clients,
        "duration_s": round(wall, 2),
        "requests": len(values),
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:5],
        "rps": round(len(values) / wall, 1) if wall else 0.0,
        "p50_ms": rounded(load.percentile(values, 50)),
        "p95_ms": rounded(load.percentile(values, 95)),
        "p99_ms": rounded(load.percentile(values, 99)),
        "max_ms": rounded(values[-1] if values else None),
    }


def measure(
    db, conf, registry, *, port, workers, clients, duration, think, login=BENCH_LOGIN
):
    """Key, server, warm-up (every worker loads the registry on its first
    calls: not measured), then ``clients`` people for ``duration`` s; the
    key is removed afterwards. Returns ``summary()`` plus the warehouses."""
    if not 1 <= clients <= load.MAX_CLIENTS:
        raise BenchError(f"clients must be 1..{load.MAX_CLIENTS}")
    if not 0 < duration <= load.MAX_DURATION:
        raise BenchError(f"duration must be in (0, {load.MAX_DURATION:.0f}] s")
    key_id, key, warehouses, materials = make_key(registry, login)
    try:
        with load.odoo_server(db, conf, port=port, workers=workers) as url:
            run_clients(url, key, warehouses, materials, clients, WARM_UP_S, (0.1, 0.3))
            say(
                f"{clients} clients × {duration:g} s, pause {think[0]:g}–"
                f"{think[1]:g} s, as {login} ({', '.join(warehouses)}), "
                f"{workers} workers"
            )
            latencies, errors = run_clients(
                url, key, warehouses, materials, clients, duration, think
            )
    finally:
        drop_key(registry, key_id)
    result = summary(latencies, errors, clients, duration)
    result["warehouses"] = warehouses
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--conf", help="Odoo configuration (default: the bench one)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--think", default="1.0-3.0", help="pause range, seconds")
    parser.add_argument("--port", type=int, default=8874)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--login", default=BENCH_LOGIN)
    parser.add_argument("--p95", type=float, default=100.0, help="limit in ms")
    args = parser.parse_args()
    common.check_db_name(args.db)
    low, _sep, high = args.think.partition("-")
    think = (float(low), float(high or low))
    conf = Path(args.conf) if args.conf else common.write_conf(args.db, args.port)
    registry = common.odoo_env(args.db, conf)
    result = measure(
        args.db,
        conf,
        registry,
        port=args.port,
        workers=args.workers,
        clients=args.clients,
        duration=args.duration,
        think=think,
        login=args.login,
    )
    if not result["requests"]:
        raise BenchError(f"no call answered; errors: {result['error_samples']}")
    print(
        f"api_stock_read  clients={args.clients}  calls={result['requests']}  "
        f"errors={result['errors']}  p50={result['p50_ms']} ms  "
        f"p95={result['p95_ms']} ms  max={result['max_ms']} ms  "
        f"rate={result['rps']}/s"
    )
    for kind, figures in result["by_kind"].items():
        print(
            f"  {kind:<10} calls={figures['requests']}  p50={figures['p50_ms']} ms  "
            f"p95={figures['p95_ms']} ms"
        )
    for error in result["error_samples"]:
        print("  error:", error)
    return 0 if result["p95_ms"] < args.p95 and not result["errors"] else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        common.fail(str(error))
