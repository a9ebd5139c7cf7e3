import io

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .factory_stocktake_common import FactoryStocktakeCase


@tagged("post_install", "-at_install")
class TestFactoryStocktakeRules(FactoryStocktakeCase):
    """Bad input, wrong approver and warehouse scoping: a clear error, no change."""

    def _counted(self, counter=None):
        stocktake = self._started()
        self._count(
            stocktake,
            [
                (self.material, self.bin_a, None, 12),  # value 20: manager
                (self.material, self.stock, None, 7),
                (self.other_material, self.bin_b, None, 4),  # value 10: supervisor
                (self.coil, self.bin_a, self.lot1, 6),
            ],
            user=counter,
        )
        stocktake.with_user(self.clerk).action_submit()
        return stocktake

    def _assert_unchanged(self, stocktake):
        stocktake.invalidate_recordset()
        self.assertEqual(stocktake.state, "to_approve")
        self.assertFalse(stocktake.line_ids.approved_by_id)
        self.assertFalse(stocktake.move_ids)
        self.assertEqual(self._qty(self.material, self.bin_a), 10)

    def test_counter_cannot_approve_own_count(self):
        stocktake = self._counted(counter=self.supervisor)
        with self.assertRaisesRegex(UserError, "cannot approve their own count"):
            stocktake.with_user(self.supervisor).action_approve()
        self._assert_unchanged(stocktake)
        # a manager who counted cannot either
        stocktake2 = self._started(location_ids=[Command.set(self.bin_b.ids)])
        self._count(
            stocktake2, [(self.other_material, self.bin_b, None, 1)], self.manager
        )
        stocktake2.with_user(self.clerk).action_submit()
        with self.assertRaises(UserError):
            stocktake2.with_user(self.manager).action_approve()
        self.assertEqual(stocktake2.state, "to_approve")
        # another supervisor approves the supervisor's count
        stocktake.with_user(self.supervisor2).action_approve()
        self.assertTrue(stocktake.needs_manager)

    def test_submitter_cannot_approve(self):
        stocktake = self._started(location_ids=[Command.set(self.bin_b.ids)])
        self._count(stocktake, [(self.other_material, self.bin_b, None, 4)])
        stocktake.with_user(self.supervisor).action_submit()
        with self.assertRaises(UserError) as err:
            stocktake.with_user(self.supervisor).action_approve()
        self.assertIn("cannot approve it", str(err.exception))
        self.assertEqual(stocktake.state, "to_approve")
        self.assertFalse(stocktake.move_ids)
        stocktake.with_user(self.supervisor2).action_approve()
        self.assertEqual(stocktake.state, "done")

    def test_approval_below_required_role(self):
        # counters and approvers need no e-mail address for the chatter notes
        (self.clerk | self.supervisor | self.supervisor2).partner_id.email = False
        stocktake = self._counted()
        with self.assertRaises(AccessError):
            stocktake.with_user(self.clerk).action_approve()
        self._assert_unchanged(stocktake)
        stocktake.with_user(self.supervisor).action_approve()
        with self.assertRaisesRegex(UserError, "Factory Manager"):
            stocktake.with_user(self.supervisor2).action_approve()
        self.assertEqual(stocktake.state, "to_approve")
        self.assertFalse(stocktake.move_ids)
        # raising the threshold is the manager's business, and takes effect
        self.company.factory_stocktake_threshold = 100.0
        stocktake.with_user(self.supervisor2).action_approve()
        self.assertEqual(stocktake.state, "done")
        self.assertEqual(self._qty(self.material, self.bin_a), 12)

    def test_bad_counts_are_refused(self):
        stocktake = self._started(location_ids=[Command.set(self.bin_a.ids)])
        line = self._line(stocktake, self.material, self.bin_a)
        Line = self.env["factory.stocktake.line"].with_user(self.clerk)
        cases = [
            (
                ValidationError,
                lambda: line.with_user(self.clerk).write({"counted_qty": -1}),
            ),
            (
                ValidationError,
                lambda: line.with_user(self.clerk).write({"counted_qty": "12a"}),
            ),
            (
                ValidationError,
                lambda: line.with_user(self.clerk).write({"counted_qty": True}),
            ),
            # a location outside the stocktake (same warehouse, other bin)
            (
                UserError,
                lambda: Line.create(
                    {
                        "stocktake_id": stocktake.id,
                        "location_id": self.bin_b.id,
                        "product_id": self.material.id,
                        "counted_qty": 1,
                    }
                ),
            ),
            # a lot of another material
            (
                ValidationError,
                lambda: Line.create(
                    {
                        "stocktake_id": stocktake.id,
                        "location_id": self.bin_a.id,
                        "product_id": self.coil.id,
                        "lot_id": self.other_lot.id,
                        "counted_qty": 1,
                    }
                ),
            ),
            # a tracked material without its lot
            (
                ValidationError,
                lambda: Line.create(
                    {
                        "stocktake_id": stocktake.id,
                        "location_id": self.bin_a.id,
                        "product_id": self.coil.id,
                        "counted_qty": 1,
                    }
                ),
            ),
            # the same position twice
            (
                ValidationError,
                lambda: Line.create(
                    {
                        "stocktake_id": stocktake.id,
                        "location_id": self.bin_a.id,
                        "product_id": self.material.id,
                        "counted_qty": 1,
                    }
                ),
            ),
            # a planned line cannot be turned into another material
            (
                UserError,
                lambda: line.with_user(self.clerk).write({"product_id": self.coil.id}),
            ),
        ]
        for error, call in cases:
            with self.assertRaises(error):
                call()
        stocktake.invalidate_recordset()
        self.assertEqual(len(stocktake.line_ids), 2)
        self.assertFalse(line.is_counted)
        self.assertEqual(line.counted_qty, 0)
        # outside the warehouse, too; and nothing is counted once submitted
        other = (
            self.env["factory.stocktake"]
            .with_user(self.manager)
            .create({"warehouse_id": self.wh_fg.id})
        )
        other.action_start()
        with self.assertRaises(UserError):
            self.env["factory.stocktake.line"].with_user(self.manager).create(
                {
                    "stocktake_id": other.id,
                    "location_id": self.bin_a.id,
                    "product_id": self.material.id,
                    "counted_qty": 1,
                }
            )
        with self.assertRaisesRegex(UserError, "not counted yet"):
            stocktake.with_user(self.clerk).action_submit()

    def test_counters_and_states(self):
        stocktake = self._started(
            assignment_ids=[
                Command.create(
                    {"location_id": self.bin_a.id, "user_id": self.clerk2.id}
                )
            ]
        )
        line = self._line(stocktake, self.material, self.bin_a)
        self.assertEqual(line.assigned_user_id, self.clerk2)
        with self.assertRaisesRegex(UserError, "assigned to"):
            line.with_user(self.clerk).counted_qty = 3
        line.with_user(self.clerk2).counted_qty = 3
        line.with_user(self.clerk2).action_reset_count()
        self.assertFalse(line.is_counted)
        with self.assertRaises(AccessError):
            stocktake.with_user(self.clerk).write({"blind_count": True})
        with self.assertRaises(AccessError):
            stocktake.with_user(self.clerk).action_start()
        with self.assertRaises(AccessError):
            self._stocktake(user=self.clerk)
        stocktake.action_cancel()
        with self.assertRaises(UserError):
            line.with_user(self.clerk2).counted_qty = 3
        stocktake.action_reset_draft()
        self.assertEqual((stocktake.state, len(stocktake.line_ids)), ("draft", 0))

    def test_warehouse_scoping_and_cost(self):
        stocktake = self._counted()
        clerk_fg = self.env["res.users"].create(
            {
                "name": "FG clerk",
                "login": "t_clerk_fg",
                "groups_id": [
                    Command.set(
                        [
                            self.env.ref("base.group_user").id,
                            self.env.ref("factory_stock.group_warehouse_clerk").id,
                        ]
                    )
                ],
                "factory_warehouse_ids": [Command.set(self.wh_fg.ids)],
            }
        )
        Stocktake = self.env["factory.stocktake"]
        self.assertFalse(
            Stocktake.with_user(clerk_fg).search([("id", "=", stocktake.id)])
        )
        self.assertTrue(
            Stocktake.with_user(self.clerk).search([("id", "=", stocktake.id)])
        )
        self.assertTrue(
            Stocktake.with_user(self.manager).search([("id", "=", stocktake.id)])
        )
        with self.assertRaises(AccessError):
            stocktake.line_ids.with_user(self.clerk).read(["value_diff"])
        self.assertTrue(
            stocktake.line_ids.with_user(self.supervisor).read(["value_diff"])
        )

    def test_discrepancy_export(self):
        stocktake = self._counted()
        action = stocktake.with_user(self.supervisor).action_export_xlsx()
        self.assertIn("/web/content/", action["url"])
        for user, with_value in ((self.supervisor, True), (self.clerk, False)):
            content = stocktake.with_user(user)._discrepancy_xlsx()
            sheet = openpyxl.load_workbook(io.BytesIO(content)).active
            header = [c.value for c in sheet[4]]
            self.assertEqual("Difference Value" in header, with_value, user.login)
            rows = [
                [c.value for c in row] for row in sheet.iter_rows(min_row=5, max_row=6)
            ]
            self.assertEqual(sorted(r[7] for r in rows), [-1, 2])
            if with_value:
                self.assertEqual(sorted(r[8] for r in rows), [-10, 20])

    def test_refusals_are_translated(self):
        if not self.env["res.lang"]._lang_get("zh_CN").active:
            self.skipTest("zh_CN is not installed")
        stocktake = self._counted(counter=self.supervisor)
        with self.assertRaisesRegex(UserError, "不能审批自己的盘点"):
            stocktake.with_user(self.supervisor).with_context(
                lang="zh_CN"
            ).action_approve()
        line = stocktake.line_ids[:1]
        with self.assertRaisesRegex(UserError, "不在盘点中"):
            line.with_user(self.supervisor).with_context(lang="zh_CN").write(
                {"counted_qty": 1}
            )
