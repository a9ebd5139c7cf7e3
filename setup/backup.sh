#!/usr/bin/env bash
# Back up one database and its filestore into one timestamped archive.
#   DB          database (default factory_demo, the demo database of odoo.conf)
#   BACKUP_DIR  where archives go (default ~/.cache/factory-suite/backups)
#   KEEP        keep only the newest KEEP archives of this database (default: keep all)
# The archive <DB>-<UTC yyyymmdd-hhmmss>.tar.gz holds:
#   dump.pgdump     pg_dump --format=custom --no-owner (one consistent snapshot)
#   filestore/      the database's attachments as Odoo stores them
#   manifest.txt    database, time, Odoo version, installed suite modules
# The filestore is copied after the dump: its files are named by their content
# (sha1), so every attachment the dump refers to is in the copy (files written
# after the snapshot are extra and unused). Prints the archive's path last.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
db=${DB:-factory_demo}
dir=${BACKUP_DIR:-$cache/backups}
db_exists "$db" || die "no database '$db' on $pghost:$pgport (DB=<name>)"
mkdir -p "$dir"
stamp=$(date -u +%Y%m%d-%H%M%S)
archive=$dir/$db-$stamp.tar.gz
work=$(mktemp -d "$dir/.backup-$db-XXXXXX")
trap 'rm -rf "$work"' EXIT

step "dumping $db"
pg_dump -h "$pghost" -p "$pgport" -U "$dbuser" --format=custom --no-owner --no-privileges \
    --file="$work/dump.pgdump" "$db" || die "pg_dump of $db failed"
fs=$(filestore "$db")
mkdir -p "$work/filestore"
if [ -d "$fs" ]; then
    step "copying the filestore $fs"
    cp -a "$fs/." "$work/filestore/"
fi
{
    echo "database: $db"
    echo "time: $stamp UTC"
    echo "odoo: $(psql -h "$pghost" -p "$pgport" -U "$dbuser" -d "$db" -tAqc \
        "SELECT latest_version FROM ir_module_module WHERE name = 'base'")"
    echo "modules: $(psql -h "$pghost" -p "$pgport" -U "$dbuser" -d "$db" -tAqc \
        "SELECT string_agg(name || ' ' || latest_version, ', ' ORDER BY name) FROM ir_module_module
         WHERE state = 'installed' AND name LIKE 'factory\_%'")"
} > "$work/manifest.txt"
step "writing $archive"
tar -C "$work" -czf "$archive.part" manifest.txt dump.pgdump filestore
mv "$archive.part" "$archive"
if [ -n "${KEEP:-}" ]; then
    # shellcheck disable=SC2012  # names are ours: <db>-<stamp>.tar.gz
    ls -1 "$dir/$db"-[0-9]*-[0-9]*.tar.gz | sort -r | tail -n +"$((KEEP + 1))" | while read -r old; do
        step "removing old backup $old"; rm -f "$old"
    done
fi
echo "$archive"
