"""Peer suite helper: which Odoo test files to run, and the comparison report.

Usage:
  peer_report.py files <odoo source> full|ci      test files, one per line
  peer_report.py report <baseline.xml> <suite.xml> <by-design list> [--update]
                [--refused-by=<message>]
  peer_report.py covers <results.xml> <test file>...   exit 0 when the
                results hold every one of those test files

`report` reads the JUnit files pytest wrote for the baseline database and
the suite's database, prints both counts and every test that fails with the
suite but passes in the baseline, and exits 1 when one of them is not in the
by-design list.  --refused-by counts the tests whose failure message starts
with that text (a rule of the suite refusing what the test does, e.g. the
no-negative-stock rule's "Not enough stock of") as refused by that rule, each
printed, instead of as new failures.  --update appends those tests to the
list with a reason to fill in (the list is then edited by hand: each line
names the rule of the suite the test contradicts).
"""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

MODULES = (
    "stock",
    "stock_account",
    "mrp",
    "mrp_account",
    "purchase_stock",
    "mrp_subcontracting",
)
# The CI subset (`PEER_SET=ci`, what .ci/run runs after `make test`): every
# module is represented by the files of the flows the suite changes — product
# creation and codes, moves, quants, receipts, inventory, valuation,
# manufacturing orders and their components, purchase receipts,
# subcontracting — chosen by measured time (README.md, "Odoo's own tests"):
# about a fifth of the full run. Left to the full `make peer-test`: the
# browser tours, mrp/test_order.py (125 tests, a fifth of the full run on its
# own), the slow files of stock_account (valuation layers, account moves),
# mrp/test_backorder.py, and the remaining files of the other modules.
CI_STOCK_LEFT_OUT = ("test_picking_tours.py", "test_report_tours.py")
CI_FILES = (
    "stock_account/tests/test_stockvaluation.py",
    "mrp/tests/test_stock.py",
    "mrp/tests/test_consume_component.py",
    "mrp/tests/test_cancel_mo.py",
    "mrp_account/tests/test_bom_price.py",
    "mrp_account/tests/test_analytic_account.py",
    "purchase_stock/tests/test_purchase_order.py",
    "purchase_stock/tests/test_create_picking.py",
    "mrp_subcontracting/tests/test_subcontracting.py",
)
OUTCOMES = ("passed", "failed", "errors", "skipped")


def test_files(odoo_src, which):
    addons = Path(odoo_src) / "odoo" / "addons"
    if which == "ci":
        stock = sorted((addons / "stock" / "tests").glob("test_*.py"))
        files = [p for p in stock if p.name not in CI_STOCK_LEFT_OUT]
        files += [addons / name for name in CI_FILES]
    else:
        files = [
            p for m in MODULES for p in sorted((addons / m / "tests").glob("test_*.py"))
        ]
    missing = [str(p) for p in files if not p.is_file()]
    if missing:
        sys.exit(
            "peer suite: test files missing in the Odoo source: " + ", ".join(missing)
        )
    return [str(p) for p in files]


def _test_id(case):
    """`stock/tests/test_move.py::StockMove::test_in_1` from a JUnit testcase."""
    module_path, _sep, cls = case.get("classname", "").rpartition(".")
    parts = module_path.split(".")
    if "addons" in parts:
        parts = parts[len(parts) - parts[::-1].index("addons") :]
    return f"{'/'.join(parts)}.py::{cls}::{case.get('name')}"


def read_results(path):
    """{test id: (outcome, first line of the message)} of a JUnit file."""
    results = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        outcome, message = "passed", ""
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                outcome = {"failure": "failed", "error": "errors"}.get(
                    child.tag, child.tag
                )
                text = child.get("message") or child.text or ""
                message = next((line for line in text.splitlines() if line.strip()), "")
                break
        results[_test_id(case)] = (outcome, message.strip()[:160])
    return results


