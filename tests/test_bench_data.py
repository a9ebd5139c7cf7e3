"""The benchmark data generator (bench/generate.py) on the small profile.

It builds factory_bench_test_small from the benchmark template, runs its
consistency check (quants, reservations, valuation, serials) and native Odoo
flows on the data (receipt, delivery, inventory count, reorder scheduler),
then the factory_mrp cases of bench/run.py on it (their data made once);
bad parameters are refused before anything is created.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest

from odoo.tools import config

REPO = Path(__file__).resolve().parent.parent
DB = "factory_bench_test_small"


def _connect(dbname="postgres"):
    conn = psycopg2.connect(
        dbname=dbname,
        host=config["db_host"],
        port=config["db_port"],
        user=config["db_user"],
        password=config["db_password"],
    )
    conn.autocommit = True
    return conn


def _exists(dbname):
    conn = _connect()
    with conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname])
        found = bool(cr.fetchone())
    conn.close()
    return found


def _drop(dbname):
    assert dbname.startswith("factory_bench_")
    conn = _connect()
    with conn.cursor() as cr:
        cr.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            [dbname],
        )
        cr.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
    conn.close()


def _run(script, *args, timeout=600):
    env = dict(os.environ)
    env.setdefault("FACTORY_ODOO_SRC", str(Path(config["root_path"]).parent))
    return subprocess.run(
        [sys.executable, str(REPO / "bench" / script), *args],
        check=False,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


@pytest.fixture
def bench_db():
    _drop(DB)
    yield DB
    _drop(DB)


def test_small_profile_generates_and_passes_check(bench_db):
    result = _run("generate.py", "--profile", "small", "--db", bench_db, "--seed", "42")
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-6000:]
    assert "consistency check: PASSED" in result.stdout, out[-6000:]
    for flow in ("receipt", "delivery", "inventory count", "reorder scheduler"):
        assert f"native: {flow}" in result.stdout, out[-6000:]
    assert "FAIL" not in result.stdout, out[-6000:]
    conn = _connect(bench_db)
    with conn.cursor() as cr:
        cr.execute(
            "SELECT COUNT(*) FROM product_product pp JOIN product_template pt "
            "ON pt.id = pp.product_tmpl_id WHERE pt.default_code LIKE 'M%%'"
        )
        materials = cr.fetchone()[0]
        cr.execute("SELECT COUNT(*) FROM stock_move WHERE state = 'done'")
        done_moves = cr.fetchone()[0]
        cr.execute("SELECT COUNT(*) FROM stock_quant WHERE reserved_quantity > 0")
        reserved = cr.fetchone()[0]
        # the history is spread over its 24 months (about 40 moves a day)
        cr.execute(
            "SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM stock_move"
            " WHERE state = 'done' GROUP BY date::date) AS days"
        )
        busiest_day = cr.fetchone()[0]
    conn.close()
    assert materials == 2000
    assert done_moves == 30000
    assert reserved > 0, "no open reservation was generated"
    assert busiest_day < done_moves / 100, f"{busiest_day} moves on one day"
    _check_mrp_cases(bench_db)
    _check_report_cases(bench_db)


def _bench_json(result):
    out = result.stdout + result.stderr
    # timings may miss their targets on a busy test machine (exit 1), but the
    # run must complete and answer
    assert result.returncode in (0, 1), out[-6000:]
    assert "Traceback" not in out, out[-6000:]
    path = result.stdout.rsplit("results: ", 1)[1].split()[0]
    return json.loads((REPO / path).read_text(encoding="utf-8"))


def _check_mrp_cases(db):
    """The factory_mrp cases create their manufacturing data once, answer as
    the SQL baseline, book every scan; a second run reuses the data."""
    args = ("--db", db, "--runs", "1", "--clients", "2", "--seconds", "2")
    result = _run("run.py", *args, "--cases", "shortage,issue_scan", "--port", "8893")
    assert "manufacturing data created" in result.stdout, result.stdout[-6000:]
    assert "200 open orders" in result.stdout, result.stdout[-6000:]
    data = _bench_json(result)
    shortage = [row for row in data["cases"] if row["case"].startswith("shortage")]
    assert len(shortage) == 2
    assert all(row["same_answer_as_sql"] for row in shortage), shortage
    assert 0 < shortage[0]["total"] < shortage[1]["total"], "no or only short lines"
    # the two measured scan rows (the ratio rows to the floor have no requests)
    scans = [
        row
        for row in data["load"]
        if row["case"].startswith("issue scan") and "requests" in row
    ]
    assert len(scans) == 2, data["load"]
    ratios = [row for row in data["load"] if "ratio" in row]
    assert ratios and all(row["ratio"] for row in ratios), ratios
    for row in scans:
        assert row["requests"] > 0 and row["errors"] == 0, row
        assert row["accepted"] == row["requests"] and row["refused"] == 0, row
    again = _run("run.py", *args, "--cases", "shortage")
    assert "manufacturing data reused" in again.stdout, again.stdout[-6000:]
    totals = [row["total"] for row in _bench_json(again)["cases"]]
    assert totals == [row["total"] for row in shortage]


def _check_report_cases(db):
    """The report, dashboard and Excel export cases answer as their SQL
    baselines; progress lines name each case and run; the results keep the
    machine's cores and load average. (The outsourcing case makes its 50
    subcontractors first, over a minute: not run here.)"""
    args = ("--db", db, "--runs", "1")
    cases = "reports,dashboard,reports_xlsx"
    result = _run("run.py", *args, "--cases", cases)
    assert "case reports (1 of 3) started" in result.stdout, result.stdout[-6000:]
    assert "reports aging suite: run 1 of 1" in result.stdout, result.stdout[-6000:]
    data = _bench_json(result)
    assert data["machine"]["cores"] >= 1 and len(data["machine"]["load_avg"]) == 3
    names = [row["case"] for row in data["cases"]]
    for prefix in (
        "report dead stock",
        "report aging",
        "report turnover",
        "report supplier",
        "report ABC",
        "dashboard",
        "reports xlsx",
    ):
        assert any(name.startswith(prefix) for name in names), names
    for row in data["cases"]:
        assert row["same_answer_as_sql"], row
    xlsx = next(row for row in data["cases"] if row["case"].startswith("reports xlsx"))
    assert xlsx["rows"] > 0 and xlsx["peak_rss_mb"] > 0, xlsx


@pytest.mark.parametrize(
    "args, message",
    [
        (["--profile", "huge"], "unknown profile 'huge'"),
        (["--profile", "small", "--materials", "0"], "--materials must be a positive"),
        (["--profile", "small", "--moves", "-5"], "--moves must be a positive"),
        (["--profile", "small", "--db", "factory_test"], "refused"),
        (["--profile", "small", "--db", "postgres"], "refused"),
    ],
)
def test_bad_parameters_are_refused(args, message):
    target = "factory_bench_test_refused"
    if "--db" not in args:
        args = [*args, "--db", target]
    result = _run("generate.py", *args, timeout=120)
    assert result.returncode != 0
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert not _exists(target), "a refused run created a database"


def test_bench_without_database_is_refused():
    result = _run("run.py", "--db", "factory_bench_test_missing", timeout=120)
    assert result.returncode != 0
    assert "does not exist" in result.stderr, result.stderr
    assert not _exists("factory_bench_test_missing")
