from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestHomeAction(TransactionCase):
    """Each factory role lands on its own screen (the user's Home Action)."""

    def _user(self, login, *groups, **vals):
        return new_test_user(
            self.env,
            login=login,
            groups=",".join(("base.group_user",) + groups),
            **vals,
        )

    def test_new_users_get_their_role_screen(self):
        ref = self.env.ref
        cases = {
            "group_warehouse_clerk": "factory_scan_action",
            "group_qc_inspector": "factory_qc_inspection_action",
            "group_warehouse_supervisor": "factory_stock_board_action",
            "group_factory_manager": "factory_stock_board_action",
        }
        # (factory_reports gives managers its dashboard instead)
        dashboard = ref(
            "factory_reports.factory_report_dashboard_action", raise_if_not_found=False
        )
        for index, (group, action) in enumerate(cases.items()):
            user = self._user(f"t_home_{index}", f"factory_stock.{group}")
            expected = ref(f"factory_stock.{action}")
            if group == "group_factory_manager" and dashboard:
                expected = dashboard
            self.assertEqual(user.action_id.id, expected.id, group)

    def test_no_role_no_home_action(self):
        user = self._user("t_home_plain")
        self.assertFalse(user.action_id)

    def test_role_given_later_sets_it_once(self):
        user = self._user("t_home_later")
        self.assertFalse(user.action_id)
        clerk = self.env.ref("factory_stock.group_warehouse_clerk")
        user.write({"groups_id": [Command.link(clerk.id)]})
        self.assertEqual(
            user.action_id.id, self.env.ref("factory_stock.factory_scan_action").id
        )
        # a home action chosen by the administrator is kept
        board = self.env.ref("factory_stock.factory_stock_board_action")
        user.action_id = board.id
        qc = self.env.ref("factory_stock.group_qc_inspector")
        user.write({"groups_id": [Command.link(qc.id)]})
        self.assertEqual(user.action_id.id, board.id)

    def test_explicit_home_action_wins_on_creation(self):
        board = self.env.ref("factory_stock.factory_stock_board_action")
        user = self._user(
            "t_home_explicit", "factory_stock.group_warehouse_clerk", action_id=board.id
        )
        self.assertEqual(user.action_id.id, board.id)

    def test_demo_users_land_on_their_screens(self):
        ref = self.env.ref
        demo = ref("factory_stock.user_fs_clerk", raise_if_not_found=False)
        if not demo:
            self.skipTest("no demo data")
        self.assertEqual(demo.action_id.id, ref("factory_stock.factory_scan_action").id)
        self.assertEqual(
            ref("factory_stock.user_fs_qc").action_id.id,
            ref("factory_stock.factory_qc_inspection_action").id,
        )
