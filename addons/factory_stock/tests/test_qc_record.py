from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import FactoryStockCase
from .test_qc_inspection import TestIncomingInspection


@tagged("post_install", "-at_install")
class TestQcRecordEntry(FactoryStockCase):
    """The inspection's 录入结果 button opens the entry of sample, passed,
    rejected and reason instead of failing on the empty quantities."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        category = cls.env["product.category"].create(
            {"name": "Inspected materials", "factory_qc_required": True}
        )
        cls.magnet = cls._create_material(
            "TST-QCR-01", "Ferrite magnet", categ_id=category.id, tracking="lot"
        )
        cls.supplier = cls.env["res.partner"].create({"name": "Magnet Supplier"})
        cls.reason = cls.env.ref("factory_stock.defect_reason_dimension")
        cls.wh = cls.wh_raw

    _receive = TestIncomingInspection._receive
    _record = TestIncomingInspection._record

    def _open_entry(self, inspection, user=None):
        action = inspection.with_user(user or self.qc).action_record_result()
        self.assertEqual(action["res_model"], "factory.qc.inspection.record")
        self.assertEqual(action["target"], "new")
        return (
            self.env[action["res_model"]]
            .with_user(user or self.qc)
            .browse(action["res_id"])
        )

    def test_button_opens_entry_on_pending_inspection(self):
        inspection = self._receive().factory_qc_inspection_ids
        self.assertEqual(inspection.state, "todo")
        entry = self._open_entry(inspection)
        # nothing entered yet: everything received counts as passed so far
        self.assertEqual(entry.inspection_id, inspection)
        self.assertEqual(entry.qty_received, 100)
        self.assertEqual(entry.qty_passed, 100)
        self.assertEqual(entry.qty_rejected, 0)
        self.assertEqual(inspection.state, "todo")

    def test_entry_records_result(self):
        inspection = self._receive().factory_qc_inspection_ids
        entry = self._open_entry(inspection)
        with Form(entry) as form:
            form.sample_size = 10
            form.qty_rejected = 4  # onchange: the rest passed
            self.assertEqual(form.qty_passed, 96)
            form.defect_reason_id = self.reason
            form.notes = "Burr on 4 pieces"
        entry.action_confirm()
        self.assertEqual(inspection.state, "inspected")
        self.assertEqual(
            (inspection.sample_size, inspection.qty_passed, inspection.qty_rejected),
            (10, 96, 4),
        )
        self.assertEqual(inspection.defect_reason_id, self.reason)
        self.assertEqual(inspection.notes, "Burr on 4 pieces")
        self.assertEqual(inspection.inspector_id, self.qc)
        self.assertEqual(inspection.result, "partial")

    def test_wrong_entry_is_refused_and_changes_nothing(self):
        inspection = self._receive().factory_qc_inspection_ids
        entry = self._open_entry(inspection)
        entry.write({"qty_passed": 90, "qty_rejected": 5, "sample_size": 10})
        with self.assertRaises(UserError), self.env.cr.savepoint():
            entry.action_confirm()  # 90 + 5 is not 100
        entry.write({"qty_passed": 95, "qty_rejected": 5})
        with self.assertRaises(UserError), self.env.cr.savepoint():
            entry.action_confirm()  # rejected without a reason
        with self.assertRaises(ValidationError):
            entry.write({"qty_rejected": "a lot"})
        inspection.invalidate_recordset()
        self.assertEqual(inspection.state, "todo")
        self.assertEqual(inspection.qty_passed, 0)

    def test_only_inspectors_enter_results(self):
        inspection = self._receive().factory_qc_inspection_ids
        with self.assertRaises(AccessError):
            inspection.with_user(self.clerk).action_record_result()
        entry = self._open_entry(inspection)
        entry.write({"qty_passed": 100})
        with self.assertRaises(AccessError):
            entry.with_user(self.clerk).action_confirm()
        self.assertEqual(inspection.state, "todo")

    def test_inspected_inspection_has_no_entry(self):
        inspection = self._receive().factory_qc_inspection_ids
        self._record(inspection, sample_size=5, qty_passed=100)
        with self.assertRaises(UserError):
            inspection.with_user(self.qc).action_record_result()
