from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestHomeActionReports(TransactionCase):
    def test_manager_lands_on_the_dashboard(self):
        dashboard = self.env.ref("factory_reports.factory_report_dashboard_action")
        manager = self.env["res.users"].create(
            {
                "name": "New Manager",
                "login": "fr_new_manager",
                "groups_id": [
                    (4, self.env.ref("factory_stock.group_factory_manager").id)
                ],
            }
        )
        self.assertEqual(manager.action_id, dashboard)
        clerk = self.env["res.users"].create(
            {
                "name": "New Clerk",
                "login": "fr_new_clerk",
                "groups_id": [
                    (4, self.env.ref("factory_stock.group_warehouse_clerk").id)
                ],
            }
        )
        self.assertEqual(
            clerk.action_id, self.env.ref("factory_stock.factory_scan_action")
        )
        demo_manager = self.env.ref("factory_stock.user_fs_manager")
        self.assertEqual(demo_manager.action_id, dashboard)
