#!/usr/bin/env bash
# Factory Suite bootstrap: PostgreSQL, Odoo 18.0 Community source, virtualenv.
#
# Idempotent: every step checks first and skips what is already done, so a
# second run takes a few seconds.  Each failure stops with a message saying
# what to do.  Nothing of Odoo is ever written inside the repository: the
# source and the virtualenv live in $FACTORY_CACHE (default
# ~/.cache/factory-suite).
#
# Environment:
#   ODOO_SRC        a directory holding an Odoo 18.0 Community source tree
#                   (with odoo-bin); copied into the cache on first use
#   FACTORY_CACHE   cache directory (default ~/.cache/factory-suite)
#   PGHOST/PGPORT   PostgreSQL server (default 127.0.0.1:5432)
#   ODOO_DB_USER    PostgreSQL role used by Odoo (default odoo)
#   PYTHON          interpreter for the virtualenv (default python3)
set -euo pipefail

# shellcheck source=setup/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
odoo_home=$FACTORY_ODOO_SRC
dbpassword=$PGPASSWORD
python=${PYTHON:-python3}
odoo_url=${ODOO_DOWNLOAD_URL:-https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz}

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else die "root rights are needed to run: $* (install sudo or run as root)"; fi
}

apt_updated=
apt_install() {
    command -v apt-get >/dev/null || die "missing system packages ($*) and no apt-get: install them with your distribution's tools"
    if [ -z "$apt_updated" ]; then
        step "apt-get update"
        as_root apt-get update -qq || die "apt-get update failed"
        apt_updated=1
    fi
    step "installing system packages: $*"
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null \
        || die "apt-get install $* failed"
}

# --- 1. system packages -------------------------------------------------------
need=()
for pkg in gcc python3-dev python3-venv libpq-dev libldap2-dev libsasl2-dev libxml2-dev libxslt1-dev \
           libjpeg-dev zlib1g-dev chromium fonts-noto-cjk postgresql-client gettext wkhtmltopdf; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
    if command -v dpkg-query >/dev/null; then apt_install "${need[@]}"
    else step "not a Debian system: make sure these are installed: ${need[*]}"; fi
fi

