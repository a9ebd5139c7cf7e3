#!/usr/bin/env bash
# Regenerate addons/<m>/i18n/<m>.pot from the test database and merge every
# existing .po with it (msgmerge keeps translations, marks new terms empty).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
db=${TEST_DB:-factory_test}
conf=$cache/odoo-test-$db.conf
[ -f "$conf" ] && db_exists "$db" || die "no test database $db: run 'make testdb' first"
command -v msgmerge >/dev/null || die "msgmerge missing: apt-get install gettext"
for m in $(our_modules | tr , ' '); do
    pot=$repo/addons/$m/i18n/$m.pot
    mkdir -p "$(dirname "$pot")"
    "${odoo[@]}" -c "$conf" -d "$db" --i18n-export="$pot" --modules="$m" --stop-after-init --no-http \
        --log-level=warn || die "export of $m failed"
    for po in "$repo/addons/$m/i18n/"*.po; do
        [ -f "$po" ] || continue
        msgmerge --quiet --update --backup=none --no-fuzzy-matching "$po" "$pot"
    done
    step "$pot updated"
done
