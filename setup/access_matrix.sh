#!/usr/bin/env bash
# Regenerate docs/access_matrix.md from the code on $TEST_DB (see
# tests/access_matrix.py); --check only compares. tests/test_access_matrix.py
# fails while the committed file differs from what this writes.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
db=${TEST_DB:-factory_test}
conf=$cache/odoo-test-$db.conf
[ -f "$conf" ] && db_exists "$db" || die "no test database $db: run 'make test' (or 'make testdb') first"
cd "$repo"
exec "$venv/bin/python" tests/access_matrix.py -c "$conf" -d "$db" "$@"
