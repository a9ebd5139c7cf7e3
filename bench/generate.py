"""Generate a benchmark database: a realistic factory with years of history.

    python bench/generate.py --profile small|large --db factory_bench_small --seed 42

Master data (settings, warehouses, bins, partners, materials, reorder rules,
the benchmark user) is created through the ORM, the way a user or an import
would (``master.py``).  The history (pickings, scraps, lots, stock moves,
move lines and valuation layers) is simulated in Python from stock that
exists (``history.py``) and written with COPY, column for column what Odoo
writes for a done move (``writer.py``, ``tables.py``; see
``bench/README.md``); quants are then derived from the done move lines in
one SQL statement, as Odoo would have kept them (``tables.py``).  The run
ends with the consistency check of ``bench/check.py`` (exit 1 when it fails).

This module is the command line: profiles, options, and the steps in order.

Same profile, sizes and seed → same data.
"""

import argparse
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
from common import BenchError, say
from history import History
from master import WAREHOUSE_NAMES, create_master
from tables import build_quants

PROFILES = {
    "large": {
        "materials": 20000,
        "warehouses": 3,
        "bins": 200,
        "suppliers": 300,
        "customers": 150,
        "months": 24,
        "moves": 500000,
    },
    "small": {
        "materials": 2000,
        "warehouses": 3,
        "bins": 40,
        "suppliers": 30,
        "customers": 20,
        "months": 24,
        "moves": 30000,
    },
}
SIZE_KEYS = (
    "materials",
    "warehouses",
    "bins",
    "suppliers",
    "customers",
    "months",
    "moves",
)


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Generate a Factory Suite benchmark database.",
        epilog="Sizes override the profile's; databases are named factory_bench_*.",
    )
    parser.add_argument("--profile", default="large", help="large (default) or small")
    parser.add_argument(
        "--db", help="database to (re)create (default factory_bench_<profile>)"
    )
    parser.add_argument("--seed", type=int, default=42)
    for key in SIZE_KEYS:
        parser.add_argument(f"--{key}", type=int, help=f"number of {key}")
    parser.add_argument(
        "--end-date",
        type=date.fromisoformat,
        default=date.today(),
        help="last day of the history (YYYY-MM-DD, default today)",
    )
    parser.add_argument("--no-check", action="store_true", help="skip the final check")
    args = parser.parse_args(argv)
    if args.profile not in PROFILES:
        raise BenchError(
            f"unknown profile {args.profile!r}: choose one of {', '.join(PROFILES)}"
        )
    sizes = dict(PROFILES[args.profile])
    for key in SIZE_KEYS:
        value = getattr(args, key)
        if value is not None:
            if value <= 0:
                raise BenchError(f"--{key} must be a positive number, not {value}")
            sizes[key] = value
    if sizes["warehouses"] > len(WAREHOUSE_NAMES):
        raise BenchError(f"--warehouses must be at most {len(WAREHOUSE_NAMES)}")
    if sizes["bins"] > 9999:
        raise BenchError("--bins must be at most 9999")
    args.db = args.db or f"{common.PREFIX}{args.profile}"
    common.check_db_name(args.db)
    args.sizes = sizes
    return args


def main(argv=None):
    started = time.time()
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
        conf = common.write_conf(args.db)
        common.pg_connect().close()
        from odoo.tools import config

        config.parse_config(["-c", str(conf), "-d", args.db, "--log-level=warn"])
        if not common.ODOO_BIN.exists():
            raise BenchError(f"no Odoo source at {common.ODOO_SRC}: run 'make setup'")
        say(
            f"profile {args.profile}, seed {args.seed}, database {args.db}: "
            + ", ".join(f"{k} {v:,}" for k, v in args.sizes.items())
        )
        common.create_database(args.db, conf)
    except BenchError as exc:
        common.fail(str(exc))
    import odoo

    registry = common.odoo_env(args.db, conf)
    rnd = random.Random(args.seed)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        t0 = time.time()
        master = create_master(env, args.sizes, rnd)
        say(f"master data in {time.time() - t0:.0f} s")
        t0 = time.time()
        history = History(env, master, args.sizes, rnd, args.end_date)
        history.run()
        history.writer.finish()
        build_quants(env, master)
        cr.commit()
        say(f"history and quants in {time.time() - t0:.0f} s")
    wall = time.time() - started
    say(f"generated {args.db} in {wall:.0f} s ({wall / 60:.1f} min)")
    if args.no_check:
        return 0
    import check

    ok = check.run_checks(registry, native=True)
    say(f"total wall time {time.time() - started:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
