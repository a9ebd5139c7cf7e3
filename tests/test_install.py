"""A fresh database installs every Factory Suite module without demo data.

(The test database that the other tests run on is the "with demo data"
install: setup/testdb.sh builds it fresh for every `make test`.)
"""

import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest

from odoo.tools import config

REPO = Path(__file__).resolve().parent.parent


def _connect(dbname):
    return psycopg2.connect(
        dbname=dbname,
        host=config["db_host"],
        port=config["db_port"],
        user=config["db_user"],
        password=config["db_password"],
    )


def _drop(dbname):
    conn = _connect("postgres")
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            [dbname],
        )
        cr.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
    conn.close()


def _our_modules():
    return sorted(p.parent.name for p in (REPO / "addons").glob("*/__manifest__.py"))


@pytest.fixture
def fresh_db():
    name = f"{config['db_name'] or 'factory_test'}_nodemo"
    _drop(name)
    yield name
    _drop(name)


def test_install_without_demo(fresh_db):
    modules = _our_modules()
    odoo_bin = Path(os.environ.get("FACTORY_ODOO_SRC", "")) / "odoo-bin"
    assert odoo_bin.exists(), (
        "FACTORY_ODOO_SRC must point at the Odoo source (make test sets it)"
    )
    result = subprocess.run(
        [
            sys.executable,
            str(odoo_bin),
            "-c",
            config.rcfile,
            "-d",
            fresh_db,
            "-i",
            ",".join(modules),
            "--without-demo=all",
            "--stop-after-init",
            "--no-http",
            "--log-level=warn",
        ],
        check=False,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert " ERROR " not in result.stderr, result.stderr[-4000:]
    conn = _connect(fresh_db)
    with conn.cursor() as cr:
        cr.execute(
            "SELECT name, state, demo FROM ir_module_module WHERE name = ANY(%s)",
            [modules],
        )
        rows = {name: (state, demo) for name, state, demo in cr.fetchall()}
        cr.execute("SELECT count(*) FROM res_users WHERE login LIKE 'fs\\_%%'")
        demo_users = cr.fetchone()[0]
    conn.close()
    assert rows == {m: ("installed", False) for m in modules}
    assert demo_users == 0, "demo users were created without demo data"
