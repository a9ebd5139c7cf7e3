"""The report of bench/run.py: the verdict of a row, the table, the
machine's figures, the results JSON under bench/results/ and ``--compare``
(split from run.py)."""

import contextlib
import json
import os
import platform
import re
import time
from datetime import datetime
from pathlib import Path

import common
from case_reports import xlsx_verdict

RESULTS = common.REPO / "bench" / "results"
PROGRESS = {"case": "", "started": time.perf_counter()}


def verdict(row):
    if "target_rss_mb" in row:
        return "PASS" if xlsx_verdict(row) else "FAIL"
    ok = row["suite_ms"] <= row["target_ms"]
    if row.get("max_ratio"):
        ok = ok and row["suite_ms"] <= row["max_ratio"] * row["sql_ms"]
    return "PASS" if ok else "FAIL"


def ratio_verdict(row):
    """A row judged on a ratio of two figures measured in the same run
    (``case_scan.ratio_row``): at most ``max_ratio`` / at least ``min_ratio``."""
    ratio = row["ratio"]
    if ratio is None:
        return "FAIL"
    if row.get("max_ratio") is not None and ratio > row["max_ratio"]:
        return "FAIL"
    if row.get("min_ratio") is not None and ratio < row["min_ratio"]:
        return "FAIL"
    return "PASS"


def _ratio_line(row):
    bound = (
        f"<= {row['max_ratio']:g}"
        if row.get("max_ratio") is not None
        else f">= {row['min_ratio']:g}"
    )
    ratio = "n/a" if row["ratio"] is None else f"{row['ratio']:.2f}"
    return (
        f"{row['case'][:58]:<58} {ratio} ({row['numerator']} / "
        f"{row['denominator']}; target {bound})  {row['result']}"
    )


def _load_line(res):
    floor = ""
    if res.get("p95_vs_floor") is not None:
        floor = (
            f", p95 {res['p95_vs_floor']:g}x floor's, "
            f"{res['rps_vs_floor']:g}x its requests/s"
        )
    return (
        f"{res['case'][:58]:<58} requests {res['requests']}, {res['rps']}/s, "
        f"p50 {res['p50_ms']} ms, p95 {res['p95_ms']} ms, p99 {res['p99_ms']} ms, "
        f"errors {res['errors']}"
        + floor
        + (
            f" (target p95 < {res['target_p95_ms']} ms)"
            if res.get("target_p95_ms")
            else ""
        )
        + f"  {res['result']}"
    )


def print_table(rows, loads):
    head = (
        f"{'case':<58} {'suite ms':>9} {'native ms':>10} {'SQL ms':>8} "
        f"{'suite/SQL':>9} {'target':>18}  result"
    )
    print(head)
    print("-" * len(head))
    for row in rows:
        target = f"<{row['target_ms']} ms" + (
            f", <={row['max_ratio']:g}x SQL" if row.get("max_ratio") else ""
        )
        ratio = row["suite_ms"] / row["sql_ms"] if row["sql_ms"] else float("inf")
        print(
            f"{row['case'][:58]:<58} {row['suite_ms']:>9.1f} {row['native_ms']:>10.1f} "
            f"{row['sql_ms']:>8.1f} {ratio:>8.1f}x {target:>18}  {row['result']}"
        )
    for res in loads:
        print(_ratio_line(res) if "ratio" in res else _load_line(res))


def compare(path_a, path_b):
    a, b = (json.loads(Path(p).read_text(encoding="utf-8")) for p in (path_a, path_b))
    old = {r["case"]: r for r in a["cases"]}
    print(f"{'case':<58} {'A ms':>9} {'B ms':>9} {'change':>8}")
    for row in b["cases"]:
        before = old.get(row["case"])
        if before:
            change = (row["suite_ms"] / before["suite_ms"] - 1) * 100
            print(
                f"{row['case'][:58]:<58} {before['suite_ms']:>9.1f} "
                f"{row['suite_ms']:>9.1f} {change:>+7.0f}%"
            )
    old_loads = {r["case"]: r for r in a.get("load", [])}
    for row in b.get("load", []):
        before = old_loads.get(row["case"])
        if before and "ratio" in row:
            print(f"{row['case'][:58]:<58} {before['ratio']} -> {row['ratio']}")
        elif before:
            print(
                f"{row['case'][:58]:<58} p95 {before['p95_ms']} -> {row['p95_ms']} ms"
            )
    return 0


