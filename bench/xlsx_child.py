"""Child process of the ``reports_xlsx`` case (bench/case_reports.py): one
Excel export of a whole report through the export wizard, as the given
user, so that its peak memory is measured alone.

    python bench/xlsx_child.py --db factory_bench_large --conf <odoo conf>
        --user <id> --report factory.report.aging|auto --out x.xlsx

Prints one JSON line: the report, rows written, export time (ms, the
wizard's ``_write_workbook`` alone), the report query alone (ms), the
resident memory before the export and its peak during the export (VmHWM,
reset just before it), in MB.
``auto`` takes the report of the export wizard with the most rows.
"""

import argparse
import contextlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

CANDIDATES = (
    "factory.report.aging",
    "factory.report.dead.stock",
    "factory.report.supplier",
    "factory.report.abc",
    "factory.report.turnover",
)


def _status_mb(key):
    for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--conf", required=True)
    parser.add_argument("--user", type=int, required=True)
    parser.add_argument("--report", default="auto")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    common.check_db_name(args.db)
    import odoo

    registry = common.odoo_env(args.db, args.conf)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, args.user, {"lang": "en_US"})
        report = args.report
        if report == "auto":
            counts = {
                name: env[name].search_count([]) for name in CANDIDATES if name in env
            }
            report = max(counts, key=counts.get)
        Report = env[report]
        env.invalidate_all()
        rss_before = _status_mb("VmRSS")
        # the peak from here on: what the export takes, not the counting of
        # the candidates above (Linux: "5" resets VmHWM to the current RSS)
        with contextlib.suppress(OSError):
            Path("/proc/self/clear_refs").write_text("5", encoding="utf-8")
        wizard = env["factory.report.export"].create({"report": report})
        started = time.perf_counter()
        count, totals = wizard._write_workbook(args.out)
        export_ms = (time.perf_counter() - started) * 1000
        peak = _status_mb("VmHWM")
        # then the report query alone, rows fetched in batches: a lower bound
        env.invalidate_all()
        started = time.perf_counter()
        cr.execute(Report._search([]).select())
        total = 0
        while rows := cr.fetchmany(2000):
            total += len(rows)
        sql_ms = (time.perf_counter() - started) * 1000
        cr.rollback()
    print(
        json.dumps(
            {
                "report": report,
                "rows": count,
                "export_ms": export_ms,
                "sql_ms": sql_ms,
                "rss_before_mb": rss_before,
                "vmhwm_mb": peak,
                "totals_match": count == total,
                "totals": {k: v for k, v in totals.items() if k.startswith("qty")},
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
