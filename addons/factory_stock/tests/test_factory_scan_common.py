from datetime import timedelta

from odoo import Command, fields

from .common import FactoryStockCase


class FactoryScanCase(FactoryStockCase):
    """Bins with barcodes, a FIFO lot-tracked material with two lots, a
    receipt and a delivery of the raw warehouse, scanned by its clerk."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now()
        cls.bin_a.barcode = "SCAN-BIN-A"
        cls.bin_b.barcode = "SCAN-BIN-B"
        cls.material.barcode = "6900000000011"
        cls.other_material.barcode = "6900000000028"
        fifo = cls.env["product.category"].create(
            {"name": "Scan FIFO Materials", "factory_issue_policy": "fifo"}
        )
        cls.glue = cls._create_material(
            "SCAN-GLUE",
            "Scan glue",
            tracking="lot",
            categ_id=fifo.id,
            barcode="4006381333931",
        )
        cls.paint = cls._create_material("SCAN-PAINT", "Scan paint", tracking="lot")
        Lot = cls.env["stock.lot"]
        cls.l1, cls.l2 = (
            Lot.create({"name": name, "product_id": cls.glue.id})
            for name in ("SCAN-L1", "SCAN-L2")
        )
        cls.paint_lot = Lot.create({"name": "PAINT-L9", "product_id": cls.paint.id})
        Quant = cls.env["stock.quant"]
        for lot, location, days_ago in (
            (cls.l1, cls.bin_a, 20),
            (cls.l2, cls.bin_b, 5),
        ):
            Quant._update_available_quantity(
                cls.glue,
                location,
                5,
                lot_id=lot,
                in_date=now - timedelta(days=days_ago),
            )
        Quant._update_available_quantity(cls.material, cls.bin_a, 8)
        cls.supplier = cls.env["res.partner"].create({"name": "Scan Supplier"})
        cls.Scan = cls.env["factory.scan"].with_user(cls.clerk)

    @classmethod
    def _transfer(cls, picking_type, lines, user=None):
        src = picking_type.default_location_src_id or cls.env.ref(
            "stock.stock_location_suppliers"
        )
        dest = picking_type.default_location_dest_id or cls.env.ref(
            "stock.stock_location_customers"
        )
        picking = (
            cls.env["stock.picking"]
            .with_user(user or cls.env.user)
            .create(
                {
                    "picking_type_id": picking_type.id,
                    "partner_id": cls.supplier.id,
                    "location_id": src.id,
                    "location_dest_id": dest.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": product.name,
                                "product_id": product.id,
                                "product_uom": product.uom_id.id,
                                "product_uom_qty": qty,
                                "location_id": src.id,
                                "location_dest_id": dest.id,
                            }
                        )
                        for product, qty in lines
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.action_assign()
        return picking.with_env(cls.env)

    def _receipt(self):
        return self._transfer(
            self.wh_raw.in_type_id, [(self.material, 10), (self.glue, 5)]
        )

    def _delivery(self, qty=3):
        return self._transfer(self.wh_raw.out_type_id, [(self.glue, qty)])

    def _picked(self, picking, product=None):
        lines = picking.move_line_ids.filtered("picked")
        if product:
            lines = lines.filtered(lambda ml: ml.product_id == product)
        return lines

    def _snapshot(self, picking):
        """What a refused scan must leave untouched."""
        picking.invalidate_recordset()
        return sorted(
            (
                ml.product_id.id,
                ml.lot_id.id,
                ml.lot_name or "",
                ml.location_id.id,
                ml.location_dest_id.id,
                ml.quantity,
                ml.picked,
            )
            for ml in picking.move_line_ids
        )

    def assertRefused(self, result, *fragments):
        self.assertFalse(result["ok"], result.get("message"))
        self.assertEqual(result["kind"], "error")
        for fragment in fragments:
            self.assertIn(fragment, result["message"])
