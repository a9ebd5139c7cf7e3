import io
from datetime import datetime, time

import openpyxl
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .common import FactoryReportsCase

MODEL = "factory.report.movement"


@tagged("post_install", "-at_install")
class TestMovement(FactoryReportsCase):
    """A FIFO material in the raw warehouse, in one month: 10 received at
    5.00 and 10 at 7.00 (from a vendor), 8 issued to production (FIFO 8 x
    5.00 = 40), 1 scrapped (5.00), an inventory count 2 short (1 x 5.00 +
    1 x 7.00 = 12) and 3 moved to the finished-goods warehouse (no layer).
    Hand-computed: in 20 (value 120), out 11 (value -57) + 3 transferred."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fifo = cls.env["product.category"].create(
            {"name": "Movement FIFO", "property_cost_method": "fifo"}
        )
        cls.product = cls._create_material(
            "TST-MV-01", "Movement bearing", cost=5.0, categ_id=cls.fifo.id
        )
        cls.vendor = cls.env["res.partner"].create({"name": "Movement Vendor"})
        cls.month = fields.Date.today().replace(day=1) - relativedelta(months=2)

    def _at(self, day):
        return datetime.combine(self.month.replace(day=day), time(10, 0))

    def setUp(self):
        super().setUp()
        p, stock = self.product, self.stock
        self.receipt = self._move(p, self.loc_supplier, stock, 10, self._at(3), 5.0)
        self.receipt.partner_id = self.vendor
        self._move(p, self.loc_supplier, stock, 10, self._at(4), 7.0)
        self.issue = self._move(p, stock, self.loc_production, 8, self._at(10))
        self.scrap = self._scrap(p, stock, 1, self._at(12))
        self.loss = self._adjust(p, stock, -2, self._at(15))
        self.transfer = self._move(p, stock, self.wh_fg.lot_stock_id, 3, self._at(20))

    def _rows(self, user=None, domain=()):
        return self._report(
            MODEL, [("product_id", "=", self.product.id), *domain], user=user
        )

    def test_kinds_quantities_values(self):
        rows = self._rows()
        got = sorted(
            (
                r.move_id.id,
                r.kind,
                r.warehouse_id.code,
                r.qty_in,
                r.qty_out,
                round(r.value, 2),
            )
            for r in rows
        )
        receipt2 = rows.filtered(lambda r: r.date == self._at(4)).move_id.id
        self.assertEqual(
            got,
            sorted(
                [
                    (self.receipt.id, "receipt", "TRW", 10.0, 0.0, 50.0),
                    (receipt2, "receipt", "TRW", 10.0, 0.0, 70.0),
                    (self.issue.id, "production", "TRW", 0.0, 8.0, -40.0),
                    (self.scrap.id, "scrap", "TRW", 0.0, 1.0, -5.0),
                    (self.loss.id, "inventory_loss", "TRW", 0.0, 2.0, -12.0),
                    # a transfer: out of the one warehouse, into the other
                    (self.transfer.id, "internal", "TRW", 0.0, 3.0, 0.0),
                    (self.transfer.id, "internal", "TFG", 3.0, 0.0, 0.0),
                ]
            ),
        )
        receipt = rows.filtered(lambda r: r.move_id == self.receipt)
        self.assertEqual(receipt.partner_id, self.vendor)
        self.assertEqual(receipt.location_id, self.loc_supplier)
        self.assertEqual(receipt.location_dest_id, self.stock)
        self.assertEqual(receipt.default_code, "TST-MV-01")
        self.assertEqual(receipt.categ_id, self.fifo)
        self.assertEqual(receipt.uom_id, self.product.uom_id)
        self.assertEqual(receipt.reference, self.receipt.reference)
        # the warehouse's totals of the month
        group = self.env[MODEL].read_group(
            [
                ("product_id", "=", self.product.id),
                ("warehouse_id", "=", self.wh.id),
                ("date", ">=", self._at(1)),
            ],
            ["qty_in:sum", "qty_out:sum", "value:sum"],
            ["kind"],
            lazy=False,
        )
        by_kind = {g["kind"]: (g["qty_in"], g["qty_out"], g["value"]) for g in group}
        self.assertEqual(by_kind["receipt"], (20.0, 0.0, 120.0))
        self.assertEqual(by_kind["inventory_loss"], (0.0, 2.0, -12.0))
        # the drill-down opens the move
        action = receipt.action_open_move()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("stock.move", self.receipt.id)
        )

    def test_inventory_gain_and_delivery(self):
        gain = self._adjust(self.product, self.stock, 4, self._at(25))
        delivery = self._move(
            self.product, self.stock, self.loc_customer, 2, self._at(26)
        )
        rows = self._rows(domain=[("move_id", "in", (gain | delivery).ids)])
        self.assertEqual(
            sorted((r.kind, r.qty_in, r.qty_out) for r in rows),
            [("delivery", 0.0, 2.0), ("inventory_gain", 4.0, 0.0)],
        )

    def test_clerk_sees_quantities_of_his_warehouse(self):
        rows = self._rows(user=self.clerk)
        self.assertEqual(rows.warehouse_id, self.wh_raw)
        self.assertEqual(sum(rows.mapped("qty_out")), 14.0)
        self.assertNotIn("value", self.env[MODEL].with_user(self.clerk).fields_get())

    def test_export_by_period(self):
        """The export of the month (period filter on the move's date): the
        clerk's workbook has the quantities and no value column."""
        wizard = (
            self.env["factory.report.export"]
            .with_user(self.clerk)
            .create(
                {
                    "report": MODEL,
                    "date_from": self.month.replace(day=10),
                    "date_to": self.month.replace(day=12),
                    "product_ids": [(6, 0, self.product.ids)],
                }
            )
        )
        data = wizard._xlsx_bytes()
        rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.values)
        header = next(i for i, r in enumerate(rows) if r[0] == "Date")
        head, body, total = rows[header], rows[header + 1 : -1], rows[-1]
        self.assertNotIn("Value", head)
        kinds = [r[head.index("Kind")] for r in body]
        # newest first: the scrap on the 12th, the issue on the 10th
        self.assertEqual(kinds, ["Scrap", "Issue to Production"])
        self.assertEqual(total[head.index("Quantity Out")], 9.0)
        self.assertIsInstance(body[0][0], datetime)