def _case_key(name):
    """A case's name without its figures (which differ between profiles)."""
    return re.sub(r"\d[\d,.]*", "#", name)


def growth(path_small, path_large):
    """How each case's cost grows with the data, from a run on a small and a
    run on a large profile: time ratio / ratio of the rows of the data (the
    stock moves). Below 1: the case grows slower than the data. The ratio of
    the case's own rows (its page or its lines, e.g. a stocktake's) is shown
    beside it."""
    a, b = (
        json.loads(Path(p).read_text(encoding="utf-8"))
        for p in (path_small, path_large)
    )
    moves = b["sizes"]["stock_move"] / a["sizes"]["stock_move"]
    materials = b["sizes"]["product_product"] / a["sizes"]["product_product"]
    print(
        f"{a['db']} -> {b['db']}: stock moves x{moves:.1f} "
        f"({a['sizes']['stock_move']:,} -> {b['sizes']['stock_move']:,}), "
        f"materials x{materials:.1f}"
    )
    small = {_case_key(r["case"]): r for r in a["cases"]}
    head = (
        f"{'case':<58} {'small ms':>9} {'large ms':>9} {'time x':>7} "
        f"{'moves x':>7} {'growth':>7} {'case rows':>15}"
    )
    print(head)
    print("-" * len(head))
    for row in b["cases"]:
        before = small.get(_case_key(row["case"]))
        if not before or not before["suite_ms"]:
            continue
        times = row["suite_ms"] / before["suite_ms"]
        rows = f"{before.get('rows', '')} -> {row.get('rows', '')}"
        print(
            f"{row['case'][:58]:<58} {before['suite_ms']:>9.1f} "
            f"{row['suite_ms']:>9.1f} {times:>6.1f}x {moves:>6.1f}x "
            f"{times / moves:>7.2f} {rows:>15}"
        )
    return 0


def machine():
    """What makes runs comparable: cores, load average, memory, CPU model."""
    info = {
        "host": platform.node(),
        "cores": os.cpu_count(),
        "load_avg": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
    }
    with contextlib.suppress(OSError, IndexError, ValueError):
        meminfo = Path("/proc/meminfo").read_text(encoding="utf-8").split()
        info["memory_mb"] = int(meminfo[meminfo.index("MemTotal:") + 1]) // 1024
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    return info


SKIPPED = []


def report(args, ctx, rows, loads, before):
    """The table, the machine's figures and the results JSON."""
    after = machine()
    print()
    print_table(rows, loads)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    out = RESULTS / f"{args.db}-{stamp}.json"
    out.write_text(
        json.dumps(
            {
                "db": args.db,
                "at": stamp,
                "host": platform.node(),
                "runs": args.runs,
                "quick": args.quick,
                "jit": ctx["jit"],
                "machine": {
                    **before,
                    "load_avg_after": after["load_avg"],
                },
                "seconds": round(time.perf_counter() - PROGRESS["started"], 1),
                "sizes": ctx["sizes"],
                "skipped": SKIPPED,
                "cases": rows,
                "load": loads,
            },
            indent=2,
            default=str,
        ),
        encoding="utf-8",
    )
    if ctx["sizes"]["product_product"] < 10000:
        print(
            "note: the targets are set for the large profile; on small data the "
            "ORM's fixed cost dominates the ratio to SQL"
        )
    print(
        f"machine: {before['cores']} cores, load average "
        + " ".join(f"{x:g}" for x in before["load_avg"])
        + " at the start, "
        + " ".join(f"{x:g}" for x in after["load_avg"])
        + " at the end"
    )
    for skipped in SKIPPED:
        print(f"skipped: {skipped['case']}: {skipped['reason']}")
    print(f"\nresults: {out.relative_to(common.REPO)}")
