#!/usr/bin/env bash
# Lint the Python code (ruff: .ruff.toml) and check the manifests' XML/CSV parse.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$repo"
paths=()
for p in addons tests bench; do [ -d "$p" ] && paths+=("$p"); done
"$venv/bin/ruff" check --quiet "${paths[@]}" || die "ruff found problems (see above); 'ruff check --fix' fixes many"
"$venv/bin/ruff" format --check --quiet "${paths[@]}" || die "code is not formatted: run $venv/bin/ruff format ${paths[*]}"
step "lint passed"
