"""make upgrade-check: an upgrade of every suite module (-u) keeps every record.

On a copy of a database with every suite module installed (DB=, default the
test database; a generated one works too: DB=factory_bench_small), a checksum
of each table that holds stock, money or a document of the suite is taken
before and after ``odoo-bin -u <every suite module>``: the rows as JSON in id
order, without write_date / write_uid (an upgrade may touch them), md5 over
all. Reports keep no rows of their own (SQL queries over these tables): equal
tables give equal reports. Prints one line per table and exits 1 when a table
changed, the upgrade failed or logged an error; the copy is dropped.
"""

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg2

REPO = Path(__file__).resolve().parent.parent
TABLES = [
    "stock_quant",
    "stock_move",
    "stock_move_line",
    "stock_valuation_layer",
    "stock_lot",
    "stock_picking",
    "stock_warehouse_orderpoint",
    "mrp_production",
    "factory_stocktake",
    "factory_stocktake_line",
    "factory_material_request",
    "factory_material_request_line",
    "factory_qc_inspection",
    "factory_production_report",
    "factory_cost_center",
    "factory_coding_rule",
    "factory_alert_rule",
    "factory_alert",
    "factory_alert_outbox",
    "factory_alert_robot",
    "factory_outsourcing_statement",
    "factory_outsourcing_statement_line",
    "factory_outsourcing_statement_deduction",
    "factory_override_log",
]
# the suite's own columns on Odoo's tables (settings, classes, count dates)
COLUMNS = {
    "product_product": "factory_",
    "res_company": "factory_",
}


def connect(db):
    return psycopg2.connect(
        host=os.environ.get("PGHOST", "127.0.0.1"),
        port=os.environ.get("PGPORT", "5432"),
        dbname=db,
        user="odoo",
        password=os.environ.get("ODOO_DB_PASSWORD", "odoo"),
    )


def checksums(db):
    conn = connect(db)
    out = {}
    with conn.cursor() as cr:
        for table in TABLES:
            cr.execute("SELECT to_regclass(%s)", [table])
            if not cr.fetchone()[0]:
                out[table] = (None, None)
                continue
            cr.execute(
                f"""SELECT count(*), md5(COALESCE(string_agg(
                        (to_jsonb(t) - 'write_date' - 'write_uid')::text, ','
                        ORDER BY id), ''))
                      FROM {table} t"""
            )
            out[table] = cr.fetchone()
        for table, prefix in COLUMNS.items():
            cr.execute(
                """SELECT string_agg(quote_ident(column_name), ', '
                                     ORDER BY column_name)
                     FROM information_schema.columns
                    WHERE table_name = %s AND column_name LIKE %s""",
                [table, prefix + "%"],
            )
            cols = cr.fetchone()[0]
            cr.execute(
                f"""SELECT count(*), md5(COALESCE(string_agg(
                        row({cols})::text, ',' ORDER BY id), ''))
                      FROM {table}"""
            )
            out[f"{table} ({prefix}*)"] = cr.fetchone()
    conn.close()
    return out


def filestore(db):
    code = "import sys, odoo; odoo.tools.config.parse_config([]); "
    code += "print(odoo.tools.config.filestore(sys.argv[1]))"
    return subprocess.check_output([sys.executable, "-c", code, db], text=True).strip()


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=os.environ.get("TEST_DB", "factory_test"))
    parser.add_argument("--conf", required=True)
    parser.add_argument("--modules", required=True, help="comma-separated")
    args = parser.parse_args(argv)
    copy = f"{args.db}_upgrade"
    admin = connect("postgres")
    admin.autocommit = True
    cr = admin.cursor()

    def drop():
        cr.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            [copy],
        )
        cr.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        shutil.rmtree(filestore(copy), ignore_errors=True)

    drop()
    try:
        cr.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{args.db}"')
    except psycopg2.errors.ObjectInUse:
        sys.exit(f"{args.db} is in use (a server or a test on it): stop it first")
    try:
        if Path(filestore(args.db)).is_dir():
            shutil.copytree(filestore(args.db), filestore(copy))
        before = checksums(copy)
        src = os.environ["FACTORY_ODOO_SRC"]
        print(f"upgrading {args.modules} in {copy} ...", flush=True)
        run = subprocess.run(
            [sys.executable, f"{src}/odoo-bin", "-c", args.conf, "-d", copy,
             "-u", args.modules, "--stop-after-init", "--no-http",
             "--log-level=warn"],
            cwd=REPO, capture_output=True, text=True, check=False,
        )  # fmt: skip
        errors = [
            x for x in run.stderr.splitlines() if " ERROR " in x or " CRITICAL " in x
        ]
        after = checksums(copy)
        conn = connect(copy)
        with conn.cursor() as ccr:
            ccr.execute(
                "SELECT name, state FROM ir_module_module WHERE name = ANY(%s)",
                [args.modules.split(",")],
            )
            states = dict(ccr.fetchall())
        conn.close()
    finally:
        drop()
        admin.close()
    changed = []
    print(f"{'table':52} {'rows':>9}  checksum")
    for table, (rows, digest) in before.items():
        rows_after, digest_after = after[table]
        same = (rows, digest) == (rows_after, digest_after)
        if not same:
            changed.append(table)
        shown = "absent" if rows is None else digest[:12]
        note = "equal" if same else f"CHANGED: {rows_after} rows, {digest_after}"
        print(f"{table:52} {rows if rows is not None else '-':>9}  {shown}  {note}")
    broken = [m for m in args.modules.split(",") if states.get(m) != "installed"]
    if run.returncode or errors or broken:
        print(f"upgrade: rc {run.returncode}, not installed {broken}")
        print("\n".join(errors[-20:] or run.stderr.splitlines()[-20:]))
    ok = not changed and not run.returncode and not errors and not broken
    print("upgrade check:", "passed" if ok else f"FAILED {changed or 'the upgrade'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
