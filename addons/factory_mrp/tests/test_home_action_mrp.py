from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestHomeActionMrp(TransactionCase):
    """Workshop supervisors land on the shortage view, line workers on the
    reporting screen (报工)."""

    def test_workshop_roles_get_their_screens(self):
        ref = self.env.ref
        shortage = "factory_mrp.factory_mrp_shortage_action"
        report = "factory_mrp.factory_production_report_client_action"
        board = "factory_stock.factory_stock_board_action"
        cases = {
            "factory_stock.group_workshop_supervisor": shortage,
            "factory_stock.group_line_worker": report,
            # the manager implies both: his own screen wins (factory_reports
            # gives him its dashboard)
            "factory_stock.group_factory_manager": (
                "factory_reports.factory_report_dashboard_action"
                if ref(
                    "factory_reports.factory_report_dashboard_action",
                    raise_if_not_found=False,
                )
                else board
            ),
        }
        for index, (group, action) in enumerate(cases.items()):
            user = new_test_user(
                self.env, login=f"t_home_mrp_{index}", groups=f"base.group_user,{group}"
            )
            self.assertEqual(user.action_id.id, ref(action).id, group)

    def test_demo_users_land_on_their_screens(self):
        ref = self.env.ref
        worker = ref("factory_stock.user_fs_worker", raise_if_not_found=False)
        if not worker:
            self.skipTest("no demo data")
        self.assertEqual(
            worker.action_id.id,
            ref("factory_mrp.factory_production_report_client_action").id,
        )
        self.assertEqual(
            ref("factory_stock.user_fs_workshop").action_id.id,
            ref("factory_mrp.factory_mrp_shortage_action").id,
        )
