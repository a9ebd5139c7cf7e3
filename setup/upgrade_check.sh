#!/usr/bin/env bash
# make upgrade-check [DB=<database with every suite module>]: -u of every suite
# module on a copy, checksums of the suite's tables before and after
# (setup/upgrade_check.py).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
db=${DB:-${TEST_DB:-factory_test}}
db_exists "$db" || die "no database $db (DB=<name>; make testdb builds the test database)"
conf=$cache/odoo-test-${TEST_DB:-factory_test}.conf
[ -f "$conf" ] || conf=$repo/odoo.conf
cd "$repo"
exec "$venv/bin/python" "$here/upgrade_check.py" --db "$db" --conf "$conf" --modules "$(our_modules)"