def read_by_design(path):
    """{test id: reason}; one test per line, `#` starts a comment."""
    listed = {}
    if Path(path).is_file():
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            line = line.split(" #", 1)[0].strip() if not line.startswith("#") else ""
            if line:
                test_id, _sep, reason = line.partition(" ")
                listed[test_id] = reason.strip()
    return listed


def counts(results):
    found = dict.fromkeys(OUTCOMES, 0)
    for outcome, _message in results.values():
        found[outcome] += 1
    return found


def report(baseline_xml, suite_xml, by_design_path, update=False, refused_by=None):
    base, suite = read_results(baseline_xml), read_results(suite_xml)
    # a baseline of the full run serves a subset too: compare the same files
    files = {test_id.split("::", 1)[0] for test_id in suite}
    base = {t: r for t, r in base.items() if t.split("::", 1)[0] in files}
    listed = read_by_design(by_design_path)
    print(f"{'database':<32}{'tests':>7}" + "".join(f"{o:>9}" for o in OUTCOMES))
    for label, results in (
        ("baseline (Odoo modules only)", base),
        ("with the suite", suite),
    ):
        found = counts(results)
        print(
            f"{label:<32}{len(results):>7}"
            + "".join(f"{found[o]:>9}" for o in OUTCOMES)
        )
    bad = ("failed", "errors")
    regressions = sorted(
        t
        for t, (outcome, _m) in suite.items()
        if outcome in bad and base.get(t, ("",))[0] == "passed"
    )
    refused = [
        t
        for t in regressions
        if refused_by and t not in listed and refused_by in suite[t][1]
    ]
    new = [t for t in regressions if t not in listed and t not in refused]
    print(
        f"\nFail with the suite, pass in the baseline: {len(regressions)} "
        f"({len(regressions) - len(new) - len(refused)} by design, listed in "
        f"{by_design_path}"
        + (f"; {len(refused)} refused by the rule: {refused_by}…" if refused_by else "")
        + ")"
    )
    for test_id in regressions:
        if test_id in listed:
            print(f"  by design  {test_id}  {listed[test_id]}")
        elif test_id in refused:
            print(f"  refused    {test_id}\n               {suite[test_id][1]}")
        else:
            print(f"  NEW        {test_id}\n               {suite[test_id][1]}")
    # (only the tests this run ran: a subset leaves most of the list out)
    fixed = sorted(t for t in listed if t in suite and suite[t][0] not in bad)
    if fixed:
        print("\nListed as by design but not failing with the suite (remove them):")
        for test_id in fixed:
            print(f"  {test_id}  ({suite[test_id][0]})")
    if update and new:
        with open(by_design_path, "a", encoding="utf-8") as listing:
            for test_id in new:
                listing.write(f"{test_id} TODO: the rule of the suite it contradicts\n")
        print(
            f"\n{len(new)} test(s) appended to {by_design_path}: give each its reason."
        )
    if new:
        print(
            f"\npeer-test: {len(new)} test(s) fail with the suite only, not by design"
        )
        return 1
    print("\npeer-test: no failure caused by the suite outside the by-design list")
    return 0


def covers(results_xml, files):
    """Whether a JUnit file holds results of each of these test files."""
    held = {test_id.split("::", 1)[0] for test_id in read_results(results_xml)}
    wanted = {"/".join(Path(f).parts[-3:]) for f in files}
    return wanted <= held


def main(argv):
    if len(argv) >= 3 and argv[0] == "covers":
        return 0 if covers(argv[1], argv[2:]) else 1
    if len(argv) == 3 and argv[0] == "files" and argv[2] in ("full", "ci"):
        print("\n".join(test_files(argv[1], argv[2])))
        return 0
    options = argv[4:]
    refused_by = next(
        (o.split("=", 1)[1] for o in options if o.startswith("--refused-by=")), None
    )
    known = all(o == "--update" or o.startswith("--refused-by=") for o in options)
    if len(argv) >= 4 and argv[0] == "report" and known:
        return report(
            argv[1],
            argv[2],
            argv[3],
            update="--update" in options,
            refused_by=refused_by,
        )
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
