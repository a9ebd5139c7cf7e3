from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .material_common import MaterialRequestCase


@tagged("post_install", "-at_install")
class TestReleaseAndShortage(MaterialRequestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.workshop = cls.requester  # a workshop supervisor
        cls.env["stock.quant"]._update_available_quantity(
            cls.magnet, cls.wh_fg.lot_stock_id, 7
        )

    def _order(self, qty, days=1, user=None):
        form = Form(self.env["mrp.production"].with_user(user or self.workshop))
        form.product_id = self.motor
        form.bom_id = self.bom
        form.product_qty = qty
        form.picking_type_id = self.wh_raw.manu_type_id
        form.date_start = fields.Datetime.now() + timedelta(days=days)
        return form.save()

    def _shortage(self, production, product):
        Shortage = self.env["factory.mrp.shortage"]
        Shortage.invalidate_model()
        return Shortage.search(
            [("production_id", "=", production.id), ("product_id", "=", product.id)]
        )

    def test_release_reserves_components(self):
        production = self._order(10)
        self.assertEqual(production.state, "draft")
        self.assertTrue(production.with_user(self.mrp_user).action_factory_release())
        self.assertEqual(production.state, "confirmed")
        self.assertTrue(production.factory_released)
        self.assertEqual(production.factory_released_by_id, self.mrp_user)
        self.assertEqual(production.reservation_state, "assigned")
        magnet_move = production.move_raw_ids.filtered(
            lambda m: m.product_id == self.magnet
        )
        self.assertEqual(magnet_move.quantity, 20)
        row = self._shortage(production, self.magnet)
        self.assertEqual(
            (row.required_qty, row.reserved_qty, row.shortage_qty), (20, 20, 0)
        )
        self.assertEqual((row.free_qty, row.free_elsewhere_qty), (10, 7))

    def test_shortage_allocates_by_start_date(self):
        first = self._order(10, days=1)
        second = self._order(10, days=2)
        (first | second).action_confirm()
        # 30 magnets free, 20 + 20 needed: the later order stops
        self.assertEqual(self._shortage(first, self.magnet).shortage_qty, 0)
        late = self._shortage(second, self.magnet)
        self.assertEqual(late.shortage_qty, 10)
        self.assertTrue(late.first_stop)
        self.assertFalse(self._shortage(first, self.magnet).first_stop)
        # shafts too: 10 free, 10 + 10 needed
        self.assertEqual(self._shortage(second, self.shaft).shortage_qty, 10)
        self.assertEqual(second.factory_shortage_count, 2)
        # one query for the whole view, whatever the number of rows
        Shortage = self.env["factory.mrp.shortage"]
        self.env.invalidate_all()
        with self.assertQueryCount(4):  # the view, then display names
            Shortage.search_read(
                [("shortage_qty", ">", 0)], ["product_id", "shortage_qty"]
            )

    def test_release_with_shortage_needs_workshop_supervisor(self):
        production = self._order(20)  # 40 magnets needed, 30 free
        with self.assertRaises(UserError) as err:
            production.with_user(self.mrp_user).action_factory_release()
        self.assertIn("TST-RM-02", str(err.exception))
        self.assertFalse(production.factory_released)
        action = production.with_user(self.workshop).action_factory_release()
        self.assertEqual(action["res_model"], "factory.mrp.release")
        self.assertFalse(production.factory_released)
        wizard = self.env["factory.mrp.release"].browse(action["res_id"])
        self.assertIn("short by 10", wizard.shortage_text)
        # the confirmation itself is guarded, whatever calls it
        with self.assertRaises(AccessError):
            production.with_user(self.mrp_user)._factory_release_with_shortage()
        wizard = wizard.with_user(self.workshop)
        wizard.reason = "Magnets arrive tomorrow morning"
        wizard.action_release()
        self.assertTrue(production.factory_released_with_shortage)
        activities = production.activity_ids.filtered(
            lambda a: a.user_id == self.purchaser
        )
        self.assertEqual(len(activities), 1)
        self.assertIn("TST-RM-02", activities.note)

    def test_done_orders_cannot_be_released(self):
        production = self._order(1)
        production.action_cancel()
        with self.assertRaises(UserError):
            production.action_factory_release()
        self.assertFalse(production.factory_released)
