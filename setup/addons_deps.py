"""Print our installable modules, or the Odoo modules they depend on.

Usage: addons_deps.py ours|external <addons dir>
Output: one comma-separated line, sorted (so it can be hashed).
"""

import ast
import sys
from pathlib import Path


def manifests(addons_dir):
    found = {}
    for path in sorted(Path(addons_dir).glob("*/__manifest__.py")):
        manifest = ast.literal_eval(path.read_text(encoding="utf-8"))
        if manifest.get("installable", True):
            found[path.parent.name] = manifest
    return found


def main(kind, addons_dir):
    ours = manifests(addons_dir)
    if kind == "ours":
        return sorted(ours)
    external = {dep for m in ours.values() for dep in m.get("depends", [])}
    return sorted(external - set(ours))


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("ours", "external"):
        sys.exit(__doc__)
    print(",".join(main(sys.argv[1], sys.argv[2])))
