#!/usr/bin/env bash
# make replica: a PostgreSQL streaming replica (hot standby) of the suite's
# cluster on this machine, and an Odoo configuration that uses it.
#   REPLICA_PORT     port of the replica cluster (default 5433)
#   REPLICA_CLUSTER  name of the Debian cluster (default factory_replica)
#   REPLICA_ROLE     replication role on the primary (default factory_replicator)
#   REPLICA_DROP=1   stop and remove the replica cluster (the role and the
#                    pg_hba line on the primary stay; they change nothing else)
# What changes on the primary (127.0.0.1:5432), with a reload only, never a
# restart: a role with REPLICATION and a password (kept in
# ~/.cache/factory-suite/replica.pass, mode 600), and one pg_hba.conf line
#   host replication <role> 127.0.0.1/32 scram-sha-256   # factory-suite replica
# followed by pg_reload_conf(). wal_level = replica and max_wal_senders = 10
# are PostgreSQL 15's defaults; the script stops if they were changed.
# The replica: pg_createcluster + pg_basebackup -R -X stream (the standby
# settings are written by -R), hot_standby = on, hot_standby_feedback = on
# (long report queries are not cancelled by vacuum on the primary).
# No replication slot: a replica that is stopped for long may fall behind the
# WAL the primary keeps and must then be made again (make replica REPLICA_DROP=1;
# make replica); a slot would instead keep WAL on the primary's disk forever.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
rport=${REPLICA_PORT:-5433}
name=${REPLICA_CLUSTER:-factory_replica}
role=${REPLICA_ROLE:-factory_replicator}
ver=$(psql_q "SHOW server_version_num" | cut -c1-2)
command -v pg_createcluster >/dev/null || die "pg_createcluster missing (Debian's postgresql-common)"
exists() { pg_lsclusters -h | awk -v v="$ver" -v n="$name" '$1 == v && $2 == n' | grep -q .; }

if [ "${REPLICA_DROP:-}" = 1 ]; then
    if exists; then
        step "stopping and removing the replica cluster $ver/$name"
        pg_dropcluster --stop "$ver" "$name"
    fi
    rm -f "$cache/odoo-replica.conf"
    exit 0
fi

# --- the primary ---------------------------------------------------------
[ "$pghost" = 127.0.0.1 ] || [ "$pghost" = localhost ] || die "the replica is made of a cluster on this machine (PGHOST=$pghost)"
wal=$(psql_q "SHOW wal_level")
senders=$(psql_q "SHOW max_wal_senders")
[ "$wal" != minimal ] || die "wal_level = minimal on the primary: set it to replica (needs a restart, not done here)"
[ "$senders" -gt 0 ] || die "max_wal_senders = 0 on the primary: set it to 10 (needs a restart, not done here)"
passfile=$cache/replica.pass
if [ ! -s "$passfile" ]; then
    (umask 077 && openssl rand -hex 24 > "$passfile")
fi
pass=$(cat "$passfile")
if [ "$(psql_q "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" = 1 ]; then
    psql_q "ALTER ROLE \"$role\" WITH REPLICATION LOGIN PASSWORD '$pass'" >/dev/null
else
    step "creating the replication role $role on the primary"
    psql_q "CREATE ROLE \"$role\" WITH REPLICATION LOGIN PASSWORD '$pass'" >/dev/null
fi
hba=$(psql_q "SHOW hba_file")
line="host replication $role 127.0.0.1/32 scram-sha-256   # factory-suite replica"
if ! grep -qF "$line" "$hba"; then
    step "allowing replication connections of $role in $hba (reload, no restart)"
    printf '%s\n' "$line" >> "$hba"
    [ "$(psql_q "SELECT pg_reload_conf()")" = t ] || die "pg_reload_conf() failed"
    errors=$(psql_q "SELECT count(*) FROM pg_hba_file_rules WHERE error IS NOT NULL")
    [ "$errors" = 0 ] || die "$hba has errors after the change (pg_hba_file_rules)"
fi

# --- the replica cluster --------------------------------------------------
if exists && [ "$(psql -h 127.0.0.1 -p "$rport" -U "$dbuser" -d postgres -tAqc 'SELECT pg_is_in_recovery()' 2>/dev/null)" = t ]; then
    step "replica $ver/$name on port $rport is already streaming"
else
    if exists; then
        step "replacing the replica cluster $ver/$name that is not streaming"
        pg_dropcluster --stop "$ver" "$name"
    fi
    step "creating cluster $ver/$name on port $rport"
    pg_createcluster -q "$ver" "$name" -p "$rport" --start-conf=manual >/dev/null
    datadir=$(pg_lsclusters -h | awk -v v="$ver" -v n="$name" '$1 == v && $2 == n {print $6}')
    confdir=/etc/postgresql/$ver/$name
    cat > "$confdir/conf.d/factory-replica.conf" <<CONF
# made by setup/replica.sh: a hot standby of 127.0.0.1:$pgport
listen_addresses = '127.0.0.1'
port = $rport
hot_standby = on
hot_standby_feedback = on
max_standby_streaming_delay = 30s
CONF
    # the primary's roles and passwords come with the base backup: local
    # connections as on the primary (the suite connects over TCP as odoo)
    cp "$hba" "$confdir/pg_hba.conf" && chown postgres:postgres "$confdir/pg_hba.conf"
    step "pg_basebackup of 127.0.0.1:$pgport into $datadir ($(psql_q "SELECT pg_size_pretty(sum(pg_database_size(datname))) FROM pg_database"))"
    rm -rf "${datadir:?}"/*
    runuser -u postgres -- env PGPASSWORD="$pass" pg_basebackup -h 127.0.0.1 -p "$pgport" -U "$role" \
        -D "$datadir" -R -X stream -c fast \
        || { pg_dropcluster "$ver" "$name"; die "pg_basebackup failed"; }
    pg_ctlcluster "$ver" "$name" start || die "the replica does not start (see /var/log/postgresql/postgresql-$ver-$name.log)"
fi
for _ in $(seq 1 30); do
    [ "$(psql -h 127.0.0.1 -p "$rport" -U "$dbuser" -d postgres -tAqc 'SELECT pg_is_in_recovery()' 2>/dev/null)" = t ] && break
    sleep 1
done
[ "$(psql -h 127.0.0.1 -p "$rport" -U "$dbuser" -d postgres -tAqc 'SELECT pg_is_in_recovery()')" = t ] \
    || die "127.0.0.1:$rport is not a standby"
state=$(psql_q "SELECT state || ', replay lag ' || COALESCE(replay_lag::text, '0') FROM pg_stat_replication WHERE usename = '$role'")
[ -n "$state" ] || die "the primary shows no replication connection of $role"
step "replica on 127.0.0.1:$rport: $state"

# --- the Odoo configuration using it --------------------------------------
profile=$cache/odoo-replica.conf
sed -e '/^db_replica_/d' "$repo/odoo.conf" > "$profile"
printf '\n; read-only requests on the streaming replica (setup/replica.sh)\ndb_replica_host = 127.0.0.1\ndb_replica_port = %s\n' "$rport" >> "$profile"
step "Odoo configuration with the replica: $profile"
echo "  production: DB_REPLICA_HOST=127.0.0.1 DB_REPLICA_PORT=$rport ODOO_ADMIN_PASSWD=... setup/prod/render-conf.sh"
