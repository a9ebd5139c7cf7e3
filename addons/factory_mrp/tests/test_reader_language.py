from odoo.tests import new_test_user, tagged

from .material_common import MaterialRequestCase


@tagged("post_install", "-at_install")
class TestReaderLanguage(MaterialRequestCase):
    """A to-do reaches each purchaser in the purchaser's language, whatever
    the language of the user whose action created it; the chatter note is in
    the language of the user who acted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.purchaser.lang = "en_US"
        cls.purchaser_zh = new_test_user(
            cls.env,
            login="t_buyer_zh",
            groups="base.group_user,factory_stock.group_purchaser",
            lang="zh_CN",
        )
        cls.requester.lang = "en_US"
        cls.approver.lang = "zh_CN"

    def _todos(self, record):
        todos = record.activity_ids
        return (
            todos.filtered(lambda a: a.user_id == self.purchaser),
            todos.filtered(lambda a: a.user_id == self.purchaser_zh),
        )

    def test_request_shortage_todo_in_each_purchasers_language(self):
        request = self._adhoc([(self.magnet, 50, self.env["stock.lot"])])
        request.with_user(self.requester).action_submit_with_shortage()
        english, chinese = self._todos(request)
        self.assertEqual(len(english), 1)
        self.assertEqual(len(chinese), 1)
        self.assertEqual(
            english.summary, f"Shortage on material request {request.name}"
        )
        self.assertIn("20.0 Units missing", english.note)
        self.assertEqual(chinese.summary, f"领料单 {request.name} 缺料")
        self.assertIn("缺 20.0", chinese.note)
        self.assertNotIn("missing", chinese.note)
        # the requester (English) wrote the chatter note
        bodies = " ".join(request.message_ids.mapped("body"))
        self.assertIn("Submitted with shortage", bodies)

    def test_release_shortage_todo_in_each_purchasers_language(self):
        production = self._order(20)  # 40 magnets needed, 30 free
        # (the web client sends the user's language in the context)
        production.with_user(self.approver).with_context(
            lang="zh_CN"
        )._factory_release_with_shortage()
        english, chinese = self._todos(production)
        self.assertEqual(english.summary, f"Shortage for {production.name}")
        self.assertIn("missing", english.note)
        self.assertEqual(chinese.summary, f"{production.name} 缺料")
        self.assertIn("TST-RM-02", chinese.note)
        self.assertNotIn("missing", chinese.note)
        # the approver works in Chinese: his note is in Chinese
        bodies = " ".join(production.message_ids.mapped("body"))
        self.assertIn("缺料下达", bodies)
        self.assertNotIn("Released with shortage", bodies)

    def test_demo_history_reads_chinese(self):
        """The demo documents were created and approved by their Chinese users."""
        request = self.env.ref(
            "factory_mrp.factory_material_request_maintenance", raise_if_not_found=False
        )
        if not request:
            self.skipTest("demo data not installed")
        manager = self.env.ref("factory_stock.user_fs_manager")
        workshop = self.env.ref("factory_stock.user_fs_workshop")
        self.assertEqual(request.create_uid, workshop)
        self.assertEqual(request.approved_by_id, manager)
        bodies = " ".join(request.message_ids.mapped("body"))
        self.assertIn("张厂长 已审批", bodies)
        self.assertIn("陈主任 已提交", bodies)
        self.assertIn("领料单", bodies)  # the creation message names the model
        for word in ("Approved", "Submitted", "OdooBot", "Material Request"):
            self.assertNotIn(word, bodies)
        order = self.env.ref("factory_mrp.mrp_production_fg_mt_0130_03")
        self.assertEqual(order.create_uid, workshop)
        self.assertEqual(order.factory_released_by_id, workshop)
        bodies = " ".join(order.message_ids.mapped("body"))
        self.assertNotIn("Manufacturing Order", bodies)
        report = self.env.ref("factory_mrp.factory_production_report_demo_1")
        self.assertEqual(
            report.reported_by_id, self.env.ref("factory_stock.user_fs_worker")
        )
