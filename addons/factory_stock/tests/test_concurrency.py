"""What the concurrency fixes change, shown in one transaction (and a second
cursor where another transaction matters). The concurrent clients
themselves are run by tests/test_soak.py (bench/soak.py) against a prefork
server."""

import re
from contextlib import closing
from unittest.mock import patch

import psycopg2

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.factory_stock.models import factory_lock

from .common import FactoryStockCase
from .factory_stocktake_common import FactoryStocktakeCase
from .test_factory_scan_common import FactoryScanCase


def _ctid(record):
    """The physical row version: every UPDATE of the row gives a new one."""
    record.env.flush_all()
    record.env.cr.execute(f"SELECT ctid FROM {record._table} WHERE id = %s", record.ids)
    return record.env.cr.fetchone()[0]


@tagged("post_install", "-at_install")
class TestStockLocks(FactoryStockCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock = cls.wh_raw.lot_stock_id
        cls.env["stock.quant"]._update_available_quantity(cls.material, cls.stock, 2)

    def _delivery(self, qty, user=None):
        customers = self.env.ref("stock.stock_location_customers")
        picking = (
            self.env["stock.picking"]
            .with_user(user or self.clerk)
            .create(
                {
                    "picking_type_id": self.wh_raw.out_type_id.id,
                    "location_id": self.stock.id,
                    "location_dest_id": customers.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": self.material.name,
                                "product_id": self.material.id,
                                "product_uom": self.material.uom_id.id,
                                "product_uom_qty": qty,
                                "location_id": self.stock.id,
                                "location_dest_id": customers.id,
                            }
                        )
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.action_assign()
        return picking

    def test_validate_without_reservation_says_stock_is_short(self):
        """Another transfer holds the stock: validating one that reserved
        nothing names the shortage, not only "no quantities are reserved"."""
        first = self._delivery(2)
        self.assertEqual(first.state, "assigned")
        second = self._delivery(1)
        self.assertEqual(second.move_ids.quantity, 0)
        with self.assertRaisesRegex(
            UserError,
            rf"Insufficient stock for {re.escape(second.name)}: .*Copper wire has 0 "
            r".* free in "
            r".* \(2 on hand, 2 reserved for other transfers\), 1 asked",
        ):
            second.button_validate()
        self.assertEqual(second.state, "confirmed")
        # stock is free, only not reserved: Odoo's own message stays
        first.do_unreserve()
        with self.assertRaisesRegex(UserError, "no quantities are reserved"):
            second.button_validate()

    def test_unchanged_quantity_does_not_touch_the_quant(self):
        """Writing a move line's own quantity again leaves its quant's row
        alone (Odoo would unreserve and reserve it again, an update that
        conflicts with every other user of that stock); a new quantity still
        moves the reservation."""
        picking = self._delivery(2)
        line = picking.move_line_ids.with_user(self.clerk)
        quant = self.env["stock.quant"]._gather(self.material, self.stock)
        self.assertEqual(quant.reserved_quantity, 2)
        before = _ctid(quant)
        line.write({"quantity": 2, "picked": True})
        self.assertEqual(_ctid(quant), before)
        self.assertTrue(line.picked)
        line.write({"quantity": 1})
        self.assertNotEqual(_ctid(quant), before)
        quant.invalidate_recordset()
        self.assertEqual(quant.reserved_quantity, 1)


@tagged("post_install", "-at_install")
class TestQuantHeldByAnotherTransaction(FactoryStockCase):
    """A quant that another transaction holds is waited for: Odoo's own
    update (SKIP LOCKED) would put a second quant of the same position
    beside it, with -1 on hand."""

    def test_no_second_quant_beside_a_held_one(self):
        Quant = self.env["stock.quant"]
        quant = Quant.search(
            [("location_id.usage", "=", "internal"), ("quantity", ">", 1)], order="id"
        )[:1]
        if not quant:
            self.skipTest("needs a committed quant (demo data)")
        position = [
            ("product_id", "=", quant.product_id.id),
            ("location_id", "=", quant.location_id.id),
        ]
        count = Quant.search_count(position)
        with closing(self.registry.cursor()) as other:
            other.execute(
                "SELECT id FROM stock_quant WHERE id = %s FOR NO KEY UPDATE", quant.ids
            )
            with (
                patch.object(factory_lock, "LOCK_TIMEOUT", "200ms"),
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.errors.LockNotAvailable),
                self.env.cr.savepoint(),
            ):
                Quant._update_available_quantity(
                    quant.product_id, quant.location_id, -1, lot_id=quant.lot_id
                )
            other.rollback()
        self.assertEqual(Quant.search_count(position), count)

    def test_claimed_row_is_locked_and_rewritten(self):
        """claim_records (the over-issue check's material requests) locks the
        rows against other transactions and writes them: the next claimant
        then fails and is retried on fresh data instead of reading old
        figures."""
        warehouse = self.env.ref("stock.warehouse0")  # committed
        before = _ctid(warehouse)
        factory_lock.claim_records(warehouse)
        self.assertNotEqual(_ctid(warehouse), before)
        with closing(self.registry.cursor()) as other:
            with self.assertRaises(psycopg2.errors.LockNotAvailable):
                other.execute(
                    "SELECT id FROM stock_warehouse WHERE id = %s FOR NO KEY UPDATE "
                    "NOWAIT",
                    warehouse.ids,
                    log_exceptions=False,
                )
            other.rollback()


@tagged("post_install", "-at_install")
class TestScanTakesOnlyFreeStock(FactoryScanCase):
    def test_lot_reserved_elsewhere_is_refused(self):
        """A clerk cannot scan a lot that Odoo reserved for another transfer:
        it is refused, nothing changes, the other transfer keeps it."""
        first = self._delivery(5)  # all of SCAN-L1 (FIFO)
        self.assertEqual(first.move_line_ids.lot_id, self.l1)
        second = self._delivery(1)  # SCAN-L2
        self.assertEqual(second.move_line_ids.lot_id, self.l2)
        before = self._snapshot(second)
        res = self.Scan.scan("pick", "SCAN-L1", second.id, 1, key="free-1")
        self.assertFalse(res["ok"])
        self.assertRegex(
            res["message"],
            r"Insufficient stock: only 0 .* of .*SCAN-L1 are free in .*A-01 "
            r"\(5 reserved for other transfers\)",
        )
        self.assertEqual(self._snapshot(second), before)
        self.assertEqual(first.move_line_ids.quantity, 5)
        # the transfer holding it scans it
        res = self.Scan.scan("pick", "SCAN-L1", first.id, 1, key="free-2")
        self.assertTrue(res["ok"], res["message"])

    def test_whole_proposal_scanned_leaves_the_quant_alone(self):
        """Scanning exactly what Odoo proposed (lot, bin, quantity) picks that
        line: its quant is not updated (no conflict with other clerks)."""
        delivery = self._delivery(1)
        proposal = delivery.move_line_ids
        self.assertEqual(proposal.lot_id, self.l1)
        quant = self.env["stock.quant"]._gather(
            self.glue, proposal.location_id, lot_id=self.l1, strict=True
        )
        before = _ctid(quant)
        res = self.Scan.scan("pick", "SCAN-L1", delivery.id, 1, key="whole")
        self.assertTrue(res["ok"], res["message"])
        self.assertEqual(self._picked(delivery), proposal)
        self.assertEqual(_ctid(quant), before)
        self.assertEqual(quant.reserved_quantity, 1)

    def test_free_part_of_a_lot_can_be_scanned(self):
        """3 of SCAN-L1 held by one transfer: another takes the 2 left (its
        own reservation) and no more."""
        first = self._delivery(3)
        second = self._delivery(3)  # 2 of SCAN-L1, 1 of SCAN-L2
        for key in ("p1", "p2"):
            res = self.Scan.scan("pick", "SCAN-L1", second.id, 1, key=key)
            self.assertTrue(res["ok"], res["message"])
        res = self.Scan.scan("pick", "SCAN-L1", second.id, 1, key="p3")
        self.assertFalse(res["ok"])
        self.assertIn("3 reserved for other transfers", res["message"])
        self.assertEqual(sum(self._picked(second).mapped("quantity")), 2)
        self.assertEqual(first.move_line_ids.quantity, 3)


@tagged("post_install", "-at_install")
class TestSecondApproval(FactoryStocktakeCase):
    """The second of two approvers is told who approved, nothing more
    happens (two approvers at once: tests/test_soak.py)."""

    def test_stocktake_approved_twice(self):
        stocktake = self._started(location_ids=[Command.set(self.bin_b.ids)])
        self._count(stocktake, [(self.other_material, self.bin_b, None, 4)])
        stocktake.with_user(self.clerk).action_submit()
        stocktake.with_user(self.supervisor2).action_approve()
        self.assertEqual(stocktake.state, "done")
        moves = stocktake.move_ids
        with self.assertRaisesRegex(
            UserError,
            rf"{re.escape(stocktake.name)} is already approved \(by "
            rf"{re.escape(self.supervisor2.name)} on ",
        ):
            stocktake.with_user(self.supervisor).action_approve()
        self.assertEqual(stocktake.move_ids, moves)
        self.assertEqual(self._qty(self.other_material, self.bin_b), 4)

    def test_inspection_confirmed_twice(self):
        category = self.env["product.category"].create(
            {"name": "Inspected", "factory_qc_required": True}
        )
        product = self._create_material("TST-LOCK-QC", "Bearing", categ_id=category.id)
        supplier = self.env.ref("stock.stock_location_suppliers")
        picking = (
            self.env["stock.picking"]
            .with_user(self.clerk)
            .create(
                {
                    "picking_type_id": self.wh_raw.in_type_id.id,
                    "location_id": supplier.id,
                    "location_dest_id": self.stock.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": product.name,
                                "product_id": product.id,
                                "product_uom_qty": 3,
                                "product_uom": product.uom_id.id,
                                "location_id": supplier.id,
                                "location_dest_id": self.stock.id,
                            }
                        )
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.move_ids.move_line_ids.write({"quantity": 3, "picked": True})
        picking.button_validate()
        qc = new_test_user(
            self.env,
            login="t_lock_qc",
            groups="base.group_user,factory_stock.group_qc_inspector",
        )
        inspection = picking.factory_qc_inspection_ids.with_user(qc)
        inspection.write({"qty_passed": 3, "qty_rejected": 0})
        inspection.action_inspect()
        picking.with_user(self.supervisor).action_factory_qc_confirm()
        done = self.env["stock.picking"].search([("origin", "=", picking.name)])
        with self.assertRaisesRegex(
            UserError,
            rf"The inspection of {re.escape(picking.name)} is already confirmed "
            rf"\(by {re.escape(self.supervisor.name)} on ",
        ):
            picking.with_user(self.supervisor2).action_factory_qc_confirm()
        self.assertEqual(
            self.env["stock.picking"].search([("origin", "=", picking.name)]), done
        )
        self.assertEqual(self._qty(product, self.stock), 3)
