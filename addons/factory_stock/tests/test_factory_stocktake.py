from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .factory_stocktake_common import FactoryStocktakeCase


@tagged("post_install", "-at_install")
class TestFactoryStocktake(FactoryStocktakeCase):
    def _counts(self):
        return [
            (self.material, self.bin_a, None, 12),  # gain 2 (value 20: manager)
            (self.material, self.stock, None, 7),  # no difference
            (self.other_material, self.bin_b, None, 4),  # loss 1 (10: supervisor)
            (self.coil, self.bin_a, self.lot1, 4),  # lot loss 2 (20: manager)
            (self.coil, self.bin_b, self.lot2, 3),  # found lot (30: manager)
            (self.material, self.bin_b, None, 1),  # found (10: supervisor)
        ]

    def _snapshot(self, moves):
        """Quants of the counted materials and what the inventory moves did."""
        quants = self.env["stock.quant"].search(
            [
                (
                    "product_id",
                    "in",
                    (self.material | self.other_material | self.coil).ids,
                ),
                ("location_id", "child_of", self.wh_raw.view_location_id.id),
            ]
        )
        quant_rows = sorted(
            (q.product_id.id, q.location_id.id, q.lot_id.id, q.quantity)
            for q in quants
            if q.quantity
        )
        move_rows = sorted(
            (
                m.product_id.id,
                m.location_id.id,
                m.location_dest_id.id,
                m.move_line_ids.lot_id.id,
                m.quantity,
                m.product_uom_qty,
                m.state,
                m.is_inventory,
                round(sum(m.stock_valuation_layer_ids.mapped("value")), 2),
                round(sum(m.stock_valuation_layer_ids.mapped("quantity")), 2),
            )
            for m in moves
        )
        return quant_rows, move_rows

    def _native_adjustment(self, name):
        """The same counts applied with Odoo's own inventory adjustment (the
        counted quantity typed on the quant, 'Apply' with a reference)."""
        Quant = self.env["stock.quant"].with_user(self.supervisor)
        Quant = Quant.with_context(inventory_mode=True)
        quants = Quant
        for product, location, lot, qty in self._counts():
            quant = Quant._gather(product, location, lot_id=lot, strict=True)
            if quant:
                quant.inventory_quantity = qty
                quants |= quant
            else:
                quants |= Quant.create(
                    {
                        "product_id": product.id,
                        "location_id": location.id,
                        "lot_id": lot.id if lot else False,
                        "inventory_quantity": qty,
                    }
                )
        wizard = (
            self.env["stock.inventory.adjustment.name"]
            .with_user(self.supervisor)
            .create(
                {
                    "quant_ids": [Command.set(quants.ids)],
                    "inventory_adjustment_name": name,
                }
            )
        )
        wizard.action_apply()

    def test_full_count_equals_odoo_adjustment(self):
        stocktake = self._started(stocktake_type="full")
        self.assertEqual(stocktake.state, "counting")
        self.assertEqual(len(stocktake.line_ids), 4)
        self._count(stocktake, self._counts()[:4])
        self._count(stocktake, self._counts()[4:], user=self.clerk2)
        self.assertEqual(len(stocktake.line_ids), 6)
        found = stocktake.line_ids.filtered("is_new")
        self.assertEqual(found.product_id, self.coil | self.material)
        self.assertEqual(
            sorted(stocktake.line_ids.mapped("difference")), [-2, -1, 0, 1, 2, 3]
        )
        stocktake.with_user(self.clerk).action_submit()
        self.assertEqual(stocktake.state, "to_approve")
        self.assertEqual(stocktake.submitted_by_id, self.clerk)
        tiers = {
            (line.product_id, line.location_id): line.approval_tier
            for line in stocktake.line_ids
        }
        self.assertEqual(tiers[self.material, self.bin_a], "manager")
        self.assertEqual(tiers[self.material, self.stock], "none")
        self.assertEqual(tiers[self.other_material, self.bin_b], "supervisor")
        self.assertEqual(tiers[self.coil, self.bin_b], "manager")
        self.assertTrue(stocktake.needs_manager)

        before = self.env["stock.move"].search([], order="id desc", limit=1).id
        # what Odoo's own adjustment produces, then undone
        savepoint = self.env.cr.savepoint()
        self._native_adjustment(stocktake.name)
        native = self._snapshot(
            self.env["stock.move"].search(
                [("id", ">", before), ("is_inventory", "=", True)]
            )
        )
        savepoint.close(rollback=True)
        self.env.invalidate_all()

        # tier 1: the supervisor approves what is within the threshold
        stocktake.with_user(self.supervisor).action_approve()
        self.assertEqual(stocktake.state, "to_approve")
        approved = stocktake.line_ids.filtered("approved_by_id")
        self.assertEqual(set(approved.mapped("approval_tier")), {"supervisor"})
        self.assertEqual(len(approved), 2)
        self.assertFalse(stocktake.move_ids)
        # tier 2: the factory manager approves the rest and the stock is corrected
        stocktake.with_user(self.manager).action_approve()
        self.assertEqual(stocktake.state, "done")
        self.assertEqual(stocktake.approved_by_id, self.manager)
        moves = self.env["stock.move"].search(
            [("id", ">", before), ("is_inventory", "=", True)]
        )
        self.assertEqual(moves, stocktake.move_ids)
        self.assertEqual(set(moves.mapped("name")), {stocktake.name})
        self.assertEqual(self._snapshot(moves), native)
        self.assertEqual(self._qty(self.material, self.bin_a), 12)
        self.assertEqual(self._qty(self.coil, self.bin_a, self.lot1), 4)
        self.assertEqual(self._qty(self.coil, self.bin_b, self.lot2), 3)
        gains = moves.filtered(lambda m: m.location_id == self.loss_location)
        self.assertEqual(len(gains), 3)
        self.assertAlmostEqual(stocktake.accuracy, 100 / 6, places=2)
        self.assertAlmostEqual(stocktake.sudo().gain_value, 60.0)
        self.assertAlmostEqual(stocktake.sudo().loss_value, -30.0)
        messages = stocktake.message_ids.mapped("body")
        self.assertTrue(any(self.manager.name in m for m in messages))

    def test_moves_during_counting_are_kept(self):
        stocktake = self._started(location_ids=[Command.set(self.bin_a.ids)])
        self._count(stocktake, [(self.material, self.bin_a, None, 8)])  # book 10
        line = self._line(stocktake, self.material, self.bin_a)
        self.assertEqual((line.book_qty, line.difference), (10, -2))
        # the warehouse keeps working: 3 issued after the count, before approval
        self._issue(self.material, self.bin_a, 3)
        self.assertEqual(self._qty(self.material, self.bin_a), 7)
        # a move before the line is counted is in its book quantity
        self._issue(self.coil, self.bin_a, 1, lot=self.lot1)
        self._count(stocktake, [(self.coil, self.bin_a, self.lot1, 5)])
        coil_line = self._line(stocktake, self.coil, self.bin_a, self.lot1)
        self.assertEqual((coil_line.book_qty, coil_line.difference), (5, 0))
        stocktake.with_user(self.clerk).action_submit()
        stocktake.with_user(self.manager).action_approve()
        self.assertEqual(self._qty(self.material, self.bin_a), 5)  # 7 - 2, not 8
        self.assertEqual(self._qty(self.coil, self.bin_a, self.lot1), 5)
        loss = stocktake.move_ids.filtered(lambda m: m.product_id == self.material)
        self.assertEqual(loss.quantity, 2)
        self.assertEqual(loss.location_dest_id, self.loss_location)

    def _issue(self, product, location, qty, lot=None):
        customer = self.env.ref("stock.stock_location_customers")
        move = self.env["stock.move"].create(
            {
                "name": "issue",
                "product_id": product.id,
                "product_uom": product.uom_id.id,
                "product_uom_qty": qty,
                "location_id": location.id,
                "location_dest_id": customer.id,
                "move_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_id": product.uom_id.id,
                            "quantity": qty,
                            "lot_id": lot.id if lot else False,
                            "location_id": location.id,
                            "location_dest_id": customer.id,
                        }
                    )
                ],
                "picked": True,
            }
        )
        move._action_confirm()
        move.picked = True
        move._action_done()
        self.assertEqual(move.state, "done")

    def test_blind_count_hides_book_quantity(self):
        stocktake = self._started(blind_count=True)
        self.assertFalse(stocktake.with_user(self.clerk).show_book_qty)
        self.assertTrue(stocktake.with_user(self.supervisor).show_book_qty)
        count_view = self.env.ref(
            "factory_stock.factory_stocktake_line_view_list_count"
        )
        self.assertNotIn("book_qty", count_view.arch)
        self._count(stocktake, [(self.material, self.bin_a, None, 10)])
        for product, location, lot, qty in self._counts()[1:4]:
            self._count(stocktake, [(product, location, lot, qty)])
        stocktake.with_user(self.clerk).action_submit()
        self.assertTrue(stocktake.with_user(self.clerk).show_book_qty)

    def test_count_in_web_client(self):
        stocktake = self._started()
        with Form(stocktake.with_user(self.clerk)) as form:
            for index in range(len(form.line_ids)):
                with form.line_ids.edit(index) as line:
                    line.counted_qty = 3
            with form.line_ids.new() as line:
                line.location_id = self.bin_b
                line.product_id = self.material
                line.counted_qty = 2
        self.assertEqual(len(stocktake.line_ids), 5)
        self.assertTrue(all(stocktake.line_ids.mapped("is_counted")))
        self.assertEqual(stocktake.line_ids.counted_by_id, self.clerk)
        new = self._line(stocktake, self.material, self.bin_b)
        self.assertTrue(new.is_new)
        self.assertEqual((new.book_qty, new.difference), (0, 2))

    def test_cycle_and_dynamic_scope(self):
        cycle = self._started(
            stocktake_type="cycle",
            product_ids=[Command.set(self.coil.ids)],
            assignment_ids=[
                Command.create(
                    {"location_id": self.bin_a.id, "user_id": self.clerk2.id}
                )
            ],
        )
        self.assertEqual(cycle.line_ids.product_id, self.coil)
        self.assertEqual(cycle.line_ids.assigned_user_id, self.clerk2)
        by_categ = self._started(
            categ_ids=[Command.set(self.category.ids)],
            location_ids=[Command.set(self.bin_b.ids)],
        )
        self.assertEqual(by_categ.line_ids.product_id, self.other_material)
        full = self._stocktake()
        scope = full._scope_locations()
        self.assertIn(self.bin_a, scope)
        self.assertNotIn(self.wh_raw.factory_quarantine_location_id, scope)
        self.assertNotIn(self.wh_raw.factory_reject_location_id, scope)
        dynamic = self._stocktake(stocktake_type="dynamic")
        with self.assertRaises(UserError):
            dynamic.action_start()  # since when?
        dynamic.moved_since = fields.Datetime.now() - timedelta(hours=1)
        self._issue(self.material, self.bin_a, 1)
        dynamic.action_start()
        self.assertEqual(dynamic.line_ids.product_id, self.material)
        self.assertEqual(dynamic.line_ids.location_id, self.bin_a | self.stock)

    def test_count_by_scanning(self):
        self.bin_a.barcode = "BIN-A-01"
        self.material.barcode = "6900000000011"
        stocktake = self._started(location_ids=[Command.set(self.bin_a.ids)])
        stocktake = stocktake.with_user(self.clerk)
        for _i in range(3):
            result = stocktake.factory_count_scan("BIN-A-01", "6900000000011")
        self.assertEqual(result["counted_qty"], 3)
        self.assertEqual(result["book_qty"], 10)
        result = stocktake.factory_count_scan("BIN-A-01", "TST-0001", qty=9)
        self.assertEqual(result["counted_qty"], 9)
        # a lot the books do not have in this bin: new line
        result = stocktake.factory_count_scan("BIN-A-01", "TST-ST-01", "COIL-2", 2)
        self.assertTrue(result["is_new"])
        self.assertEqual(len(stocktake.line_ids), 3)
        for args, message in (
            (("B-01-X", "TST-0001"), "not a location"),
            (("BIN-A-01", "NOPE"), "No material"),
            (("BIN-A-01", "TST-ST-01", "OTHER-1", 1), "belongs to"),
            (("BIN-A-01", "TST-ST-01", "NEW-LOT", 1), "Unknown lot"),
            (("BIN-A-01", "TST-0001", False, -2), "negative"),
        ):
            with self.assertRaisesRegex((UserError, ValidationError), message):
                stocktake.factory_count_scan(*args)
        self.assertEqual(len(stocktake.line_ids), 3)
        blind = self._started(
            blind_count=True, location_ids=[Command.set(self.bin_b.ids)]
        )
        result = blind.with_user(self.clerk).factory_count_scan(
            self.bin_b.complete_name, "TST-0002", qty=5
        )
        self.assertNotIn("book_qty", result)

    def test_discrepancy_pdf(self):
        stocktake = self._started(location_ids=[Command.set(self.bin_a.ids)])
        self._count(
            stocktake,
            [
                (self.material, self.bin_a, None, 11),
                (self.coil, self.bin_a, self.lot1, 6),
            ],
        )
        stocktake.with_user(self.clerk).action_submit()
        report = "factory_stock.factory_stocktake_report_discrepancy"
        for user, with_value in ((self.supervisor, True), (self.clerk, False)):
            html = (
                self.env["ir.actions.report"]
                .with_user(user)
                ._render_qweb_html(report, stocktake.ids)[0]
                .decode()
            )
            self.assertIn(stocktake.name, html)
            self.assertIn("TST-0001", html)
            self.assertNotIn("COIL-1", html)  # no difference, not listed
            self.assertEqual("Difference Value" in html, with_value, user.login)
