#!/usr/bin/env bash
# Peer suite: Odoo's own tests of stock, stock_account, mrp, mrp_account,
# purchase_stock and mrp_subcontracting (pytest-odoo, post-install) on
#   - a baseline: a copy of the template database testdb.sh builds (the same
#     Odoo modules, without the suite),
#   - the suite's database: another copy of that template with every suite
#     module installed, without the suite's demo data (the demo factory's two
#     warehouses and production locations are not what Odoo's fixtures expect
#     of a company), and with the company setting "No negative stock" off
#     (Odoo's tests take more than is on hand on purpose, to test negative
#     quants: PEER_NEGATIVE_STOCK=refuse keeps it on),
# both with the peer modules installed; prints both counts and fails when a
# test fails with the suite, passes in the baseline and is not listed in
# tests/peer_by_design.txt (with the rule on, also not refused by it).
#   PEER_SET       full (default, every test file of those modules) | ci (the
#                  subset in setup/peer_report.py, run by .ci/run)
#   PEER_FILES     explicit test files instead (paths under odoo/addons, e.g.
#                  "stock/tests/test_quant.py"); for working on one failure
#   PEER_BASELINE  reuse (default: reuse the baseline results of the same
#                  template, test files and Odoo source for 7 days) | fresh
#   PEER_STEP=baseline  only run (or reuse) the baseline
#   PEER_NEGATIVE_STOCK=refuse  keep "No negative stock" on in the suite's
#                  database: the tests it refuses (its message) are then
#                  counted as refused by that rule
#   PEER_KEEP=1    keep both databases (to rerun one test with pytest)
#   PEER_UPDATE=1  append the unexpected failures to tests/peer_by_design.txt
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
db=${TEST_DB:-factory_test}
conf=$cache/odoo-test-$db.conf
set=${PEER_SET:-full}
peer_modules=stock,stock_account,mrp,mrp_account,purchase_stock,mrp_subcontracting
by_design=$repo/tests/peer_by_design.txt
suite_db=${db}_peer
base_db=${db}_peer_base
out=$cache/peer
mkdir -p "$out"
start=$(date +%s)

tmpl=$(template_db)
# (the test configuration and the template come from testdb.sh)
[ -f "$conf" ] && db_exists "$tmpl" || bash "$here/testdb.sh"
db_exists "$tmpl" || die "no template database $tmpl: run 'make testdb' first"

if [ -n "${PEER_FILES:-}" ]; then
    set=custom
    files=()
    for f in $PEER_FILES; do files+=("$FACTORY_ODOO_SRC/odoo/addons/$f"); done
else
    mapfile -t files < <("$venv/bin/python" "$here/peer_report.py" files "$FACTORY_ODOO_SRC" "$set")
