from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .order_cost_common import OrderCostCase

BOARD_FIELDS = [
    "production_id",
    "state",
    "planned_qty",
    "produced_qty",
    "scrapped_qty",
    "remaining_qty",
    "progress",
    "required_component_qty",
    "issued_component_qty",
    "consumed_component_qty",
    "returned_component_qty",
    "current_workorder_id",
    "current_workcenter_id",
    "operation_count",
    "operation_done_count",
    "is_late",
    "released",
    "warehouse_id",
]


@tagged("post_install", "-at_install")
class TestWipBoard(OrderCostCase):
    def _board(self, productions, user=None):
        Board = self.env["factory.mrp.wip"].with_user(user or self.env.user)
        Board.invalidate_model()  # a SQL view: never trust values cached before
        rows = Board.search_read(
            [("production_id", "in", productions.ids)], BOARD_FIELDS
        )
        return {row["production_id"][0]: row for row in rows}

    def _open_orders(self):
        tomorrow = fields.Datetime.now() + timedelta(days=1)
        # A: confirmed, not released, nothing done yet
        order_a = self._cost_order(10)
        order_a.date_start = tomorrow
        # B: released, components picked (one step: issued), first operation
        # done, the second one reported in part
        order_b = self._cost_order(10)
        order_b.date_start = tomorrow
        order_b.action_factory_release()
        self.assertTrue(order_b.factory_released)
        order_b.move_raw_ids.picked = True
        wind, assy = order_b.workorder_ids.sorted("sequence")
        self._report(wind, self.emp_rated, 9, 1)  # complete: the operation ends
        self.assertEqual(wind.state, "done")
        self._report(assy, self.emp_plain, 4, 1)
        cancelled = self._report(assy, self.emp_plain, 1)
        cancelled.with_user(self.approver).action_factory_cancel()
        # C: late (deadline passed), its first operation started
        order_c = self._cost_order(2)
        order_c.date_deadline = fields.Datetime.now() - timedelta(days=1)
        order_c.workorder_ids.sorted("sequence")[0].button_start()
        # D: done, off the board
        order_d = self._finish(self._cost_order(1))
        return order_a, order_b, order_c, order_d

    def test_board_figures(self):
        order_a, order_b, order_c, order_d = self._open_orders()
        all_orders = order_a | order_b | order_c | order_d
        with self.assertQueryCount(8):
            board = self._board(all_orders)
        self.assertNotIn(order_d.id, board)
        a, b, c = board[order_a.id], board[order_b.id], board[order_c.id]
        wind_a, __ = order_a.workorder_ids.sorted("sequence")
        __, assy_b = order_b.workorder_ids.sorted("sequence")
        self.assertEqual(
            {k: a[k] for k in BOARD_FIELDS if k not in ("production_id",)},
            {
                "state": "confirmed",
                "planned_qty": 10.0,
                "produced_qty": 0.0,
                "scrapped_qty": 0.0,
                "remaining_qty": 10.0,
                "progress": 0.0,
                "required_component_qty": 30.0,
                "issued_component_qty": 0.0,
                "consumed_component_qty": 0.0,
                "returned_component_qty": 0.0,
                "current_workorder_id": (wind_a.id, wind_a.display_name),
                "current_workcenter_id": (self.wc_wind.id, self.wc_wind.display_name),
                "operation_count": 2,
                "operation_done_count": 0,
                "is_late": False,
                "released": False,
                "warehouse_id": (self.wh_raw.id, self.wh_raw.display_name),
            },
        )
        self.assertEqual(b["state"], "progress")
        self.assertEqual(b["planned_qty"], 10.0)
        self.assertEqual(b["produced_qty"], 4.0)  # last operation's good
        self.assertEqual(b["scrapped_qty"], 2.0)  # cancelled report left out
        self.assertEqual(b["remaining_qty"], 6.0)
        self.assertEqual(b["progress"], 40.0)
        self.assertEqual(b["issued_component_qty"], 30.0)
        self.assertEqual(b["consumed_component_qty"], 0.0)
        self.assertEqual(b["current_workorder_id"][0], assy_b.id)
        self.assertEqual(b["current_workcenter_id"][0], self.wc_assy.id)
        self.assertEqual((b["operation_done_count"], b["operation_count"]), (1, 2))
        self.assertTrue(b["released"])
        self.assertFalse(b["is_late"])
        self.assertTrue(c["is_late"])
        self.assertEqual(c["required_component_qty"], 6.0)
        # filters of the search view
        Board = self.env["factory.mrp.wip"]
        scope = [("production_id", "in", all_orders.ids)]
        self.assertEqual(
            Board.search(scope + [("is_late", "=", True)]).production_id, order_c
        )
        self.assertEqual(
            Board.search(scope + [("released", "=", True)]).production_id, order_b
        )
        self.assertEqual(
            Board.search(
                scope + [("current_workcenter_id", "=", self.wc_wind.id)]
            ).production_id,
            order_a | order_c,
        )
        # live: closing B takes it off the board
        self._finish(order_b)
        self.assertNotIn(order_b.id, self._board(all_orders))

    def test_issued_consumed_returned_two_steps(self):
        """pbm: issued by the request's component picking, surplus returned."""
        self.wh_raw.manufacture_steps = "pbm"
        production = self._order(5)
        action = production.with_user(self.requester).action_factory_material_request()
        request = self._approved(self.Request.browse(action["res_id"]))
        self._validate(request.picking_ids)
        row = self._board(production)[production.id]
        self.assertEqual(row["required_component_qty"], 15.0)
        self.assertEqual(row["issued_component_qty"], 15.0)
        self.assertEqual(row["returned_component_qty"], 0.0)
        action = production.with_user(self.requester).action_factory_material_return()
        wizard = self.env["factory.material.return"].browse(action["res_id"])
        wizard.line_ids.filtered(lambda line: line.product_id == self.shaft).unlink()
        wizard.line_ids.product_qty = 2
        wizard.with_user(self.requester).action_confirm()
        row = self._board(production)[production.id]
        self.assertEqual(row["issued_component_qty"], 15.0)
        self.assertEqual(row["returned_component_qty"], 2.0)
        self.assertEqual(row["consumed_component_qty"], 0.0)
        self.assertEqual(row["operation_count"], 0)
        self.assertFalse(row["current_workorder_id"])

    def test_workcenter_load(self):
        order_a, order_b, order_c, __ = self._open_orders()
        wind_a = order_a.workorder_ids.sorted("sequence")[0]
        self.assertEqual(wind_a.duration_expected, 60.0)
        Load = self.env["factory.mrp.workcenter.load"]
        Load.invalidate_model()
        loads = {
            row.workcenter_id: row
            for row in Load.search(
                [("workcenter_id", "in", (self.wc_wind | self.wc_assy).ids)]
            )
        }
        wind, assy = loads[self.wc_wind], loads[self.wc_assy]
        # winding: A waiting or ready, C in progress (B's is done, D closed)
        self.assertEqual(wind.queue_count, 2)
        self.assertEqual(wind.progress_count, 1)
        self.assertEqual(wind.ready_count + wind.waiting_count, 1)
        # assembly: A, B and C; B's is in progress (reported on)
        self.assertEqual(assy.queue_count, 3)
        self.assertEqual(assy.progress_count, 1)
        for workcenter, row in loads.items():
            open_wos = (order_a | order_b | order_c).workorder_ids.filtered(
                lambda wo, wc=workcenter: (
                    wo.workcenter_id == wc and wo.state not in ("done", "cancel")
                )
            )
            minutes = sum(
                max(wo.duration_expected - wo.duration, 0.0) for wo in open_wos
            )
            self.assertAlmostEqual(row.remaining_minutes, minutes, places=2)
            self.assertAlmostEqual(row.load_hours, minutes / 60, places=4)
            hours_per_day = workcenter.resource_calendar_id.hours_per_day or 8.0
            self.assertAlmostEqual(
                row.load_days, minutes / 60 / hours_per_day, places=4
            )
        # 60 + 12 expected minutes of winding, minus the few seconds C ran
        self.assertAlmostEqual(wind.remaining_minutes, 72.0, delta=0.5)

    def test_board_access(self):
        order_a, order_b, __, __ = self._open_orders()
        orders = order_a | order_b
        for user in (self.worker, self.requester, self.mrp_user, self.manager):
            self.assertEqual(len(self._board(orders, user=user)), 2)
            self.env["factory.mrp.workcenter.load"].with_user(user).search_read(
                [], ["queue_count", "load_hours"]
            )
        with self.assertRaises(AccessError):
            self._board(orders, user=self.clerk)
        # the board has no cost column
        fields_ = self.env["factory.mrp.wip"]._fields.values()
        self.assertFalse([f.name for f in fields_ if f.groups])
