"""Profile the stocktake apply of the bench case under cProfile.

    python bench/profile_stocktake.py --db factory_bench_small [--native]
        [--lines 10000] [--top 15]

Sets up the case of ``case_stocktake.py`` (top-up of BW1, a counted full
stocktake), then runs our apply (or, with ``--native``, Odoo's own apply of
the same counts) once under cProfile, inside a savepoint rolled back after:
the database is left as it was. The top entries by cumulative and by own
time are printed and written to bench/results/ (git-ignored) with the raw
stats (``.prof``, for pstats or snakeviz).
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import case_stocktake
import common
from case_stocktake import _counted, _top_up
from common import say


class _Rollback(Exception):
    pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="factory_bench_small")
    parser.add_argument("--native", action="store_true")
    parser.add_argument("--lines", type=int, default=case_stocktake.LINES)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    case_stocktake.LINES = args.lines
    import odoo

    conf = common.write_conf(args.db)
    registry = common.odoo_env(args.db, conf)
    results = common.REPO / "bench" / "results"
    results.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    kind = "native" if args.native else "ours"
    base = results / f"profile-stocktake-{kind}-{args.db}-{stamp}"
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        warehouse = env["stock.warehouse"].search([("code", "=", "BW1")], limit=1)
        supervisor = env["res.users"].search(
            [("login", "=", common.BENCH_LOGIN)], limit=1
        )
        try:
            with cr.savepoint():
                _top_up(env, warehouse)
                env.company.factory_stocktake_threshold = 1e12
                stocktake = _counted(
                    env, warehouse, env.ref("base.user_root"), supervisor
                )
                lines = stocktake.line_ids
                moved = len(lines.filtered(lambda ln: ln.difference))
                say(f"{len(lines):,} lines, {moved:,} with a difference ({kind})")
                if args.native:
                    fn = _native(env, warehouse, stocktake, supervisor)
                else:

                    def fn():
                        stocktake.with_user(supervisor).action_approve()
                        assert stocktake.state == "done", stocktake.state

                env.invalidate_all()
                profiler = cProfile.Profile()
                started = time.perf_counter()
                profiler.enable()
                fn()
                env.flush_all()
                profiler.disable()
                elapsed = time.perf_counter() - started
                raise _Rollback
        except _Rollback:
            pass
        cr.rollback()
    profiler.dump_stats(f"{base}.prof")
    out = io.StringIO()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    out.write(
        f"{kind} apply of {len(lines):,} lines ({moved:,} moved) on {args.db}: "
        f"{elapsed:.1f} s under cProfile; load average {load}\n"
    )
    for key in ("cumulative", "tottime"):
        out.write(f"\n== top {args.top} by {key} ==\n")
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats(key).print_stats(args.top)
    text = out.getvalue()
    Path(f"{base}.txt").write_text(text, encoding="utf-8")
    print(text)
    say(f"written {base}.txt and .prof")


def _native(env, warehouse, stocktake, supervisor):
    counts = {
        (
            line.location_id.id,
            line.product_id.id,
            line.lot_id.id,
            line.package_id.id,
            line.owner_id.id,
        ): line.counted_qty
        for line in stocktake.line_ids
    }
    quants = env["stock.quant"].search(
        [
            ("location_id.warehouse_id", "=", warehouse.id),
            ("location_id.usage", "=", "internal"),
            ("location_id.factory_qc_usage", "=", False),
        ]
    )

    def fn():
        case_stocktake.native_apply_counts(quants, supervisor, counts)

    return fn


if __name__ == "__main__":
    main()
