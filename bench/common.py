"""Shared helpers of the benchmark scripts: paths, PostgreSQL access, the
Odoo configuration of a benchmark database and an Odoo environment on it.

Benchmark databases are always named ``factory_bench_*``: every script
refuses any other name before it touches PostgreSQL.
"""

import contextlib
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psycopg2

REPO = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("FACTORY_CACHE", Path.home() / ".cache/factory-suite"))
ODOO_SRC = Path(os.environ.get("FACTORY_ODOO_SRC", CACHE / "odoo-18.0"))
ODOO_BIN = ODOO_SRC / "odoo-bin"
PREFIX = "factory_bench_"
# the user generate.py creates and run.py logs in as
BENCH_LOGIN = "bench_supervisor"
BENCH_PASSWORD = "bench_supervisor"
DB_NAME_RE = re.compile(r"^factory_bench_[a-z0-9_]{1,40}$")
PG = {
    "host": os.environ.get("PGHOST", "127.0.0.1"),
    "port": int(os.environ.get("PGPORT", "5432")),
    "user": os.environ.get("ODOO_DB_USER", "odoo"),
    "password": os.environ.get("ODOO_DB_PASSWORD", "odoo"),
}


class BenchError(Exception):
    """A problem the user can fix: printed without a traceback, exit 2."""


def fail(message, code=2):
    print(f"[bench] ERROR: {message}", file=sys.stderr, flush=True)
    sys.exit(code)


def say(message):
    print(f"[bench] {message}", flush=True)


class Progress:
    """Says how far a long step is, at most every 5 s (and when done)."""

    def __init__(self, label, total):
        self.label, self.total = label, total
        self.start = self.last = time.time()

    def update(self, done, force=False):
        now = time.time()
        if force or now - self.last >= 5:
            self.last = now
            rate = done / max(now - self.start, 1e-6)
            say(f"{self.label} {done:,}/{self.total:,} ({rate:,.0f}/s)")

    def done(self, done):
        self.update(done, force=True)


def check_db_name(name):
    if not name or not DB_NAME_RE.match(name):
        raise BenchError(
            f"database name {name!r} refused: benchmark databases must be named "
            f"'{PREFIX}<lowercase letters, digits, _>' (e.g. factory_bench_large)"
        )
    if name.startswith(PREFIX + "tmpl_"):
        raise BenchError(f"{name} is reserved for the benchmark template")


def pg_connect(dbname="postgres"):
    try:
        conn = psycopg2.connect(dbname=dbname, **PG)
    except psycopg2.OperationalError as exc:
        raise BenchError(
            f"cannot connect to PostgreSQL database {dbname} at "
            f"{PG['host']}:{PG['port']} as {PG['user']}: {str(exc).strip()}"
        ) from exc
    conn.autocommit = True
    return conn


def db_exists(name):
    with contextlib.closing(pg_connect()) as conn, conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return bool(cr.fetchone())


def filestore(name):
    from odoo.tools import config

    return Path(config.filestore(name))


def db_drop(name):
    """Drop a benchmark database (never anything else) and its filestore."""
    if not name.startswith(PREFIX):
        raise BenchError(f"refusing to drop {name}: not a benchmark database")
    with contextlib.closing(pg_connect()) as conn, conn.cursor() as cr:
        cr.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        cr.execute(f'DROP DATABASE IF EXISTS "{name}"')
    shutil.rmtree(filestore(name), ignore_errors=True)


def write_conf(db, http_port=8869):
    """Odoo configuration of a benchmark database: the repository's odoo.conf
    with the database pinned and the server on a loopback test port."""
    lines = []
    for line in (REPO / "odoo.conf").read_text(encoding="utf-8").splitlines():
        key = line.split("=", 1)[0].strip()
        if key == "addons_path":
            line = f"addons_path = {ODOO_SRC / 'odoo' / 'addons'},{REPO / 'addons'}"
        elif key == "db_name":
            line = f"db_name = {db}"
        elif key == "dbfilter":
            line = f"dbfilter = ^{db}$"
        elif key == "http_port":
            line = f"http_port = {http_port}"
        elif key == "http_interface":
            line = "http_interface = 127.0.0.1"
        elif key == "log_level":
            line = "log_level = warn"
        lines.append(line)
    conf = CACHE / f"odoo-bench-{db}.conf"
    conf.parent.mkdir(parents=True, exist_ok=True)
    conf.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return conf


def odoo_env(db, conf):
    """Load Odoo's configuration and registry for ``db``; return the registry."""
    import odoo
    from odoo.tools import config

    config.parse_config(["-c", str(conf), "-d", db, "--log-level=warn"])
    return odoo.modules.registry.Registry(db)


