#!/usr/bin/env bash
# Run every test (module tests and tests/) with pytest-odoo against $TEST_DB.
# Extra arguments go to pytest (e.g. -k name, addons/factory_stock).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
db=${TEST_DB:-factory_test}
conf=$cache/odoo-test-$db.conf
[ -f "$conf" ] && db_exists "$db" || die "no test database $db: run 'make test' (or 'make testdb') first"
# Browser tours must run, not be skipped: require Chromium and websocket-client.
command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null \
    || die "no Chromium on PATH: browser tours cannot run (setup/bootstrap.sh installs Debian's chromium)"
"$venv/bin/python" -c "import websocket" 2>/dev/null || die "websocket-client missing in $venv: run 'make setup'"
cd "$repo"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(addons tests)
exec "$venv/bin/pytest" --odoo-http --odoo-database="$db" --odoo-config="$conf" -p no:cacheprovider "${targets[@]}"
