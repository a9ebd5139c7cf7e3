from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .material_common import MaterialRequestCase


@tagged("post_install", "-at_install")
class TestMaterialRequest(MaterialRequestCase):
    def test_full_flow_from_order_two_steps(self):
        """pbm: the request issues the order's own component picking."""
        self.wh_raw.manufacture_steps = "pbm"
        production = self._order(5)
        pick = production.picking_ids.filtered(
            lambda p: p.picking_type_id == self.wh_raw.pbm_type_id
        )
        self.assertEqual(len(pick), 1)
        action = production.with_user(self.requester).action_factory_material_request()
        request = self.Request.browse(action["res_id"])
        self.assertEqual(request.production_id, production)
        self.assertEqual(
            {(line.product_id, line.product_qty) for line in request.line_ids},
            {(self.shaft, 5), (self.magnet, 10)},
        )
        self.assertEqual(production.factory_material_request_count, 1)
        with self.assertRaises(UserError):  # one open request per order
            production.with_user(self.requester).action_factory_material_request()
        self._approved(request)
        self.assertEqual(request.issue_mode, "picking")
        self.assertEqual(request.picking_ids, pick)
        self.assertEqual(pick.state, "assigned")
        self.assertEqual(request.issue_location_id, self.wh_raw.pbm_loc_id)
        # the clerk issues 6 magnets now, the rest later
        self._validate(pick, {self.magnet: 6})
        self.assertEqual(pick.state, "done")
        self.assertEqual(request.state, "partial")
        backorder = request.picking_ids - pick
        self.assertEqual(backorder.backorder_id, pick)
        magnet_line = request.line_ids.filtered(lambda l: l.product_id == self.magnet)
        self.assertEqual(magnet_line.qty_issued, 6)
        self._validate(backorder)
        self.env.invalidate_all()
        self.assertEqual(request.state, "issued")
        self.assertEqual(magnet_line.qty_issued, 10)
        self.assertEqual(self._on_hand(self.magnet, self.wh_raw.pbm_loc_id), 10)
        request.with_user(self.requester).action_close()
        self.assertEqual(request.state, "closed")
        messages = request.message_ids.mapped("body")
        self.assertTrue(any("Approved by" in body for body in messages))

    def test_one_step_reserves_order_moves(self):
        """mrp_one_step: no second consumption; the order consumes."""
        production = self._order(5)
        action = production.with_user(self.requester).action_factory_material_request()
        request = self._approved(self.Request.browse(action["res_id"]))
        self.assertEqual(request.issue_mode, "production_moves")
        self.assertFalse(request.picking_ids)
        self.assertEqual(production.move_raw_ids.factory_material_request_id, request)
        self.assertEqual(production.reservation_state, "assigned")
        form = Form(production)
        form.qty_producing = 5
        form.save()
        production.move_raw_ids.picked = True
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        self.assertEqual(request.state, "issued")
        self.assertEqual(
            request.line_ids.filtered(lambda l: l.product_id == self.magnet).qty_issued,
            10,
        )
        # surplus back from the order: from production to stock
        action = production.with_user(self.requester).action_factory_material_return()
        wizard = self.env["factory.material.return"].browse(action["res_id"])
        self.assertEqual(
            {(line.product_id, line.product_qty) for line in wizard.line_ids},
            {(self.shaft, 5), (self.magnet, 10)},
        )
        wizard.line_ids.filtered(lambda l: l.product_id == self.shaft).unlink()
        wizard.line_ids.product_qty = 2
        before = self._on_hand(self.magnet, self.wh_raw.lot_stock_id)
        wizard.with_user(self.requester).action_confirm()
        self.env.invalidate_all()
        self.assertEqual(
            self._on_hand(self.magnet, self.wh_raw.lot_stock_id), before + 2
        )
        # returned against the order: what is left to return shrinks
        action = production.with_user(self.requester).action_factory_material_return()
        wizard = self.env["factory.material.return"].browse(action["res_id"])
        self.assertEqual(
            {(line.product_id, line.product_qty) for line in wizard.line_ids},
            {(self.shaft, 5), (self.magnet, 8)},
        )
        self.assertTrue(
            production.message_ids[:3].filtered(lambda m: "Surplus" in m.body)
        )

    def test_sufficiency_refusal_and_submit_with_shortage(self):
        request = self._adhoc(
            [
                (self.magnet, 50, self.env["stock.lot"]),
                (self.shaft, 5, self.env["stock.lot"]),
            ]
        )
        with self.assertRaises(UserError) as err:
            request.with_user(self.requester).action_submit()
        message = str(err.exception)
        self.assertIn("TST-RM-02", message)
        self.assertIn("available 30", message)
        self.assertNotIn("TST-RM-01", message)
        self.assertEqual(request.state, "draft")
        request.with_user(self.requester).action_submit_with_shortage()
        self.assertEqual(request.state, "submitted")
        self.assertTrue(request.shortage_submitted)
        todo = request.activity_ids.filtered(lambda a: a.user_id == self.purchaser)
        self.assertEqual(len(todo), 1)
        self.assertIn("TST-RM-02", todo.note)
        self.assertIn("20", todo.note)

    def test_sufficiency_counts_what_is_reserved_for_the_order(self):
        production = self._order(10)  # 10 shafts, 20 magnets
        production.action_factory_release()
        self.assertEqual(production.reservation_state, "assigned")
        # free: 0 shafts and 10 magnets, but the order holds what it needs
        action = production.with_user(self.requester).action_factory_material_request()
        request = self.Request.browse(action["res_id"])
        request.with_user(self.requester).action_submit()
        self.assertEqual(request.state, "submitted")
        self.assertFalse(request.shortage_submitted)
        # an ad hoc request cannot take what the order reserved
        other = self._adhoc([(self.shaft, 1, self.env["stock.lot"])])
        with self.assertRaises(UserError):
            other.with_user(self.requester).action_submit()

    def test_approval_rules(self):
        request = self._adhoc([(self.magnet, 5, self.env["stock.lot"])])
        request.with_user(self.requester).action_submit()
        with self.assertRaises(UserError):
            request.with_user(self.requester).action_approve()
        with self.assertRaises(AccessError):
            request.with_user(self.mrp_user).action_approve()
        self.assertEqual(request.state, "submitted")
        self.assertFalse(request.picking_ids)
        request.with_user(self.approver).action_approve()
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.approved_by_id, self.approver)
        picking = request.picking_ids
        self.assertEqual(picking.location_dest_id, self.cost_center.location_id)
        self.assertEqual(picking.state, "assigned")
        # no approval configured: approved on submit, never by the requester
        self.company.factory_mr_approval_required = False
        auto = self._adhoc(
            [(self.magnet, 5, self.env["stock.lot"])], user=self.mrp_user
        )
        auto.with_user(self.mrp_user).action_submit()
        self.assertEqual(auto.state, "approved")
        self.assertFalse(auto.approved_by_id)

    def test_line_worker_and_clerk_access(self):
        request = self._adhoc([(self.magnet, 5, self.env["stock.lot"])])
        with self.assertRaises(AccessError):
            request.with_user(self.worker).read(["name"])
        self.assertTrue(request.with_user(self.clerk).read(["name"]))
        with self.assertRaises(AccessError):
            request.with_user(self.clerk).write({"note": "x"})
        with self.assertRaises(AccessError):
            self.Request.with_user(self.clerk).create(
                {"warehouse_id": self.wh_raw.id, "cost_center_id": self.cost_center.id}
            )

    def test_requests_of_other_companies_hidden(self):
        other = self.env["res.company"].create({"name": "Other Factory"})
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", other.id)], limit=1
        )
        center = self.env["factory.cost.center"].create(
            {"name": "Other", "company_id": other.id}
        )
        foreign = self.Request.with_company(other).create(
            {
                "company_id": other.id,
                "warehouse_id": warehouse.id,
                "cost_center_id": center.id,
            }
        )
        mine = self._adhoc([(self.magnet, 1, self.env["stock.lot"])])
        visible = self.Request.with_user(self.requester).search(
            [("id", "in", (foreign | mine).ids)]
        )
        self.assertEqual(visible, mine)

    def test_wrong_item_and_over_issue_refused(self):
        request = self._approved(
            self._adhoc([(self.magnet, 10, self.env["stock.lot"])])
        )
        picking = request.picking_ids
        stock = self.wh_raw.lot_stock_id
        picking.write(
            {
                "move_ids": [
                    Command.create(
                        {
                            "name": "extra",
                            "product_id": self.shaft.id,
                            "product_uom_qty": 2,
                            "location_id": stock.id,
                            "location_dest_id": picking.location_dest_id.id,
                        }
                    )
                ]
            }
        )
        picking.action_assign()
        with self.assertRaises(UserError) as err:
            self._validate(picking)
        self.assertIn("TST-RM-01", str(err.exception))
        self.assertIn("is not on material request", str(err.exception))
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(self._on_hand(self.shaft, stock), 10)
        picking.move_ids.filtered(lambda m: m.product_id == self.shaft)._action_cancel()
        # 11 magnets for 10 requested, tolerance 0 %
        with self.assertRaises(UserError) as err:
            self._validate(picking, {self.magnet: 11})
        self.assertIn("more than the 10", str(err.exception))
        self.assertEqual(self._on_hand(self.magnet, stock), 30)
        self.assertEqual(request.state, "approved")
        # a workshop supervisor approves the over-issue, with a reason
        with self.assertRaises(AccessError):
            request.with_user(self.clerk).action_approve_over_issue()
        with self.assertRaises(UserError):
            request.with_user(self.approver).action_approve_over_issue()
        request.with_user(self.approver).over_issue_reason = "Scrap on the first run"
        request.with_user(self.approver).action_approve_over_issue()
        self.assertEqual(request.over_issue_approved_by_id, self.approver)
        self.assertIn("Scrap on the first run", request.message_ids[0].body)
        self._validate(picking, {self.magnet: 11})
        self.assertEqual(self._on_hand(self.magnet, stock), 19)
        self.assertEqual(request.state, "issued")

    def test_tolerance_per_category(self):
        self.category.factory_issue_tolerance = 10
        request = self._approved(
            self._adhoc([(self.magnet, 10, self.env["stock.lot"])])
        )
        with self.assertRaises(UserError):
            self._validate(request.picking_ids, {self.magnet: 12})
        self._validate(request.picking_ids, {self.magnet: 11})
        self.assertEqual(request.state, "issued")
        other = self.env["product.category"].create({"name": "Strict"})
        self.assertEqual(other.factory_issue_tolerance, 0)
        with self.assertRaises(ValidationError):
            other.factory_issue_tolerance = -1

    def test_bad_quantities_refused(self):
        lot = self.env["stock.lot"]
        for qty, text in (
            (0, "must be positive"),
            (-3, "must be positive"),
            ("abc", "must be a number"),
        ):
            with self.assertRaises(ValidationError) as err:
                self._adhoc([(self.magnet, qty, lot)])
            self.assertIn(text, str(err.exception))
        request = self._adhoc([(self.magnet, "4", lot)])
        self.assertEqual(request.line_ids.product_qty, 4)
        with self.assertRaises(ValidationError):
            request.line_ids.product_qty = -1
        empty = self.Request.with_user(self.requester).create(
            {"warehouse_id": self.wh_raw.id, "cost_center_id": self.cost_center.id}
        )
        with self.assertRaises(UserError):
            empty.with_user(self.requester).action_submit()