# --- 2. PostgreSQL --------------------------------------------------------------
pg_ready() { pg_isready -q -h "$pghost" -p "$pgport" 2>/dev/null; }
if ! pg_ready; then
    if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
        apt_install postgresql
    fi
    step "starting PostgreSQL"
    for v in /etc/postgresql/*; do
        as_root pg_ctlcluster --skip-systemctl-redirect "$(basename "$v")" main start 2>/dev/null \
            || as_root pg_ctlcluster "$(basename "$v")" main start 2>/dev/null || true
    done
    for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
    pg_ready || die "PostgreSQL does not answer on $pghost:$pgport; start it or set PGHOST/PGPORT"
fi
role_exists() {
    psql -h "$pghost" -p "$pgport" -U "$dbuser" -d postgres -tAc 'select 1' >/dev/null 2>&1
}
if ! role_exists; then
    step "creating PostgreSQL role '$dbuser'"
    sql="CREATE ROLE \"$dbuser\" LOGIN SUPERUSER PASSWORD '$dbpassword'"
    psql -h "$pghost" -p "$pgport" -U postgres -d postgres -qc "$sql" 2>/dev/null \
        || as_root runuser -u postgres -- psql -p "$pgport" -qc "$sql" \
        || die "could not create the PostgreSQL role '$dbuser'; create it as a superuser with password '$dbpassword'"
    role_exists || die "role '$dbuser' exists but cannot log in on $pghost:$pgport; allow password or trust auth in pg_hba.conf"
fi

# --- 3. Odoo 18.0 Community source ---------------------------------------------
check_odoo() {  # $1: directory; fails unless it is Odoo 18.0 Community
    local d=$1 rel=$1/odoo/release.py
    [ -f "$d/odoo-bin" ] && [ -f "$rel" ] || return 1
    grep -Eq '^version_info = \(18, 0, ' "$rel" || { echo "not Odoo 18.0: $(grep '^version_info' "$rel")" >&2; return 1; }
    grep -Eq "^version_info = .*'\+?e'" "$rel" && { echo "Odoo Enterprise is not supported" >&2; return 1; }
    [ -d "$d/odoo/addons/stock" ] && [ -d "$d/odoo/addons/mrp" ] || { echo "no stock/mrp addons in $d/odoo/addons" >&2; return 1; }
    return 0
}
if [ -n "${ODOO_SRC:-}" ]; then
    check_odoo "$ODOO_SRC" || die "ODOO_SRC=$ODOO_SRC is not an Odoo 18.0 Community source tree (odoo-bin, odoo/release.py)"
    src_real=$(cd "$ODOO_SRC" && pwd -P)
    if [ "$src_real" != "$(cd "$odoo_home" 2>/dev/null && pwd -P)" ]; then
        if ! check_odoo "$odoo_home" 2>/dev/null || ! diff -q "$ODOO_SRC/odoo/release.py" "$odoo_home/odoo/release.py" >/dev/null; then
            step "copying Odoo source from $ODOO_SRC into $odoo_home"
            rm -rf "$odoo_home.tmp" && mkdir -p "$odoo_home.tmp"
            (cd "$ODOO_SRC" && tar -cf - odoo odoo-bin setup.py setup.cfg setup requirements.txt 2>/dev/null) \
                | tar -xf - -C "$odoo_home.tmp"
            rm -rf "$odoo_home" && mv "$odoo_home.tmp" "$odoo_home"
        fi
    fi
fi
if ! check_odoo "$odoo_home" 2>/dev/null; then
    step "no Odoo source in the cache: downloading the official 18.0 source"
    mkdir -p "$cache"
    tmp=$(mktemp -d "$cache/download.XXXX")
    if curl -fsSL --connect-timeout 20 "$odoo_url" -o "$tmp/odoo.tar.gz" 2>/dev/null \
        && tar -xzf "$tmp/odoo.tar.gz" -C "$tmp"; then
        top=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d | head -n 1)
        rm -rf "$odoo_home" && mv "$top" "$odoo_home"
        rm -rf "$tmp"
    else
        rm -rf "$tmp"
        die "no Odoo 18.0 source: the download from $odoo_url failed (no network?).
  Provide a local copy instead:  ODOO_SRC=/path/to/odoo-18.0 make test
  (a directory with odoo-bin and odoo/, e.g. an unpacked official 18.0 source archive)."
    fi
    check_odoo "$odoo_home" || die "the downloaded source is not Odoo 18.0 Community"
fi

# --- 4. virtualenv ------------------------------------------------------------
stamp_src=$( { cat "$odoo_home/requirements.txt" "$repo/requirements.txt" "$here/constraints.txt"; "$python" --version; } | sha1sum | cut -c1-16)
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.factory-stamp" 2>/dev/null)" != "$stamp_src" ]; then
    [ -x "$venv/bin/python" ] || { step "creating virtualenv $venv"; "$python" -m venv "$venv" || die "python3 -m venv failed (install python3-venv)"; }
    step "installing Python requirements (Odoo's and ours)"
    export PIP_CONSTRAINT=$here/constraints.txt PIP_DISABLE_PIP_VERSION_CHECK=1
    "$venv/bin/pip" install -q "setuptools<81" wheel || die "pip could not install setuptools"
    # Odoo first (without its dependencies, installed next): the OCA add-ons
    # of requirements.txt (odoo-addon-*) require odoo==18.0.*, which must be
    # this source tree, never a download.  Compat mode: those add-ons create
    # site-packages/odoo/addons, which would shadow a PEP 660 editable install.
    "$venv/bin/pip" install -q --no-deps -e "$odoo_home" --config-settings editable_mode=compat \
        || die "pip install -e $odoo_home failed"
    "$venv/bin/pip" install -q -r "$odoo_home/requirements.txt" -r "$repo/requirements.txt" \
        2> >(grep -v "is ignored: it is neither a file nor a directory" >&2) \
        || die "pip install of the requirements failed (see above)"
    echo "$stamp_src" > "$venv/.factory-stamp"
fi
"$venv/bin/python" -c "import odoo.cli, odoo.release as r; assert r.version_info[:2] == (18, 0)" \
    || die "the virtualenv cannot import Odoo 18; delete $venv and run again"
step "ready: Odoo $("$venv/bin/python" -c 'import odoo.release as r; print(r.version)') in $odoo_home, venv $venv, PostgreSQL $pghost:$pgport role $dbuser"
