"""Issue #8 acceptance: one manufacturing order from release to done through
every factory_mrp layer, checked against Odoo's own figures."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import float_compare

from .report_common import ProductionReportCase


@tagged("post_install", "-at_install")
class TestAcceptance(ProductionReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.wh_raw.manufacture_steps = "pbm"
        # FIFO costing: Odoo values the finished motor from what it consumed
        fifo = cls.env["product.category"].create(
            {"name": "Test FIFO", "property_cost_method": "fifo"}
        )
        cls.bearing = cls._create_material(
            "TST-RM-03", "Bearing", tracking="lot", cost=3.0
        )
        (cls.motor | cls.shaft | cls.magnet | cls.bearing).categ_id = fifo
        cls.motor.standard_price = 50.0
        cls.shaft.standard_price = 5.0
        cls.magnet.standard_price = 2.0
        cls.bom.bom_line_ids = [
            Command.create({"product_id": cls.bearing.id, "product_qty": 1})
        ]
        # stock comes in through Odoo's inventory adjustment (valued)
        stock = cls.wh_raw.lot_stock_id
        Lot = cls.env["stock.lot"]
        cls.lot_b1 = Lot.create({"name": "ACC-B1", "product_id": cls.bearing.id})
        cls.lot_b2 = Lot.create({"name": "ACC-B2", "product_id": cls.bearing.id})
        cls.env["stock.quant"].search(
            [("product_id", "in", (cls.shaft | cls.magnet).ids)]
        ).sudo().unlink()
        cls._inventory(cls.shaft, stock, 8)  # 2 short for an order of 10
        cls._inventory(cls.magnet, stock, 30)
        cls._inventory(cls.bearing, stock, 5, cls.lot_b1)
        cls._inventory(cls.bearing, stock, 10, cls.lot_b2)

    def _all_lots(self, product, location):
        return sum(
            self.env["stock.quant"]
            .search(
                [("product_id", "=", product.id), ("location_id", "=", location.id)]
            )
            .mapped("quantity")
        )

    def _value(self, moves):
        return sum(moves.sudo().stock_valuation_layer_ids.mapped("value"))

    def test_order_from_release_to_cost(self):
        stock = self.wh_raw.lot_stock_id
        pbm = self.wh_raw.pbm_loc_id
        reject = self.wh_raw.factory_reject_location_id
        production = self._order(10)

        # -- release with a shortage: refused to a clerk and an mrp user,
        # confirmed by a workshop supervisor, purchasing gets a to-do
        with self.assertRaisesRegex(UserError, "only a workshop supervisor"):
            production.with_user(self.clerk).action_factory_release()
        with self.assertRaisesRegex(UserError, "TST-RM-01"):
            production.with_user(self.mrp_user).action_factory_release()
        self.assertFalse(production.factory_released)
        action = production.with_user(self.approver).action_factory_release()
        wizard = self.env["factory.mrp.release"].browse(action["res_id"])
        self.assertIn("TST-RM-01", wizard.shortage_text)
        wizard = wizard.with_user(self.approver)
        wizard.reason = "Shafts arrive today"
        wizard.action_release()
        self.assertTrue(production.factory_released_with_shortage)
        self.assertTrue(
            production.activity_ids.filtered(lambda a: a.user_id == self.purchaser)
        )
        # the missing shafts arrive
        self._inventory(self.shaft, stock, 10)
        production.action_assign()

        # -- material request: the requester cannot approve it himself
        action = production.with_user(self.requester).action_factory_material_request()
        request = self.Request.browse(action["res_id"])
        request.with_user(self.requester).action_submit()
        with self.assertRaises(UserError):
            request.with_user(self.requester).action_approve()
        with self.assertRaises(AccessError):
            request.with_user(self.worker).action_approve()
        request.with_user(self.approver).action_approve()
        pick = request.picking_ids
        self.assertEqual(pick.state, "assigned")

        # -- scan issue: a wrong item and an over-issue are refused, nothing
        # moves; a workshop supervisor allows the over-issue with a reason
        Scan = self.env["factory.scan"].with_user(self.clerk)
        before = {(ml.product_id, ml.lot_id, ml.quantity) for ml in pick.move_line_ids}
        self._set_stock(self.other_material, stock, 5)
        res = Scan.scan("issue", "TST-0002", pick.id, 1)
        self.assertFalse(res["ok"])
        self.assertIn(request.name, res["message"])
        res = Scan.scan("issue", "TST-RM-02", pick.id, 21)
        self.assertFalse(res["ok"])
        self.assertIn("20", res["message"])
        after = {(ml.product_id, ml.lot_id, ml.quantity) for ml in pick.move_line_ids}
        self.assertEqual(after, before)
        self.assertFalse(pick.move_line_ids.filtered("picked"))
        request.over_issue_reason = "spare magnets and a bearing for the line"
        request.with_user(self.approver).action_approve_over_issue()
        for code, qty in (
            ("TST-RM-01", 10),
            ("TST-RM-02", 22),
            ("ACC-B1", 5),
            ("ACC-B2", 6),
        ):
            res = Scan.scan("issue", code, pick.id, qty)
            self.assertTrue(res["ok"], res["message"])
        res = Scan.validate("issue", pick.id)
        self.assertEqual(pick.state, "done")
        self.assertEqual(request.state, "issued")
        self.assertEqual(self._on_hand(self.magnet, pbm), 22)
        self.assertEqual(self._all_lots(self.bearing, pbm), 11)

        # -- returns: 2 surplus magnets to stock, 1 defective bearing rejected
        self._return(request, "surplus", self.magnet, 2)
        self._return(request, "defective", self.bearing, 1, self.lot_b1)
        self.assertEqual(self._on_hand(self.magnet, stock), 10)
        self.assertEqual(self._on_hand(self.bearing, reject, self.lot_b1), 1)
        self.assertEqual(self._all_lots(self.bearing, pbm), 10)

        # -- reporting on both operations, then the order closes
        winding, assembly = self._ops(production)
        self._report(winding, good=6, duration=30)
        self._report(
            winding,
            good=4,
            duration=20,
            user=self.approver,
            employee_id=self.other_employee.id,
        )
        self._report(assembly, good=9, scrap=1, duration=40)
        production.with_user(self.approver).action_factory_close_from_reports()
        self.assertEqual(production.state, "done")

        # -- quants and consumed moves are Odoo's own
        self.assertEqual(self._on_hand(self.motor, stock), 9)
        for product in (self.shaft, self.magnet, self.bearing):
            self.assertEqual(self._all_lots(product, pbm), 0, product.name)
        self.assertEqual(self._on_hand(self.bearing, stock, self.lot_b2), 4)
        self.assertEqual(self._on_hand(self.bearing, stock, self.lot_b1), 0)
        consumed = production.move_raw_ids.filtered(lambda m: m.state == "done")
        self.assertEqual(
            {(m.product_id, m.quantity) for m in consumed},
            {(self.shaft, 10), (self.magnet, 20), (self.bearing, 10)},
        )
        self.assertEqual(
            {
                (line.lot_id, line.quantity)
                for line in consumed.move_line_ids
                if line.product_id == self.bearing
            },
            {(self.lot_b1, 4), (self.lot_b2, 6)},
        )

        # -- valuation: Odoo's FIFO layers; labour at each worker's rate
        material = -self._value(consumed)
        self.assertAlmostEqual(material, 10 * 5 + 20 * 2 + 10 * 3)
        labour = 30 / 60 * 32 + 20 / 60 * 28 + 40 / 60 * 32
        finished = production.move_finished_ids.filtered(
            lambda m: m.product_id == self.motor
        )
        self.assertEqual(
            float_compare(
                self._value(finished),
                material + labour,
                precision_rounding=self.company.currency_id.rounding,
            ),
            0,
        )
        # the stored cost breakdown adds up to that valuation; cost roles only
        rounding = self.company.currency_id.rounding
        parts = (
            production.factory_cost_material,
            production.factory_cost_labour,
            production.factory_cost_overhead,
            production.factory_cost_outsourcing,
        )
        self.assertAlmostEqual(parts[0], material)
        self.assertAlmostEqual(parts[1], labour, places=2)
        self.assertEqual(
            float_compare(
                sum(parts), self._value(finished), precision_rounding=rounding
            ),
            0,
        )
        self.assertAlmostEqual(production.factory_unit_cost, sum(parts) / 9, places=2)
        with self.assertRaises(AccessError):
            production.with_user(self.worker).read(["factory_cost_total"])

    def _return(self, request, reason, product, qty, lot=None):
        action = request.with_user(self.requester).action_return()
        wizard = self.env["factory.material.return"].browse(action["res_id"])
        wizard.reason = reason
        line = wizard.line_ids.filtered(
            lambda l: l.product_id == product and (not lot or l.lot_id == lot)
        )[:1]
        (wizard.line_ids - line).unlink()
        line.write({"product_qty": qty, "lot_id": lot.id if lot else False})
        wizard.with_user(self.requester).action_confirm()
