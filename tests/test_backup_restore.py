"""`make backup` / `make restore` (setup/backup.sh, setup/restore.sh).

The test database is archived (dump + filestore), restored under a new name
and compared: stock (quants per product, location and lot), the number of
every kind of document, and the bytes of stored attachments as Odoo reads
them from the restored database's filestore. An existing database is refused
without FORCE=1 and left as it was.
"""

import hashlib
import os
import subprocess
import tarfile
from pathlib import Path

import psycopg2
import pytest

from odoo.tools import config

REPO = Path(__file__).resolve().parent.parent

# (table, what is counted): the documents of every suite module and Odoo's own
DOCUMENTS = [
    "stock_picking",
    "stock_move",
    "stock_move_line",
    "stock_lot",
    "stock_valuation_layer",
    "mrp_production",
    "purchase_order",
    "factory_stocktake",
    "factory_stocktake_line",
    "factory_qc_inspection",
    "factory_material_request",
    "factory_production_report",
    "factory_alert_rule",
    "factory_alert",
    "factory_outsourcing_statement",
    "mail_message",
    "ir_attachment",
]


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


def _figures(dbname):
    conn = _connect(dbname)
    try:
        with conn.cursor() as cr:
            cr.execute(
                """SELECT count(*), sum(quantity), sum(reserved_quantity),
                          md5(string_agg(concat_ws(':', product_id, location_id, lot_id,
                                                   quantity, reserved_quantity), ','
                                         ORDER BY product_id, location_id, lot_id, id))
                     FROM stock_quant"""
            )
            quants = cr.fetchone()
            counts = {}
            for table in DOCUMENTS:
                cr.execute(f"SELECT count(*) FROM {table}")
                counts[table] = cr.fetchone()[0]
            cr.execute(
                """SELECT id, store_fname, checksum FROM ir_attachment
                    WHERE store_fname IS NOT NULL AND file_size > 0
                    ORDER BY res_model IS NULL, file_size DESC, id LIMIT 3"""
            )
            attachments = cr.fetchall()
    finally:
        conn.close()
    return quants, counts, attachments


def _run(script, **env):
    return subprocess.run(
        ["bash", str(REPO / "setup" / script)],
        cwd=REPO,
        env=dict(
            os.environ, FACTORY_ODOO_SRC=str(Path(config["root_path"]).parent), **env
        ),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture
def restored_name():
    name = f"{config['db_name']}_restore_test"
    _drop(name)
    yield name
    _drop(name)
    subprocess.run(["rm", "-rf", config.filestore(name)], check=False)


def test_backup_restores_into_a_new_database(tmp_path, restored_name):
    source = config["db_name"]
    assert source, "run with --odoo-database (make test)"
    before = _figures(source)
    assert before[0][0] > 0 and before[2], (
        "the test database has quants and stored attachments"
    )

    backup = _run("backup.sh", DB=source, BACKUP_DIR=str(tmp_path))
    assert backup.returncode == 0, backup.stdout + backup.stderr
    archive = Path(backup.stdout.strip().splitlines()[-1])
    assert archive.parent == tmp_path and archive.name.startswith(f"{source}-")
    assert archive.name.endswith(".tar.gz")
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert {"manifest.txt", "dump.pgdump", "filestore"} <= set(names)

    restore = _run("restore.sh", FILE=str(archive), DB=restored_name)
    assert restore.returncode == 0, restore.stdout + restore.stderr
    after = _figures(restored_name)
    assert after[0] == before[0], "same quants"
    assert after[1] == before[1], "same number of every document"
    assert after[2] == before[2]

    # the restored filestore holds each stored attachment where Odoo reads it
    # (ir.attachment._full_path: <data_dir>/filestore/<db>/<store_fname>)
    for att_id, store_fname, checksum in before[2]:
        path = Path(config.filestore(restored_name)) / store_fname
        assert path.is_file(), f"attachment {att_id}: {path} missing"
        assert hashlib.sha1(path.read_bytes()).hexdigest() == checksum

    # an existing database is refused without FORCE=1, and stays as it was
    again = _run("restore.sh", FILE=str(archive), DB=restored_name)
    assert again.returncode != 0
    assert "already exists" in again.stderr
    assert _figures(restored_name) == after


def test_restore_refuses_missing_arguments(tmp_path):
    result = _run(
        "restore.sh", FILE=str(tmp_path / "nothing.tar.gz"), DB="factory_x_none"
    )
    assert result.returncode != 0 and "no archive" in result.stderr
    result = _run("restore.sh", FILE="", DB="factory_x_none")
    assert result.returncode != 0 and "FILE=" in result.stderr
    archive = tmp_path / "a.tar.gz"
    archive.write_bytes(b"")
    result = _run("restore.sh", FILE=str(archive), DB="bad name;drop")
    assert result.returncode != 0 and "not a valid database name" in result.stderr
