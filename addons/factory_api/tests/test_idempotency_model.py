from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestIdempotencyModel(TransactionCase):
    """The stored answers of the API are written by the API only: nobody
    forges or edits one (which would replay a made-up answer)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(cls.env, login="t_api_idem", groups="base.group_user")
        cls.other = new_test_user(
            cls.env, login="t_api_idem2", groups="base.group_user"
        )
        Keys = cls.env["factory.api.idempotency"]
        cls.record, claimed = Keys.with_user(cls.user)._claim("k1", "POST /x", "h")
        assert claimed
        cls.record._store(201, {"id": 1})

    def test_claim_twice_returns_the_stored_answer(self):
        Keys = self.env["factory.api.idempotency"].with_user(self.user)
        again, claimed = Keys._claim("k1", "POST /x", "h")
        self.assertFalse(claimed)
        self.assertEqual(again, self.record)
        self.assertEqual((again.status, again.response), (201, {"id": 1}))
        # another user's key of the same text is his own
        _theirs, claimed = Keys.with_user(self.other)._claim("k1", "POST /x", "h")
        self.assertTrue(claimed)

    def test_forged_writes_refused(self):
        Keys = self.env["factory.api.idempotency"]
        with self.assertRaises(AccessError):
            Keys.with_user(self.user).create(
                {
                    "user_id": self.user.id,
                    "key": "forged",
                    "endpoint": "POST /x",
                    "request_hash": "h",
                }
            )
        with self.assertRaises(AccessError):
            self.record.with_user(self.user).write({"response": {"id": 2}})
        self.assertEqual(self.record.response, {"id": 1})
        # users read their own keys only
        self.assertEqual(
            Keys.with_user(self.other).search([("id", "=", self.record.id)]), Keys
        )
