from odoo import Command
from odoo.tests import Form, tagged

from .common import FactoryReportsCase

MODEL = "factory.report.supplier"


@tagged("post_install", "-at_install")
class TestSupplierScorecard(FactoryReportsCase):
    """Line 1: 100 promised 20 days ago, 60 received 22 days ago and the
    backorder of 40 fifteen days ago (5 days late). Line 2: 50 promised and
    received 10 days ago. An inspected lot of 80 with 20 rejected and one
    of 40 all passed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create({"name": "Test Bearing Vendor"})
        cls.part_a = cls._create_material("TST-SP-01", "Bearing 608")
        cls.part_b = cls._create_material("TST-SP-02", "Bearing 6201")
        cls.qc_category = cls.env["product.category"].create(
            {"name": "Inspected parts", "factory_qc_required": True}
        )
        cls.inspected = cls._create_material(
            "TST-SP-03", "Magnet ring", categ_id=cls.qc_category.id
        )

    def _order(self, lines):
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "picking_type_id": self.wh.in_type_id.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_qty": qty,
                            "price_unit": price,
                            "date_planned": planned,
                            "taxes_id": [Command.clear()],
                        }
                    )
                    for product, qty, price, planned in lines
                ],
            }
        )
        order.button_confirm()
        return order

    def _receive(self, picking, quantities, date, backorder=True):
        """Validate ``picking`` with ``{product: qty}`` received, dated ``date``."""
        for move in picking.move_ids:
            move.quantity = quantities.get(move.product_id, 0.0)
            move.picked = True
        res = picking.button_validate()
        if isinstance(res, dict) and res.get("res_model"):
            wizard = Form.from_action(self.env, res).save()
            if backorder:
                wizard.process()
            else:
                wizard.process_cancel_backorder()
        self.assertEqual(picking.state, "done")
        self._backdate(picking.move_ids.filtered(lambda m: m.state == "done"), date)
        return picking

    def setUp(self):
        super().setUp()
        self.order = self._order(
            [
                (self.part_a, 100, 3.0, self._days_ago(20)),
                (self.part_b, 50, 4.0, self._days_ago(10)),
            ]
        )
        receipt = self.order.picking_ids
        self._receive(receipt, {self.part_a: 60, self.part_b: 50}, self._days_ago(22))
        # part B arrived with the first delivery but on its own promised day
        self._backdate(
            receipt.move_ids.filtered(lambda m: m.product_id == self.part_b),
            self._days_ago(10),
        )
        backorder = self.order.picking_ids - receipt
        self._receive(backorder, {self.part_a: 40}, self._days_ago(15))

    def _inspect(self, qty, rejected):
        order = self._order([(self.inspected, qty, 2.0, self._days_ago(1))])
        picking = order.picking_ids
        self._receive(
            picking.with_user(self.clerk), {self.inspected: qty}, self._days_ago(1)
        )
        inspection = picking.factory_qc_inspection_ids
        inspection.with_user(self.qc).write(
            {
                "qty_passed": qty - rejected,
                "qty_rejected": rejected,
                "defect_reason_id": rejected
                and self.env.ref("factory_stock.defect_reason_dimension").id,
            }
        )
        inspection.with_user(self.qc).action_inspect()
        picking.with_user(self.supervisor).action_factory_qc_confirm()
        return inspection

    def _scorecard(self, user=None):
        Report = self.env[MODEL].with_user(user or self.accountant)
        self.env.flush_all()
        return Report.read_group(
            [("partner_id", "=", self.vendor.id)],
            [
                "amount:sum",
                "line_count:sum",
                "on_time_line_rate:avg",
                "on_time_qty_rate:avg",
                "avg_delay:avg",
                "batch_pass_rate:avg",
                "qty_pass_rate:avg",
            ],
            ["partner_id"],
        )[0]

    def test_on_time_with_partial_delivery(self):
        card = self._scorecard()
        self.assertAlmostEqual(card["amount"], 100 * 3.0 + 50 * 4.0)
        self.assertEqual(card["line_count"], 2)
        # line 1 is late (40 of 100 after the promised day), line 2 on time
        self.assertAlmostEqual(card["on_time_line_rate"], 50.0)
        # its on-time part counts: (60 + 50) / (100 + 50)
        self.assertAlmostEqual(card["on_time_qty_rate"], 110 / 150 * 100, places=4)
        # 40 received 5 days late over 150 received
        self.assertAlmostEqual(card["avg_delay"], 40 * 5 / 150, places=4)
        line_a = self._report(
            MODEL,
            [("order_id", "=", self.order.id), ("product_id", "=", self.part_a.id)],
        )
        self.assertEqual(
            (line_a.qty_received, line_a.qty_on_time, line_a.on_time_lines),
            (100, 60, 0),
        )
        self.assertAlmostEqual(line_a.on_time_qty_rate, 60.0)

    def test_line_not_due_yet(self):
        order = self._order([(self.part_a, 10, 3.0, self._days_ago(-30))])
        self._receive(order.picking_ids, {self.part_a: 4}, self._days_ago(0))
        row = self._report(MODEL, [("order_id", "=", order.id)])
        # not due: only what came counts, and it came early
        self.assertEqual((row.lines_due, row.qty_due, row.qty_on_time), (0, 4, 4))

    def test_pass_rate_with_partly_rejected_lot(self):
        self._inspect(80, 20)
        self._inspect(40, 0)
        card = self._scorecard()
        self.assertAlmostEqual(card["batch_pass_rate"], 50.0)
        self.assertAlmostEqual(card["qty_pass_rate"], 100 / 120 * 100, places=4)
        rows = self._report(
            MODEL, [("partner_id", "=", self.vendor.id), ("kind", "=", "inspection")]
        )
        self.assertEqual(sorted(rows.mapped("qty_inspected")), [40, 80])
        action = rows[0].action_open_document()
        self.assertEqual(action["res_model"], "factory.qc.inspection")
