"""Concurrency promises with a few clients: bench/soak.py against a prefork
Odoo (4 workers) on a copy of the test database.

Five clerks deliver (Odoo's own flow) and pick by scanning (the barcode
view's endpoint) one unit each of a lot of which 3 are on hand; two
approvers approve each of a stocktake, an inspection and a material request
at once. ``make soak`` runs the same with 20 clients and 10 on hand.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import odoo
from odoo.tools import config

REPO = Path(__file__).resolve().parent.parent


def test_concurrent_clients_keep_the_promises(tmp_path):
    source = config["db_name"]
    assert source, "run with --odoo-database (make test)"
    # a copy needs the test database without open connections: this process's
    # idle ones (earlier tests) are closed, the pool opens new ones later
    odoo.sql_db.close_db(source)
    figures = tmp_path / "soak.json"
    port = int(config["http_port"]) + 3
    env = dict(os.environ, FACTORY_ODOO_SRC=str(Path(config["root_path"]).parent))
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "soak.py"),
            "--source",
            source,
            "--conf",
            config.rcfile,
            "--db",
            f"{source}_soak_test",
            "--port",
            str(port),
            "--clients",
            "5",
            "--on-hand",
            "3",
            "--rounds",
            "1",
            "--json",
            str(figures),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    report = result.stdout + result.stderr[-3000:]
    assert figures.exists(), report
    data = json.loads(figures.read_text())
    cases = {case["case"]: case for case in data["cases"]}
    assert set(cases) == {"delivery", "scan", "approve"}, report
    for name in ("delivery", "scan"):
        case = cases[name]
        assert case["done"] == 3, report  # exactly what is on hand
        assert sum(case["refused"].values()) == 2, report
        assert not case["errors"], report
        assert case["stock"]["negative_quants"] == 0, report
        assert case["stock"]["on_hand"] == 0, report
    approvals = cases["approve"]
    assert len(approvals["rounds"]) == 3, report
    assert approvals["done"] == 3 and not approvals["errors"], report
    broken = [p["promise"] for c in data["cases"] for p in c["promises"] if not p["ok"]]
    assert not broken, report
    assert data["broken"] == 0 and result.returncode == 0, report