fi
[ ${#files[@]} -gt 0 ] || die "no test file selected"

# A copy of $1 (database and filestore) named $2, with the peer modules
# installed, and the modules $3 (comma-separated, optional) without their demo data.
peer_db() {
    local src=$1 dst=$2 extra=${3:-} missing=() m
    step "copying $src into $dst"
    db_drop "$dst"
    psql_q "CREATE DATABASE \"$dst\" TEMPLATE \"$src\"" >/dev/null || die "could not copy $src (is it in use?)"
    if [ -d "$(filestore "$src")" ]; then
        mkdir -p "$(dirname "$(filestore "$dst")")" && cp -a "$(filestore "$src")" "$(filestore "$dst")"
    fi
    for m in ${peer_modules//,/ }; do
        [ "$(module_state "$dst" "$m")" = installed ] || missing+=("$m")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        local list
        list=$(IFS=,; echo "${missing[*]}")
        step "installing $list into $dst"
        "${odoo[@]}" -c "$conf" -d "$dst" -i "$list" --stop-after-init --no-http --log-level=warn \
            || die "installing $list into $dst failed"
    fi
    if [ -n "$extra" ]; then
        # A module installed into a database with demo data gets demo data
        # when one of its dependencies has it: clear the flag for this install
        # (Odoo's modules keep theirs, as in the baseline).
        local demo_mods
        step "installing $extra into $dst, without demo data"
        demo_mods=$(db_q "$dst" "SELECT string_agg(id::text, ',') FROM ir_module_module WHERE demo")
        db_q "$dst" "UPDATE ir_module_module SET demo = false" >/dev/null
        "${odoo[@]}" -c "$conf" -d "$dst" -i "$extra" --stop-after-init --no-http --log-level=warn \
            || die "installing $extra into $dst failed"
        [ -z "$demo_mods" ] || db_q "$dst" "UPDATE ir_module_module SET demo = true WHERE id IN ($demo_mods)" >/dev/null
    fi
}
db_q() { psql -h "$pghost" -p "$pgport" -U "$dbuser" -d "$1" -tAqc "$2"; }

# Run the selected files on database $1, JUnit results into $2.
peer_run() {
    local dbname=$1 xml=$2 t0 rc=0
    # (named after the database: other test databases share the directory)
    local part=$xml.$dbname.part log=${xml%.xml}.$dbname.log
    step "running ${#files[@]} Odoo test files ($set) on $dbname"
    t0=$(date +%s)
    (cd "$repo" && "$venv/bin/pytest" --odoo-http --odoo-database="$dbname" --odoo-config="$conf" \
        -p no:cacheprovider -q -o junit_family=xunit1 --junitxml="$part" "${files[@]}" \
        > "$log" 2>&1) || rc=$?
    # pytest: 0 all passed, 1 some failed; anything else is a crash.
    [ $rc -le 1 ] && [ -s "$part" ] || { tail -30 "$log"; die "pytest on $dbname stopped (rc $rc, log $log)"; }
    mv "$part" "$xml"
    step "$dbname: $(tail -1 "$log") ($(( ($(date +%s) - t0) / 60 )) min)"
}

# The baseline depends only on Odoo, its modules and the test files: reuse it
# for 7 days (the full run's results also serve every subset).
key=$( { echo "$tmpl $peer_modules"; cat "$FACTORY_ODOO_SRC/odoo/release.py"; } | sha1sum | cut -c1-10)
files_key=$(printf '%s\n' "${files[@]}" | sha1sum | cut -c1-10)
base_xml=$out/baseline-$key-$files_key.xml
fresh() { [ -n "$(find "$1" -mtime -7 2>/dev/null)" ]; }
# else the results of an earlier baseline run of more files (the full run's
# serve every subset)
if [ "${PEER_BASELINE:-reuse}" != fresh ] && ! fresh "$base_xml"; then
    for earlier in "$out"/baseline-"$key"-*.xml; do
        if fresh "$earlier" && "$venv/bin/python" "$here/peer_report.py" covers "$earlier" "${files[@]}"; then
            base_xml=$earlier; break
        fi
    done
fi
if [ "${PEER_BASELINE:-reuse}" = fresh ] || ! fresh "$base_xml"; then
    peer_db "$tmpl" "$base_db"
    peer_run "$base_db" "$base_xml"
    [ -n "${PEER_KEEP:-}" ] || db_drop "$base_db"
else
    step "reusing the baseline results $base_xml (PEER_BASELINE=fresh runs it again)"
fi

if [ "${PEER_STEP:-}" = baseline ]; then
    step "baseline results in $base_xml ($(( ($(date +%s) - start) / 60 )) min)"; exit 0
fi
peer_db "$tmpl" "$suite_db" "$(our_modules)"
[ "$(module_state "$suite_db" factory_stock)" = installed ] || die "the suite is not installed in $suite_db"
rule_message=""
if [ "${PEER_NEGATIVE_STOCK:-allow}" = refuse ]; then
    rule_message="Not enough stock of"
else
    # every company, those Odoo's fixtures create included (ir.default)
    db_q "$suite_db" "UPDATE res_company SET factory_no_negative_stock = false;
        INSERT INTO ir_default (field_id, json_value, create_uid, write_uid, create_date, write_date)
        SELECT id, 'false', 1, 1, now(), now() FROM ir_model_fields
        WHERE model = 'res.company' AND name = 'factory_no_negative_stock'" >/dev/null
fi
suite_xml=$out/suite-$db-$set-${PEER_NEGATIVE_STOCK:-allow}.xml
peer_run "$suite_db" "$suite_xml"
[ -n "${PEER_KEEP:-}" ] || db_drop "$suite_db"

echo
echo "Odoo's own tests of $peer_modules ($set: ${#files[@]} files)"
rc=0
"$venv/bin/python" "$here/peer_report.py" report "$base_xml" "$suite_xml" "$by_design" \
    ${PEER_UPDATE:+--update} ${rule_message:+--refused-by="$rule_message"} || rc=$?
echo "peer-test took $(( ($(date +%s) - start) / 60 )) min (results: $out)"
exit $rc
