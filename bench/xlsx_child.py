"""Child process of the ``reports_xlsx`` case (bench/case_reports.py): one
Excel export of a report through the export wizard, as the given user, so
that its peak memory is measured alone.

    python bench/xlsx_child.py --db factory_bench_large --conf <odoo conf>
        --user <id> --report factory.report.movement|factory.report.aging|auto
        [--min-rows 200000] --out x.xlsx

``--min-rows``: the export of the N newest rows of the stock movement detail
(from the moment of its N-th newest row on, ties cut by id: the data of
the large profile has 100,000 moves at the same second), passed as the domain,
as the background job passes its stored one; otherwise the whole report.
``auto`` takes the report of the export wizard with the most rows.

Prints one JSON line: the report, the period, rows written, export time
(ms, the wizard's ``_write_workbook`` alone), the report query alone (ms),
and in MB: this Odoo process's resident memory before the export, its peak
during the export (VmHWM, reset just before it) and after it; the peak of
the workbook's writer process (the wizard's child: its own VmHWM, which it
reports when it ends; the kernel's ``ru_maxrss`` of the children is printed
too but counts this process's pages the child shared before its exec).
"""

import argparse
import contextlib
import json
import resource
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


def _period(Report, min_rows):
    """The newest ``min_rows`` rows as a period up to now: from the date of
    the ``min_rows``-th newest row (the report's order: date, then id,
    newest first; of that moment's rows, those from its id on), as a domain
    the export is given like the background job's stored one; and that
    date."""
    row = Report.search([], order="date desc, id desc", offset=min_rows - 1, limit=1)
    if not row:
        return [], None
    domain = [
        "|",
        ("date", ">", row.date),
        "&",
        ("date", "=", row.date),
        ("id", ">=", row.id),
    ]
    return domain, row.date


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--conf", required=True)
    parser.add_argument("--user", type=int, required=True)
    parser.add_argument("--report", default="auto")
    parser.add_argument("--min-rows", type=int, default=0)
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
        values = {"report": report}
        domain = filter_lines = start = None
        if args.min_rows and "date" in Report._fields:
            domain, start = _period(Report, args.min_rows)
            filter_lines = [f"Period: {start} – …"]
        env.invalidate_all()
        rss_before = _status_mb("VmRSS")
        # the peak from here on: what the export takes, not the counting of
        # the candidates above (Linux: "5" resets VmHWM to the current RSS)
        with contextlib.suppress(OSError):
            Path("/proc/self/clear_refs").write_text("5", encoding="utf-8")
        wizard = env["factory.report.export"].create(values)
        domain = wizard._domain() if domain is None else domain
        started = time.perf_counter()
        count, totals = wizard._write_workbook(
            args.out, domain=domain, filter_lines=filter_lines
        )
        export_ms = (time.perf_counter() - started) * 1000
        peak = _status_mb("VmHWM")
        rss_after = _status_mb("VmRSS")
        from odoo.addons.factory_reports.wizard import xlsx_writer

        writer_kb = xlsx_writer.last_peak_rss_kb or 0
        # the kernel's figure, for comparison: it counts the pages of this
        # process the writer shared between fork and exec
        children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        # then the report query alone, rows fetched in batches: a lower bound
        env.invalidate_all()
        started = time.perf_counter()
        cr.execute(Report._search(domain).select())
        total = 0
        while rows := cr.fetchmany(2000):
            total += len(rows)
        sql_ms = (time.perf_counter() - started) * 1000
        cr.rollback()
    print(
        json.dumps(
            {
                "report": report,
                "date_from": str(start or ""),
                "rows": count,
                "export_ms": export_ms,
                "sql_ms": sql_ms,
                "rss_before_mb": rss_before,
                "vmhwm_mb": peak,
                "rss_after_mb": rss_after,
                "writer_peak_mb": writer_kb / 1024,
                "children_maxrss_mb": children_kb / 1024,
                "totals_match": count == total,
                "totals": {k: v for k, v in totals.items() if k.startswith("qty")},
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
