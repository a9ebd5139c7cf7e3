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
        self.assertEqual(manager.action_id.id, dashboard.id)
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
            clerk.action_id.id, self.env.ref("factory_stock.factory_scan_action").id
        )
        demo_manager = self.env.ref(
            "factory_stock.user_fs_manager", raise_if_not_found=False
        )
        if demo_manager:
            self.assertEqual(demo_manager.action_id.id, dashboard.id)
