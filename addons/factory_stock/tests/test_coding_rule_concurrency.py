import threading
import uuid

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, new_test_user, tagged

PER_TRANSACTION = 3


@tagged("post_install", "-at_install")
class TestCodingRuleConcurrency(TransactionCase):
    """Two transactions that create materials of the same coding rule at the
    same time never get the same code. Real, committed transactions on the
    test database (each in its own thread and cursor): each creates its
    materials, then waits until the other has created its own too before
    committing, so both are open at once. The rule's numbers come from a
    PostgreSQL sequence, which neither blocks nor hands a number out twice.
    Everything the test commits is deleted again at the end."""

    def _committed(self, func):
        with self.registry.cursor() as cr:  # commits when the block ends
            return func(api.Environment(cr, SUPERUSER_ID, {}))

    def _setup_committed(self, env):
        # the audit log's entries about what the test commits are deleted
        # with it (the Chinese screens tests read the audit log's lines)
        self.log_floor = env["auditlog.log"].search([], order="id desc", limit=1).id
        category = env["product.category"].create(
            {"name": f"Coding concurrency {self.tag}", "factory_code": "CC"}
        )
        rule = env["factory.coding.rule"].create(
            {
                "name": f"Concurrency {self.tag}",
                "categ_id": category.id,
                "prefix": f"{self.tag}-",
                "use_category_codes": True,
            }
        )
        user = new_test_user(
            env,
            login=f"fs_coding_{self.tag}",
            groups="base.group_user,factory_stock.group_warehouse_supervisor",
        )
        return category.id, rule.id, user.id

    def _cleanup_committed(self, env):
        Template = env["product.template"].with_context(active_test=False)
        Template.search([("categ_id", "=", self.categ_id)]).unlink()
        env["factory.coding.rule"].browse(self.rule_id).unlink()
        env["product.category"].browse(self.categ_id).unlink()
        user = env["res.users"].browse(self.user_id)
        partner = user.partner_id
        user.unlink()
        partner.unlink()
        env["auditlog.log"].search([("id", ">", self.log_floor)]).unlink()

    def test_concurrent_creations_never_share_a_code(self):
        self.tag = f"CONC{uuid.uuid4().hex[:6].upper()}"
        self.categ_id, self.rule_id, self.user_id = self._committed(
            self._setup_committed
        )
        self.addCleanup(self._committed, self._cleanup_committed)

        both_created = threading.Barrier(2, timeout=60)
        codes, errors = {}, []

        def create_materials(name):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, self.user_id, {})
                    materials = env["product.template"].create(
                        [
                            {
                                "name": f"{name} {i}",
                                "is_storable": True,
                                "categ_id": self.categ_id,
                            }
                            for i in range(PER_TRANSACTION)
                        ]
                    )
                    codes[name] = materials.mapped("default_code")
                    # both transactions are open, with their materials created
                    both_created.wait()
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(f"{name}: {error!r}")
                both_created.abort()

        threads = [
            threading.Thread(target=create_materials, args=(name,))
            for name in ("A", "B")
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        self.assertFalse(errors, errors)
        self.assertEqual(set(codes), {"A", "B"})

        drawn = codes["A"] + codes["B"]
        self.assertEqual(len(drawn), 2 * PER_TRANSACTION)
        self.assertEqual(
            len(set(drawn)), len(drawn), f"a code was given twice: {drawn}"
        )
        self.assertTrue(all(c.startswith(f"{self.tag}-CC-") for c in drawn), drawn)

        def committed_codes(env):
            return (
                env["product.product"]
                .search([("categ_id", "=", self.categ_id)])
                .mapped("default_code")
            )

        self.assertEqual(sorted(self._committed(committed_codes)), sorted(drawn))
