# Shared settings of the setup scripts (sourced, not run).
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
cache=${FACTORY_CACHE:-$HOME/.cache/factory-suite}
export FACTORY_ODOO_SRC=${FACTORY_ODOO_SRC:-$cache/odoo-18.0}
venv=$cache/venv
odoo=("$venv/bin/python" "$FACTORY_ODOO_SRC/odoo-bin")
pghost=${PGHOST:-127.0.0.1}
pgport=${PGPORT:-5432}
dbuser=${ODOO_DB_USER:-odoo}
export PGPASSWORD=${ODOO_DB_PASSWORD:-odoo}
export PGOPTIONS="${PGOPTIONS:---client-min-messages=warning}"

step() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[setup] ERROR:\033[0m %s\n' "$*" >&2; exit 1; }
psql_q() { psql -h "$pghost" -p "$pgport" -U "$dbuser" -d postgres -tAqc "$1"; }
db_exists() { [ "$(psql_q "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]; }
db_drop() {
    psql_q "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$1'" >/dev/null
    psql_q "DROP DATABASE IF EXISTS \"$1\"" >/dev/null
    rm -rf "$(filestore "$1")"
}
filestore() { "$venv/bin/python" - "$1" <<'PY'
import sys
import odoo
odoo.tools.config.parse_config([])
print(odoo.tools.config.filestore(sys.argv[1]))
PY
}
# Comma-separated lists: our installable modules, and the Odoo modules they need.
our_modules() { "$venv/bin/python" "$here/addons_deps.py" ours "$repo/addons"; }
external_deps() { "$venv/bin/python" "$here/addons_deps.py" external "$repo/addons"; }
# The template database testdb.sh builds: named after the Odoo modules ours need
# and the Odoo version.
template_db() {
    echo "factory_tmpl_$( { external_deps; cat "$FACTORY_ODOO_SRC/odoo/release.py"; } | sha1sum | cut -c1-10)"
}
# State of a module in a database ('' when absent).
module_state() { psql -h "$pghost" -p "$pgport" -U "$dbuser" -d "$1" -tAqc \
    "SELECT state FROM ir_module_module WHERE name = '$2'" 2>/dev/null || true; }
