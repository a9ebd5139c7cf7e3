#!/usr/bin/env bash
# Render setup/prod/odoo.prod.conf.in into a production odoo.conf.
#   ODOO_ADMIN_PASSWD  master password of the database manager (required; never stored in git)
#   CONF               output file (default /etc/odoo/factory-suite.conf); "-" prints it
#   DB_NAME DB_HOST DB_PORT DB_USER DB_PASSWORD   database (default factory, 127.0.0.1, 5432, odoo, odoo)
#   DB_REPLICA_HOST DB_REPLICA_PORT               a read replica (empty: none)
#   WORKERS            default 2 x cores + 1;  MAX_CRON_THREADS default 1
#   HTTP_INTERFACE HTTP_PORT GEVENT_PORT          default 127.0.0.1, 8069, 8072
#   LIMIT_MEMORY_SOFT/HARD (bytes, default 640 / 768 MiB), LIMIT_TIME_CPU/REAL (default 600 / 1200 s)
#   DATA_DIR LOGFILE ADDONS_PATH                  default /var/lib/odoo, /var/log/odoo/factory-suite.log,
#                                                 Odoo's add-ons + this repository's addons
# The file gets mode 640: it holds the database and master passwords.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
die() { printf '\033[31m[render-conf] ERROR:\033[0m %s\n' "$*" >&2; exit 1; }
[ -n "${ODOO_ADMIN_PASSWD:-}" ] || die "set ODOO_ADMIN_PASSWD (the database manager's master password) in the environment"
[ "${#ODOO_ADMIN_PASSWD}" -ge 12 ] || die "ODOO_ADMIN_PASSWD is shorter than 12 characters"
cores=$(nproc)
src=${FACTORY_ODOO_SRC:-${FACTORY_CACHE:-$HOME/.cache/factory-suite}/odoo-18.0}
replica=""
if [ -n "${DB_REPLICA_HOST:-}" ]; then
    replica="db_replica_host = $DB_REPLICA_HOST"$'\n'"db_replica_port = ${DB_REPLICA_PORT:-5433}"
fi
workers=${WORKERS:-$((2 * cores + 1))}
declare -A v=(
    [ADDONS_PATH]=${ADDONS_PATH:-$src/odoo/addons,$repo/addons}
    [DATA_DIR]=${DATA_DIR:-/var/lib/odoo}
    [DB_HOST]=${DB_HOST:-127.0.0.1}
    [DB_PORT]=${DB_PORT:-5432}
    [DB_USER]=${DB_USER:-odoo}
    [DB_PASSWORD]=${DB_PASSWORD:-odoo}
    [DB_NAME]=${DB_NAME:-factory}
    [DB_MAXCONN]=${DB_MAXCONN:-8}
    [ADMIN_PASSWD]=$ODOO_ADMIN_PASSWD
    [REPLICA_LINES]=$replica
    [HTTP_INTERFACE]=${HTTP_INTERFACE:-127.0.0.1}
    [HTTP_PORT]=${HTTP_PORT:-8069}
    [GEVENT_PORT]=${GEVENT_PORT:-8072}
    [CORES]=$cores
    [WORKERS]=$workers
    [MAX_CRON_THREADS]=${MAX_CRON_THREADS:-1}
    [LIMIT_MEMORY_SOFT]=${LIMIT_MEMORY_SOFT:-671088640}
    [LIMIT_MEMORY_HARD]=${LIMIT_MEMORY_HARD:-805306368}
    [LIMIT_TIME_CPU]=${LIMIT_TIME_CPU:-600}
    [LIMIT_TIME_REAL]=${LIMIT_TIME_REAL:-1200}
    [LIMIT_TIME_REAL_CRON]=${LIMIT_TIME_REAL_CRON:-1800}
    [LOGFILE]=${LOGFILE:-/var/log/odoo/factory-suite.log}
)
out=${CONF:-/etc/odoo/factory-suite.conf}
text=$(cat "$here/odoo.prod.conf.in")
for key in "${!v[@]}"; do
    text=${text//@$key@/${v[$key]}}
done
if grep -o '@[A-Z_]*@' <<< "$text" >/dev/null; then
    die "unrendered placeholders: $(grep -o '@[A-Z_]*@' <<< "$text" | sort -u | tr '\n' ' ')"
fi
if [ "$out" = - ]; then
    printf '%s\n' "$text"
else
    mkdir -p "$(dirname "$out")"
    (umask 027 && printf '%s\n' "$text" > "$out")
    chmod 640 "$out"
    echo "$out"
fi
