from odoo.tests import tagged

from .statement_common import StatementCase


@tagged("post_install", "-at_install")
class TestReceiptQc(StatementCase):
    """Housings back from the subcontractor go through factory_stock's
    incoming inspection; the statement pays what passed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.inspected = cls.env["product.category"].create(
            {"name": "T Inspected parts", "factory_qc_required": True}
        )
        cls.housing.categ_id = cls.inspected
        cls.quarantine = cls.wh_raw.factory_quarantine_location_id
        cls.reject = cls.wh_raw.factory_reject_location_id

    def _qty(self, location, product=None):
        quants = self.env["stock.quant"].search(
            [
                ("product_id", "=", (product or self.housing).id),
                ("location_id", "=", location.id),
            ]
        )
        return sum(quants.mapped("quantity"))

    def test_receipt_inspected_and_fee_on_passed(self):
        order = self._order(5)
        self._validate(self._resupply(order), 10)
        receipt = order.picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming"
        )
        self.assertEqual(receipt.move_ids.location_dest_id, self.quarantine)
        self._validate(receipt, 5, user=self.clerk)
        # made by the subcontractor and received into quarantine
        self.assertEqual(self._qty(self.quarantine), 5)
        self.assertEqual(self._qty(self.stock), 0)
        self._assert_balance(self.blank, sent=10, consumed=10, held=0)
        inspection = receipt.factory_qc_inspection_ids
        self.assertEqual(len(inspection), 1)
        self.assertEqual(inspection.partner_id, self.subcontractor)
        self.assertEqual(inspection.qty_received, 5)
        # not paid while in quarantine
        statement = self._statement()
        statement.action_load_receipts()
        self.assertFalse(statement.line_ids)
        inspection = inspection.with_user(self.qc)
        reason = self.env["factory.defect.reason"].create({"name": "T scratched"})
        inspection.write(
            {
                "sample_size": 5,
                "qty_passed": 4,
                "qty_rejected": 1,
                "defect_reason_id": reason.id,
            }
        )
        inspection.action_inspect()
        statement.action_load_receipts()
        self.assertFalse(statement.line_ids)  # inspected, not confirmed yet
        receipt.with_user(self.supervisor).action_factory_qc_confirm()
        self.assertEqual(self._qty(self.stock), 4)
        self.assertEqual(self._qty(self.reject), 1)
        self.assertEqual(self._qty(self.quarantine), 0)
        statement.action_load_receipts()
        line = statement.line_ids
        self.assertEqual(
            (line.qty_received, line.qty_rejected, line.quantity), (5, 1, 4)
        )
        self.assertAlmostEqual(line.amount_untaxed, 20.0)
        self.assertAlmostEqual(statement.amount_total, 22.6)
        self.assertEqual(statement.amount_total_cn, "贰拾贰元陆角整")
