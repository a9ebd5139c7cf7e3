import re

from odoo.tests import TransactionCase, tagged

DEMO_LOGINS = (
    "fs_clerk",
    "fs_wh_super",
    "fs_qc",
    "fs_workshop",
    "fs_worker",
    "fs_buyer",
    "fs_account",
    "fs_manager",
    "fs_admin",
)


@tagged("post_install", "-at_install")
class TestDemoCompany(TransactionCase):
    """The demo factory is a Chinese company in CNY with China's chart of
    accounts; its users work only in it, in Chinese; its history was made by
    them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref(
            "factory_stock.res_company_hengli", raise_if_not_found=False
        )
        cls.users = cls.env["res.users"].search([("login", "in", DEMO_LOGINS)])

    def setUp(self):
        super().setUp()
        if not self.company or len(self.users) != len(DEMO_LOGINS):
            self.skipTest("demo data not installed")

    def test_company_is_chinese(self):
        company = self.company
        self.assertEqual(company.name, "常州恒力微电机有限公司")
        self.assertEqual(company.country_id, self.env.ref("base.cn"))
        self.assertEqual(company.state_id, self.env.ref("base.state_cn_JS"))
        self.assertEqual(company.city, "常州市")
        self.assertEqual(company.currency_id, self.env.ref("base.CNY"))
        self.assertEqual(company.chart_template, "cn")
        self.assertEqual(company.partner_id.lang, "zh_CN")
        # the stock valuation journal and accounts are the Chinese ones
        journal = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "general")], limit=1
        )
        self.assertTrue(journal)
        self.assertTrue(
            self.env["account.account"]
            .with_company(company)
            .search_count(
                [("company_ids", "in", company.ids), ("code", "=like", "1405%")]
            ),
            "no 1405 库存商品 account: not China's chart",
        )

    def test_factory_users_work_in_the_chinese_company_only(self):
        """Odoo's own demo company (US, USD, Odoo's demo data) is not in
        their way: not their company, not among their allowed companies."""
        us_company = self.env.ref("base.main_company")
        self.assertNotEqual(us_company, self.company)
        for user in self.users:
            self.assertNotIn(us_company, user.company_ids, user.login)
            self.assertEqual(user.company_id, self.company, user.login)
            self.assertEqual(user.company_ids, self.company, user.login)
            self.assertEqual(user.lang, "zh_CN", user.login)
            self.assertEqual(user.tz, "Asia/Shanghai", user.login)
            self.assertEqual(
                user.with_user(user).env.company.currency_id.name, "CNY", user.login
            )

    def test_demo_history_made_by_its_users_in_chinese(self):
        clerk = self.env.ref("factory_stock.user_fs_clerk")
        supervisor = self.env.ref("factory_stock.user_fs_wh_super")
        receipt = self.env.ref("factory_stock.stock_picking_rmw_in_01")
        self.assertEqual(receipt.create_uid, clerk)
        self.assertEqual(receipt.state, "done")
        delivery = self.env.ref("factory_stock.stock_picking_fgw_out_01")
        self.assertEqual(delivery.create_uid, supervisor)
        bodies = " ".join(receipt.message_ids.mapped("body"))
        self.assertIn("调拨", bodies)  # "调拨 创建": the model's Chinese name
        self.assertIn("创建", bodies)
        self.assertNotIn("created", bodies)
        self.assertNotIn(
            "OdooBot", " ".join(receipt.message_ids.author_id.mapped("name"))
        )
        inspection = self.env["factory.qc.inspection"].search(
            [
                (
                    "picking_id",
                    "=",
                    self.env.ref("factory_stock.stock_picking_rmw_in_qc_01").id,
                )
            ]
        )
        self.assertTrue(inspection)
        self.assertEqual(inspection[0].create_uid, clerk)
        # the opening stock was counted and applied by the supervisor
        opening = self.env["stock.move"].search(
            [("is_inventory", "=", True), ("reference", "=like", "期初盘点%")], limit=1
        )
        self.assertTrue(opening)
        self.assertEqual(opening.create_uid, supervisor)

    def test_locations_of_the_history_are_named_in_chinese(self):
        inventory = self.env["stock.location"].search(
            [("company_id", "=", self.company.id), ("usage", "=", "inventory")]
        )
        self.assertEqual(
            sorted(inventory.mapped("complete_name")),
            ["虚拟库位/库存调整", "虚拟库位/报废"],
        )
        moves = self.env["stock.move.line"].search(
            [("company_id", "=", self.company.id)]
        )
        names = set(moves.location_id.mapped("complete_name")) | set(
            moves.location_dest_id.mapped("complete_name")
        )
        english = [
            name
            for name in names
            if re.search("[A-Za-z]{3,}", re.sub(r"\b(RMW|FGW)\b", "", name))
        ]
        self.assertFalse(english, names)
        self.assertEqual(
            self.env.ref("stock.stock_location_suppliers").complete_name,
            "业务伙伴/供应商",
        )
