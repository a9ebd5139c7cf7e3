from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .tour_case import FactoryTourCase

MATERIAL_CODE = "QC-TOUR-001"
LOT_NAME = "QCT-LOT-1"


@tagged("post_install", "-at_install")
class TestQcInspectionTour(FactoryTourCase):
    """A QC inspector records an incoming inspection from a phone (browser
    tour factory_qc_inspection_tour) on a receipt a clerk has validated."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].create(
            {"name": "QC Tour Store", "code": "QCT"}
        )
        category = cls.env["product.category"].create(
            {"name": "QC Tour Inspected Materials", "factory_qc_required": True}
        )
        cls.material = cls.env["product.product"].create(
            {
                "name": "QC Tour Bearing",
                "default_code": MATERIAL_CODE,
                "is_storable": True,
                "tracking": "lot",
                "categ_id": category.id,
            }
        )
        supplier = cls.env["res.partner"].create(
            {"name": "QC Tour Supplier", "is_company": True}
        )
        cls.clerk = new_test_user(
            cls.env,
            login="qc_tour_clerk",
            groups="base.group_user,factory_stock.group_warehouse_clerk",
            factory_warehouse_ids=[Command.set(cls.warehouse.ids)],
            lang="en_US",
        )
        cls.inspector = new_test_user(
            cls.env,
            login="qc_tour_inspector",
            groups="base.group_user,factory_stock.group_qc_inspector",
            lang="en_US",
        )
        # The clerk receives 100 units of one lot; inspection routes them to
        # quarantine and validating submits them for inspection.
        supplier_location = cls.env.ref("stock.stock_location_suppliers")
        stock = cls.warehouse.lot_stock_id
        cls.receipt = (
            cls.env["stock.picking"]
            .with_user(cls.clerk)
            .create(
                {
                    "picking_type_id": cls.warehouse.in_type_id.id,
                    "partner_id": supplier.id,
                    "location_id": supplier_location.id,
                    "location_dest_id": stock.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": cls.material.name,
                                "product_id": cls.material.id,
                                "product_uom": cls.material.uom_id.id,
                                "product_uom_qty": 100.0,
                                "location_id": supplier_location.id,
                                "location_dest_id": stock.id,
                            }
                        )
                    ],
                }
            )
        )
        cls.receipt.action_confirm()
        quarantine = cls.warehouse.factory_quarantine_location_id
        assert cls.receipt.move_ids.location_dest_id == quarantine
        cls.receipt.move_ids.move_line_ids.write(
            {"lot_name": LOT_NAME, "quantity": 100.0, "picked": True}
        )
        cls.receipt.button_validate()
        cls.inspection = cls.receipt.factory_qc_inspection_ids
        assert cls.inspection.state == "todo" and len(cls.inspection) == 1

    def test_inspector_records_inspection_on_phone(self):
        self.start_tour(
            "/odoo/factory-inspections",
            "factory_qc_inspection_tour",
            login=self.inspector.login,
        )
        inspection = self.inspection
        inspection.invalidate_recordset()
        self.assertEqual(inspection.state, "inspected")
        self.assertEqual(inspection.sample_size, 10.0)
        self.assertEqual(inspection.qty_passed, 95.0)
        self.assertEqual(inspection.qty_rejected, 5.0)
        self.assertEqual(inspection.result, "partial")
        self.assertEqual(
            inspection.defect_reason_id,
            self.env.ref("factory_stock.defect_reason_dimension"),
        )
        self.assertEqual(inspection.inspector_id, self.inspector)
        self.assertTrue(inspection.inspected_on)
        self.assertEqual(inspection.lot_id.name, LOT_NAME)
        self.assertEqual(self.receipt.factory_qc_state, "inspected")

    def test_inspector_cannot_confirm(self):
        with self.assertRaises(AccessError):
            self.receipt.with_user(self.inspector).action_factory_qc_confirm()
        self.assertEqual(self.inspection.state, "todo")
