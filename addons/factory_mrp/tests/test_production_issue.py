from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .material_common import MaterialRequestCase


@tagged("post_install", "-at_install")
class TestProductionIssue(MaterialRequestCase):
    """What reaches an order (Pick Components) and what it consumes is
    limited to its demand plus the category tolerance, with or without a
    material request; more needs a workshop supervisor's approval."""

    def _two_step_order(self, qty):
        self.wh_raw.manufacture_steps = "pbm"
        production = self._order(qty)
        pick = production.picking_ids.filtered(
            lambda p: p.picking_type_id == self.wh_raw.pbm_type_id
        )
        self.assertEqual(len(pick), 1)
        return production, pick

    def _consume(self, production, quantities, user=None):
        """Produce everything, consuming {product: qty}; confirm Odoo's
        consumption warning if it shows."""
        production = production.with_user(user or self.mrp_user)
        form = Form(production)
        form.qty_producing = production.product_qty
        form.save()
        for move in production.move_raw_ids:
            if move.product_id in quantities:
                move.quantity = quantities[move.product_id]
            move.picked = True
        res = production.button_mark_done()
        if isinstance(res, dict) and res.get("res_model"):
            wizard = Form.from_action(production.env, res).save()
            wizard.action_confirm()
        return production

    def _approve_over_issue(self, production):
        production.with_user(
            self.approver
        ).factory_over_issue_reason = "Trial run, magnets break"
        production.with_user(self.approver).action_factory_approve_over_issue()

    def test_pick_components_over_demand_refused(self):
        production, pick = self._two_step_order(5)  # 10 magnets
        pre = self.wh_raw.pbm_loc_id
        stock = self.wh_raw.lot_stock_id
        with self.assertRaises(UserError) as err:
            self._validate(pick, {self.magnet: 15})
        message = str(err.exception)
        self.assertIn("[TST-RM-02] Magnet: 15.0 Units would be issued to", message)
        self.assertIn(production.name, message)
        self.assertIn("demand of 10.0 Units (tolerance 0.0 %)", message)
        # nothing changed
        self.assertEqual(pick.state, "assigned")
        self.assertEqual(self._on_hand(self.magnet, stock), 30)
        self.assertEqual(self._on_hand(self.magnet, pre), 0)
        # the demand passes
        self._validate(pick, {self.magnet: 10})
        self.assertEqual(pick.state, "done")
        self.assertEqual(self._on_hand(self.magnet, pre), 10)
        # the order consumes 15: refused as well (before the stock rule)
        with self.assertRaises(UserError) as err:
            self._consume(production, {self.magnet: 15})
        self.assertIn("would be consumed by", str(err.exception))
        self.assertEqual(production.state, "confirmed")
        self.assertEqual(self._on_hand(self.magnet, pre), 10)
        self._consume(production, {self.magnet: 10})
        self.assertEqual(production.state, "done")

    def test_tolerance_and_earlier_issues_count(self):
        self.category.factory_issue_tolerance = 10  # 11 magnets for 10
        production, pick = self._two_step_order(5)
        self._validate(pick, {self.magnet: 6, self.shaft: 5})
        backorder = production.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        self.assertEqual(backorder.backorder_id, pick)
        with self.assertRaises(UserError):
            self._validate(backorder, {self.magnet: 6})  # 12 > 11
        self._validate(backorder, {self.magnet: 5})
        self.assertEqual(self._on_hand(self.magnet, self.wh_raw.pbm_loc_id), 11)

    def test_approved_over_issue_passes(self):
        production, pick = self._two_step_order(5)
        with self.assertRaises(UserError):
            self._validate(pick, {self.magnet: 15})
        # only a workshop supervisor, with a reason
        with self.assertRaises(AccessError):
            production.with_user(self.clerk).action_factory_approve_over_issue()
        with self.assertRaises(UserError):
            production.with_user(self.approver).action_factory_approve_over_issue()
        self._approve_over_issue(production)
        self.assertEqual(production.factory_over_issue_approved_by_id, self.approver)
        self.assertIn("Trial run, magnets break", production.message_ids[0].body)
        # the approval is in the override log, with its reason
        log = self.env["factory.override.log"].search(
            [("res_model", "=", "mrp.production"), ("res_id", "=", production.id)]
        )
        self.assertEqual(
            (len(log), log.kind, log.user_id, log.reason),
            (1, "over_issue", self.approver, "Trial run, magnets break"),
        )
        with self.assertRaises(UserError):
            production.with_user(self.approver).factory_over_issue_reason = "other"
        self._validate(pick, {self.magnet: 15})
        self.assertEqual(self._on_hand(self.magnet, self.wh_raw.pbm_loc_id), 15)
        self._consume(production, {self.magnet: 15})
        self.assertEqual(production.state, "done")
        consumed = production.move_raw_ids.filtered(
            lambda m: m.product_id == self.magnet
        )
        self.assertEqual(sum(consumed.mapped("quantity")), 15)

    def test_request_over_issue_approval_passes(self):
        """With a material request, its over-issue approval lifts both the
        request's and the order's limit for the transfer it issues."""
        production, pick = self._two_step_order(5)
        action = production.with_user(self.requester).action_factory_material_request()
        request = self._approved(self.Request.browse(action["res_id"]))
        self.assertEqual(request.picking_ids, pick)
        with self.assertRaises(UserError):
            self._validate(pick, {self.magnet: 12})
        request.with_user(self.approver).over_issue_reason = "Breakage"
        request.with_user(self.approver).action_approve_over_issue()
        self._validate(pick, {self.magnet: 12})
        self.assertEqual(self._on_hand(self.magnet, self.wh_raw.pbm_loc_id), 12)
        self.assertFalse(production.factory_over_issue_approved_by_id)

    def test_one_step_consumption_limited(self):
        production = self._order(2)  # 4 magnets from stock
        with self.assertRaises(UserError) as err:
            self._consume(production, {self.magnet: 5})
        self.assertIn("5.0 Units would be consumed by", str(err.exception))
        self.assertEqual(self._on_hand(self.magnet, self.wh_raw.lot_stock_id), 30)
        self._approve_over_issue(production)
        self._consume(production, {self.magnet: 5})
        self.assertEqual(production.state, "done")
        self.assertEqual(self._on_hand(self.magnet, self.wh_raw.lot_stock_id), 25)

    def test_components_short_refused(self):
        """The order consumes more than the warehouse has: the stock rule."""
        production = self._order(12)  # 12 shafts, 10 on hand
        with self.assertRaises(UserError) as err:
            self._consume(production, {self.shaft: 12})
        self.assertIn("Not enough stock of [TST-RM-01] Shaft", str(err.exception))
        self.assertIn("10.0 Units on hand, 12.0 Units asked", str(err.exception))
        self.assertEqual(production.state, "confirmed")
        self.assertEqual(self._on_hand(self.shaft, self.wh_raw.lot_stock_id), 10)
        self.assertFalse(
            production.move_finished_ids.filtered(lambda m: m.state == "done")
        )

    def test_approval_fields_protected(self):
        production = self._order(1)
        for user in (self.approver, self.mrp_user):
            with self.assertRaises(UserError):
                production.with_user(user).write(
                    {"factory_over_issue_approved_by_id": user.id}
                )
        with self.assertRaises(UserError):
            production.with_user(self.mrp_user).copy(
                {"factory_over_issue_approved_on": "2025-01-01"}
            )
        forged = (
            self.env["mrp.production"]
            .with_user(self.mrp_user)
            .with_context(default_factory_over_issue_approved_by_id=self.mrp_user.id)
            .create({"product_id": self.motor.id, "bom_id": self.bom.id})
        )
        self.assertFalse(forged.factory_over_issue_approved_by_id)
        self.assertFalse(production.factory_over_issue_approved_by_id)
