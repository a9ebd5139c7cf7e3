"""docs/access_matrix.md is the access matrix of the code (make access-matrix),
and every cell of it holds for a real user of the role.

The generator (tests/access_matrix.py) makes the real calls itself, as each
role's user, each in a savepoint rolled back afterwards: a read, search,
write, create and unlink attempt on records of the user's warehouse (or of
the user) and of the other warehouse (or of another user), and a call of
every action button. This test regenerates the matrix, compares it with the
committed file, and asserts every call against the cell it stands for.
"""

import difflib
import sys
from pathlib import Path

from odoo.tests import TransactionCase, tagged

sys.path.insert(0, str(Path(__file__).resolve().parent))
import access_matrix as am
from access_matrix_calls import DENIED, matches


@tagged("post_install", "-at_install")
class TestAccessMatrix(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.matrix = am.generate(cls.env)

    def test_doc_matches_code(self):
        text = am.render(self.matrix)
        doc = am.DOC.read_text() if am.DOC.exists() else ""
        if text != doc:
            diff = "".join(
                difflib.unified_diff(
                    doc.splitlines(True),
                    text.splitlines(True),
                    "docs/access_matrix.md",
                    "generated from the code",
                    n=0,
                )
            )
            self.fail(
                "docs/access_matrix.md is not the matrix of the code: run "
                f"`make access-matrix` and commit it.\n{diff[:8000]}"
            )

    def test_every_cell_by_real_calls(self):
        """Each exercised cell: every attempt gives what the cell says (a
        `†` cell: the rights allow it, has_access() says so, and every real
        attempt is refused with an AccessError)."""
        checked = 0
        for (model, role, mode), calls in sorted(self.matrix.observed.items()):
            label = self.matrix.crud[model, role, mode]
            practice = am.denied_in_practice(self.matrix, model, role, mode)
            for what, expected, observed in calls:
                with self.subTest(model=model, role=role, mode=mode, call=what):
                    if practice and not what.startswith("has_access"):
                        self.assertEqual(observed, DENIED, f"cell {label}†")
                    else:
                        self.assertTrue(
                            matches(expected, observed),
                            f"cell {label}: expected {expected}, got {observed}",
                        )
                    checked += 1
        cells = len(self.matrix.models) * len(self.matrix.world.users) * len(am.MODES)
        # the cells without a test record are listed as such in the doc
        # ("Not checked by a real call"); the rest are all checked
        self.assertGreater(len(self.matrix.observed), cells * 0.8)
        self.assertGreater(checked, len(self.matrix.observed))

    def test_every_button_called_as_every_role(self):
        """Every button of the table was called as every role, and no call
        crashed (a crash is not an answer a client may get)."""
        self.assertGreater(len(self.matrix.buttons), 30)
        for button in self.matrix.buttons:
            with self.subTest(button=f"{button.model}.{button.method}"):
                self.assertFalse(button.note)
                self.assertEqual(set(button.outcomes), set(self.matrix.world.users))
                crashes = {
                    role: outcome
                    for role, outcome in button.outcomes.items()
                    if outcome.startswith("error")
                }
                self.assertFalse(crashes)

    def test_roles_differ(self):
        """The matrix can fail: the roles do not all get the same answers."""
        for mode in am.MODES:
            labels = {
                self.matrix.crud["factory.stocktake", role, mode]
                for role in self.matrix.world.users
            }
            self.assertGreater(len(labels), 1, mode)
