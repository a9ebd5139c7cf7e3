#!/usr/bin/env bash
# Restore an archive of setup/backup.sh into a NEW database.
#   FILE        the archive (<db>-<stamp>.tar.gz)
#   DB          the database to create (required)
#   FORCE=1     drop DB (and its filestore) first if it exists; without it an
#               existing database is refused and nothing is touched
#   NEUTRALIZE=1  run `odoo-bin neutralize` on it afterwards (crons off, no
#               outgoing mail): for a test copy next to production
# The database gets the archive's data and its filestore goes where Odoo looks
# for it (data_dir/filestore/DB), so the restored database serves its
# attachments as it did.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
file=${FILE:-}
db=${DB:-}
[ -n "$file" ] || die "FILE=<archive> is required (make restore FILE=... DB=<new name>)"
[ -f "$file" ] || die "no archive '$file'"
[ -n "$db" ] || die "DB=<new database name> is required"
[[ "$db" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]*$ ]] || die "'$db' is not a valid database name (letters, digits, _ . -)"
fs=$(filestore "$db")
if db_exists "$db" || [ -e "$fs" ]; then
    [ "${FORCE:-}" = 1 ] || die "database '$db' (or its filestore $fs) already exists: choose another name, or FORCE=1 to replace it"
    step "FORCE=1: dropping the existing database $db and its filestore"
    db_drop "$db"
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/restore-$db-XXXXXX")
trap 'rm -rf "$work"' EXIT
step "unpacking $file"
tar -C "$work" -xzf "$file"
[ -f "$work/dump.pgdump" ] || die "$file has no dump.pgdump: not an archive of setup/backup.sh"
sed 's/^/    /' "$work/manifest.txt" 2>/dev/null || true
step "creating $db"
psql_q "CREATE DATABASE \"$db\" ENCODING 'UTF8' TEMPLATE template0" >/dev/null || die "could not create $db"
# From here on a failure leaves no half-restored database behind.
trap 'rm -rf "$work"; [ -n "${done_ok:-}" ] || db_drop "$db"' EXIT
PGOPTIONS="$PGOPTIONS -c synchronous_commit=off -c maintenance_work_mem=256MB" \
    pg_restore -h "$pghost" -p "$pgport" -U "$dbuser" --no-owner --no-privileges --exit-on-error \
    --jobs="${JOBS:-2}" -d "$db" "$work/dump.pgdump" || die "pg_restore into $db failed"
mkdir -p "$(dirname "$fs")"
if [ -d "$work/filestore" ]; then
    mv "$work/filestore" "$fs"
else
    mkdir -p "$fs"
fi
if [ "${NEUTRALIZE:-}" = 1 ]; then
    step "neutralizing $db (crons off, no outgoing mail)"
    (cd "$repo" && "${odoo[@]}" neutralize -c "$repo/odoo.conf" -d "$db" --log-level=warn) || die "neutralizing $db failed"
fi
done_ok=1
step "restored $db ($(psql_q "SELECT pg_size_pretty(pg_database_size('$db'))"), filestore $fs)"