def our_modules():
    import ast

    mods = []
    for path in sorted((REPO / "addons").glob("*/__manifest__.py")):
        if ast.literal_eval(path.read_text(encoding="utf-8")).get("installable", True):
            mods.append(path.parent.name)
    return mods


def template_name():
    """Template database: our modules installed without demo data, named after
    a hash of the Odoo version and our add-ons' files (rebuilt when they
    change)."""
    digest = hashlib.sha1()
    digest.update((ODOO_SRC / "odoo" / "release.py").read_bytes())
    for path in sorted((REPO / "addons").rglob("*")):
        if path.is_file() and path.suffix not in (".pyc", ".po", ".pot"):
            digest.update(str(path.relative_to(REPO)).encode())
            digest.update(path.read_bytes())
    return f"{PREFIX}tmpl_{digest.hexdigest()[:10]}"


def create_database(db, conf):
    """Fresh ``db`` copied from the benchmark template (built once)."""
    tmpl = template_name()
    if not db_exists(tmpl):
        build = f"{tmpl}_build"
        db_drop(build)
        say(f"building template database {tmpl} (our modules, no demo data): once")
        started = time.time()
        result = subprocess.run(
            [
                sys.executable,
                str(ODOO_BIN),
                "-c",
                str(conf),
                "-d",
                build,
                "-i",
                ",".join(our_modules()),
                "--without-demo=all",
                "--stop-after-init",
                "--no-http",
                "--log-level=warn",
                "--db-filter=.*",
            ],
            check=False,
            cwd=REPO,
        )
        if result.returncode:
            db_drop(build)
            raise BenchError(
                "installing our modules into the template failed (see above)"
            )
        with contextlib.closing(pg_connect()) as conn, conn.cursor() as cr:
            cr.execute(f'ALTER DATABASE "{build}" RENAME TO "{tmpl}"')
            cr.execute(
                "SELECT datname FROM pg_database"
                " WHERE datname LIKE %s AND datname <> %s",
                [PREFIX.replace("_", "\\_") + "tmpl\\_%", tmpl],
            )
            old = [r[0] for r in cr.fetchall()]
        if filestore(build).exists():
            shutil.move(filestore(build), filestore(tmpl))
        for name in old:
            say(f"dropping outdated template {name}")
            db_drop(name)
        say(f"template ready in {time.time() - started:.0f} s")
    db_drop(db)
    with contextlib.closing(pg_connect()) as conn, conn.cursor() as cr:
        cr.execute(f'CREATE DATABASE "{db}" TEMPLATE "{tmpl}"')
    if filestore(tmpl).exists():
        shutil.copytree(filestore(tmpl), filestore(db))


def ensure_modules(db, conf):
    """Bring our modules in ``db`` up to the code on disk (a benchmark
    database generated before a module existed or changed, e.g. gained a
    dependency), in one ``odoo-bin`` call when a module or one of its
    dependencies is missing: ``-i`` for our modules not installed (``-u``
    installs nothing), ``-u`` for the others (Odoo installs a new dependency
    of an updated module). Nothing runs when everything is installed."""
    import ast

    ours = our_modules()
    wanted = set()
    for name in ours:
        manifest = REPO / "addons" / name / "__manifest__.py"
        wanted |= {
            name,
            *ast.literal_eval(manifest.read_text(encoding="utf-8"))["depends"],
        }
    with contextlib.closing(pg_connect(db)) as conn, conn.cursor() as cr:
        cr.execute(
            "SELECT name FROM ir_module_module"
            " WHERE state = 'installed' AND name = ANY(%s)",
            [sorted(wanted)],
        )
        installed = {r[0] for r in cr.fetchall()}
    missing = wanted - installed
    if not missing:
        return
    to_install = [name for name in ours if name not in installed]
    to_update = [name for name in ours if name in installed]
    say(
        f"{db}: bringing our modules to the code on disk (missing: "
        f"{', '.join(sorted(missing))}; installing: {', '.join(to_install) or '-'})"
    )
    cmd = [sys.executable, str(ODOO_BIN), "-c", str(conf), "-d", db]
    if to_install:
        cmd += ["-i", ",".join(to_install)]
    if to_update:
        cmd += ["-u", ",".join(to_update)]
    cmd += ["--stop-after-init", "--no-http", "--log-level=warn"]
    if to_install:
        # a module installed into existing data gets no demo data
        cmd.append("--without-demo=all")
    result = subprocess.run(cmd, check=False, cwd=REPO)
    if result.returncode:
        raise BenchError(f"updating the modules of {db} failed (see above)")
