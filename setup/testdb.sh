#!/usr/bin/env bash
# Build a fresh test database with every Factory Suite module installed.
#
# The Odoo modules ours depend on are installed once into a template database
# (named after a hash of the Odoo version and the dependency list) and copied
# with its filestore; a second run therefore only installs our own modules.
#   TEST_DB   name of the test database (default factory_test)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
db=${TEST_DB:-factory_test}
conf=$cache/odoo-test-$db.conf

# Test configuration: odoo.conf on another port and without the demo db filter.
sed -e "s/^http_port.*/http_port = ${TEST_HTTP_PORT:-8169}/" -e 's/^db_name.*/db_name =/' -e 's/^dbfilter.*/dbfilter =/' \
    -e 's/^log_level.*/log_level = warn/' "$repo/odoo.conf" > "$conf"

ours=$(our_modules)
deps=$(external_deps)
[ -n "$ours" ] || die "no installable module in $repo/addons"
tmpl=$(template_db)

# One build of a template at a time (parallel worktrees share it); the others wait.
exec 9>"$cache/.template.lock"
flock 9
if ! db_exists "$tmpl"; then
    step "building template database $tmpl with: $deps (once)"
    db_drop "$tmpl.build"
    "${odoo[@]}" -c "$conf" -d "$tmpl.build" -i "$deps" --stop-after-init --no-http \
        || die "installing $deps into a fresh database failed (see the log above)"
    psql_q "ALTER DATABASE \"$tmpl.build\" RENAME TO \"$tmpl\"" >/dev/null
    mv "$(filestore "$tmpl.build")" "$(filestore "$tmpl")" 2>/dev/null || true
    # (KEEP_TEMPLATES=1 keeps them: worktrees of other branches may still use theirs)
    if [ -z "${KEEP_TEMPLATES:-}" ]; then
        for old in $(psql_q "SELECT datname FROM pg_database WHERE datname LIKE 'factory\_tmpl\_%' AND datname <> '$tmpl'"); do
            step "dropping outdated template $old"; db_drop "$old"
        done
    fi
fi

flock -u 9
step "creating test database $db from $tmpl"
db_drop "$db"
psql_q "CREATE DATABASE \"$db\" TEMPLATE \"$tmpl\"" >/dev/null || die "could not copy $tmpl into $db"
if [ -d "$(filestore "$tmpl")" ]; then
    mkdir -p "$(dirname "$(filestore "$db")")" && cp -a "$(filestore "$tmpl")" "$(filestore "$db")"
fi
step "installing $ours into $db"
log=$cache/install-$db.log
"${odoo[@]}" -c "$conf" -d "$db" -i "$ours" --stop-after-init --no-http 2>&1 | tee "$log" \
    || die "installing $ours failed (see the log above)"
# Odoo only logs a failing demo file and installs without demo data: fail instead.
if grep -E "demo data failed|ERROR $db" "$log" >/dev/null; then
    die "installing $ours logged errors (see $log)"
fi
# Build the web client's asset bundles now and commit them: otherwise the first
# browser tour builds them inside its test transaction (slow on 2 cores, and
# rolled back, so every tour class would pay again).
step "building the web client's assets"
"${odoo[@]}" shell -c "$conf" -d "$db" --no-http --log-level=warn > /dev/null <<'PY' \
    || die "building the asset bundles of $db failed"
for name in ("web.assets_web", "web.assets_tests", "web.assets_frontend"):
    bundle = env["ir.qweb"]._get_asset_bundle(name)
    bundle.js()
    bundle.css()
env.cr.commit()
PY
for m in ${ours//,/ }; do
    [ "$(module_state "$db" "$m")" = installed ] || die "module $m is not installed in $db"
done
