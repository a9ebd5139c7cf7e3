#!/usr/bin/env bash
# make deploy-check: the production profile end to end on this machine.
#  1. Debian's nginx (installed if missing, without starting its own service)
#     and a self-signed certificate (openssl) in a temporary directory;
#  2. a copy of $TEST_DB made with setup/backup.sh + setup/restore.sh
#     (NEUTRALIZE=1: crons off, no mail) as <TEST_DB>_deploy;
#  3. Odoo in prefork mode (setup/prod/render-conf.sh: WORKERS=2, loopback) on
#     it, and nginx with setup/prod/nginx-factory-suite.conf on high ports;
#  4. over HTTPS (setup/prod/deploy_check.py): HTTP -> HTTPS redirect, login
#     page 200 with the security headers, gzip, JSON-RPC (common.version, a
#     session authenticate + call_kw), the websocket upgrade (101), an
#     attachment download (/web/content, the bytes of the restored filestore);
#  5. stops everything it started (trap), drops the copy.
# Ports: from DEPLOY_PORT (default TEST_HTTP_PORT + 20): Odoo +0, gevent +1,
# nginx HTTPS +2, nginx HTTP +3.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
src_db=${TEST_DB:-factory_test}
db=${src_db}_deploy
base=${DEPLOY_PORT:-$(( ${TEST_HTTP_PORT:-8169} + 20 ))}
odoo_port=$base gevent_port=$((base + 1)) https_port=$((base + 2)) http_port=$((base + 3))
db_exists "$src_db" || die "no test database $src_db: run 'make testdb' first"

if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    step "installing Debian's nginx (its own service is not started)"
    policy_added=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy_added=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx-light >/dev/null 2>&1 \
        || DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx >/dev/null \
        || { [ -n "$policy_added" ] && rm -f /usr/sbin/policy-rc.d; die "could not install nginx"; }
    [ -n "$policy_added" ] && rm -f /usr/sbin/policy-rc.d
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d "${TMPDIR:-/tmp}/deploy-check-XXXXXX")
odoo_pid="" nginx_started=""
cleanup() {
    set +e
    if [ -n "$nginx_started" ] && [ -f "$work/nginx.pid" ]; then
        kill "$(cat "$work/nginx.pid")" 2>/dev/null
    fi
    if [ -n "$odoo_pid" ]; then
        kill "$odoo_pid" 2>/dev/null
        for _ in $(seq 1 30); do kill -0 "$odoo_pid" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$odoo_pid" 2>/dev/null
    fi
    db_drop "$db"
    if [ -n "${KEEP_WORK:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

step "self-signed certificate for localhost"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$work/privkey.pem" -out "$work/fullchain.pem" >/dev/null 2>&1 \
    || die "openssl could not make a certificate"

step "copying $src_db into $db (backup + restore, neutralized)"
archive=$(DB=$src_db BACKUP_DIR=$work bash "$here/backup.sh" | tail -n 1)
FILE=$archive DB=$db FORCE=1 NEUTRALIZE=1 bash "$here/restore.sh" >/dev/null
rm -f "$archive"

step "prefork Odoo (2 workers) on 127.0.0.1:$odoo_port, websocket on $gevent_port"
ODOO_ADMIN_PASSWD=$(openssl rand -hex 16) CONF=$work/odoo.conf DB_NAME=$db \
    DB_HOST=$pghost DB_PORT=$pgport DB_USER=$dbuser DB_PASSWORD=$PGPASSWORD \
    WORKERS=2 HTTP_PORT=$odoo_port GEVENT_PORT=$gevent_port \
    DATA_DIR="$(dirname "$(dirname "$(filestore "$db")")")" LOGFILE=$work/odoo.log \
    bash "$here/prod/render-conf.sh" >/dev/null
grep -q '^workers = 2$' "$work/odoo.conf" && grep -q '^proxy_mode = True$' "$work/odoo.conf" \
    && grep -q '^list_db = False$' "$work/odoo.conf" || die "the rendered configuration is not the production profile"
(cd "$repo" && exec "${odoo[@]}" -c "$work/odoo.conf") &
odoo_pid=$!

step "nginx on https://localhost:$https_port (http $http_port)"
sed -e "s/127.0.0.1:8069/127.0.0.1:$odoo_port/" -e "s/127.0.0.1:8072/127.0.0.1:$gevent_port/" \
    -e "s/listen 80;/listen 127.0.0.1:$http_port;/" -e "s/listen 443 ssl http2;/listen 127.0.0.1:$https_port ssl http2;/" \
    -e '/listen \[::\]/d' -e "s/factory.example.com/localhost/" \
    -e 's#return 301 https://$host$request_uri#return 301 https://$host:'"$https_port"'$request_uri#' \
    -e "s#/etc/ssl/factory-suite/#$work/#" \
    -e "s/ssl_session_cache shared:factory_ssl:10m;/ssl_session_cache shared:factory_check_$base:1m;/" \
    "$here/prod/nginx-factory-suite.conf" > "$work/site.conf"
mkdir -p "$work/nginx-tmp"
cat > "$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $work/nginx-access.log;
    client_body_temp_path $work/nginx-tmp/body;
    proxy_temp_path $work/nginx-tmp/proxy;
    fastcgi_temp_path $work/nginx-tmp/fastcgi;
    uwsgi_temp_path $work/nginx-tmp/uwsgi;
    scgi_temp_path $work/nginx-tmp/scgi;
    include $work/site.conf;
}
NGINX
"$nginx_bin" -t -q -c "$work/nginx.conf" -p "$work" -g 'user root;' 2>&1 || die "nginx rejects the site configuration"
"$nginx_bin" -c "$work/nginx.conf" -p "$work" -g 'user root;'
nginx_started=1

step "waiting for Odoo"
for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "http://127.0.0.1:$odoo_port/web/login" 2>/dev/null && break
    kill -0 "$odoo_pid" 2>/dev/null || { tail -30 "$work/odoo.log"; die "Odoo stopped (log above)"; }
    sleep 1
done
# the websocket process starts after the HTTP workers
for _ in $(seq 1 60); do
    curl -fsS -o /dev/null "http://127.0.0.1:$gevent_port/websocket/health" 2>/dev/null && break
    sleep 1
done
"$venv/bin/python" "$here/prod/deploy_check.py" --https "https://localhost:$https_port" \
    --http "http://localhost:$http_port" --db "$db" --ca "$work/fullchain.pem" || {
    echo "--- odoo.log"; grep -E "ERROR|WARNING|gevent|Evented|Traceback" "$work/odoo.log" | tail -30 || true; echo "--- nginx"; tail -20 "$work/nginx-error.log" || true
    die "deploy check failed"
}
step "deploy check passed; stopping nginx, Odoo and dropping $db"
