"""Factory API under people's load: N concurrent clients reading stock.

    python bench/api_load.py --db factory_bench_large [--clients 20]
        [--duration 60] [--think 1.0-3.0] [--port 8874] [--login fs_clerk]
        [--p95 100]

Starts a prefork Odoo on ``db`` (bench/load.py ``odoo_server``), makes a
one-day API key for ``login`` (a warehouse clerk: record rules and warehouse
scope apply, as for a real mini-app), and runs ``clients`` threads, each
like a person on a phone: a stock call (board of the user's warehouse, one
material's board row, or its quants by location and lot), then a pause of
``think`` seconds. Prints p50 / p95 / max latency (ms), calls and errors,
removes the key, and exits 1 when p95 reaches ``--p95`` ms or any call
failed. The database needs factory_api installed.
"""

import argparse
import json
import random
import statistics
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
from common import BenchError, say

API = "/factory/api/v1"


def _make_key(db, conf, login):
    """(key id, key, warehouse codes, material codes) for ``login``."""
    from odoo import SUPERUSER_ID, api

    registry = common.odoo_env(db, conf)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if "factory.api.idempotency" not in env:
            raise BenchError(f"factory_api is not installed in {db}")
        user = env["res.users"].search([("login", "=", login)], limit=1)
        if not user:
            raise BenchError(f"no user {login} in {db}")
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
        raise BenchError(f"{login} sees no warehouse or no stock in {db}")
    return key_id, key, warehouses, materials


def _drop_key(db, key_id):
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    registry = Registry(db)  # loaded by _make_key (configuration parsed once)
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
            path = rnd.choice(
                (
                    f"/stock?warehouse={warehouse}&limit=50",
                    f"/stock?material={material}",
                    f"/stock/quants?warehouse={warehouse}&material={material}",
                )
            )
            started = time.perf_counter()
            try:
                _get(base + API + path, key)
                elapsed = (time.perf_counter() - started) * 1000.0
                with lock:
                    latencies.append(elapsed)
            except (OSError, urllib.error.URLError, RuntimeError, ValueError) as error:
                with lock:
                    errors.append(f"{path}: {error}")
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


def _percentile(values, pct):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100.0 * len(ordered)) - 1))
    return ordered[index]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--conf", help="Odoo configuration (default: the bench one)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--think", default="1.0-3.0", help="pause range, seconds")
    parser.add_argument("--port", type=int, default=8874)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--login", default="fs_clerk")
    parser.add_argument("--p95", type=float, default=100.0, help="limit in ms")
    args = parser.parse_args()
    common.check_db_name(args.db)
    if not 1 <= args.clients <= load.MAX_CLIENTS:
        raise BenchError(f"--clients must be 1..{load.MAX_CLIENTS}")
    if not 1 <= args.duration <= load.MAX_DURATION:
        raise BenchError(f"--duration must be 1..{load.MAX_DURATION:.0f} s")
    low, _sep, high = args.think.partition("-")
    think = (float(low), float(high or low))
    conf = Path(args.conf) if args.conf else common.write_conf(args.db, args.port)
    key_id, key, warehouses, materials = _make_key(args.db, conf, args.login)
    try:
        with load.odoo_server(
            args.db, conf, port=args.port, workers=args.workers
        ) as url:
            # one warm-up call (registry and caches of the workers)
            for _worker in range(args.workers * 2):
                _get(f"{url}{API}/stock?limit=1", key)
            say(
                f"{args.clients} clients × {args.duration:.0f} s, pause "
                f"{think[0]}–{think[1]} s, as {args.login} ({', '.join(warehouses)})"
            )
            latencies, errors = run_clients(
                url, key, warehouses, materials, args.clients, args.duration, think
            )
    finally:
        _drop_key(args.db, key_id)
    if not latencies:
        raise BenchError(f"no call answered; errors: {errors[:5]}")
    p95 = _percentile(latencies, 95)
    print(
        f"api_stock_read  clients={args.clients}  calls={len(latencies)}  "
        f"errors={len(errors)}  p50={statistics.median(latencies):.1f} ms  "
        f"p95={p95:.1f} ms  max={max(latencies):.1f} ms  "
        f"rate={len(latencies) / args.duration:.1f}/s"
    )
    for error in errors[:10]:
        print("  error:", error)
    return 0 if p95 < args.p95 and not errors else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        common.fail(str(error))
