#!/usr/bin/env bash
# Create (or reuse and upgrade) the demo database and serve the suite.
#   DEMO_DB   name of the demo database (default factory_demo, as in odoo.conf)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
db=${DEMO_DB:-factory_demo}
conf=$repo/odoo.conf
ours=$(our_modules)
stamp=$cache/$db.stamp
sum=$( { echo "$ours"; find "$repo/addons" -type f ! -name '*.pyc' -print0 | sort -z | xargs -0 sha1sum; } | sha1sum | cut -c1-16)

to_install=() to_update=()
if db_exists "$db"; then
    for m in ${ours//,/ }; do
        case "$(module_state "$db" "$m")" in
            installed) to_update+=("$m") ;;
            *) to_install+=("$m") ;;
        esac
    done
    [ "$(cat "$stamp" 2>/dev/null)" = "$sum" ] && to_update=()
else
    IFS=, read -r -a to_install <<< "$ours"
    step "creating demo database $db (Chinese and English, demo data): about two minutes, once"
fi
args=()
[ ${#to_install[@]} -gt 0 ] && args+=(-i "$(IFS=,; echo "${to_install[*]}")")
[ ${#to_update[@]} -gt 0 ] && args+=(-u "$(IFS=,; echo "${to_update[*]}")")
if [ ${#args[@]} -gt 0 ]; then
    step "installing/upgrading in $db: ${args[*]}"
    "${odoo[@]}" -c "$conf" -d "$db" "${args[@]}" --load-language=zh_CN --stop-after-init --no-http \
        --log-level=warn \
        || die "installing the suite into $db failed (see the log above)"
    # Odoo's administrator opens the demo factory too (the test database keeps
    # him in Odoo's own demo company, where Odoo's tests expect him).
    psql -h "$pghost" -p "$pgport" -U "$dbuser" -d "$db" -tAqc "
        UPDATE res_users SET company_id = d.res_id FROM ir_model_data d
        WHERE res_users.login = 'admin' AND d.module = 'factory_stock'
          AND d.name = 'res_company_hengli'" >/dev/null
    echo "$sum" > "$stamp"
fi

cat <<TXT

  Factory Suite is starting on http://localhost:8069  (database $db)
  Logins (password = login):
    admin          Administrator (English)
    fs_clerk       仓库管理员 Warehouse Clerk (原料仓)
    fs_wh_super    仓库主管 Warehouse Supervisor
    fs_qc          质检员 QC Inspector
    fs_workshop    车间主任 Workshop Supervisor
    fs_worker      产线工人 Line Worker
    fs_buyer       采购员 Purchaser
    fs_account     财务 Accountant
    fs_manager     厂长 Factory Manager
    fs_admin       系统管理员 Administrator
  Stop with Ctrl+C.

TXT
exec "${odoo[@]}" -c "$conf" -d "$db"
