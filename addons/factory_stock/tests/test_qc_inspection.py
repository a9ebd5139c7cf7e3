from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import FactoryStockCase


@tagged("post_install", "-at_install")
class TestIncomingInspection(FactoryStockCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.qc_category = cls.env["product.category"].create(
            {"name": "Inspected materials", "factory_qc_required": True}
        )
        cls.magnet = cls._create_material(
            "TST-QC-01", "Ferrite magnet", categ_id=cls.qc_category.id, tracking="lot"
        )
        cls.supplier = cls.env["res.partner"].create({"name": "Magnet Supplier"})
        cls.reason = cls.env.ref("factory_stock.defect_reason_dimension")
        cls.wh = cls.wh_raw
        cls.quarantine = cls.wh.factory_quarantine_location_id
        cls.reject = cls.wh.factory_reject_location_id
        cls.supervisor2 = new_test_user(
            cls.env,
            login="t_super2",
            groups="base.group_user,factory_stock.group_warehouse_supervisor",
            factory_warehouse_ids=[Command.set(cls.wh.ids)],
        )
        cls.clerk_qc = new_test_user(
            cls.env,
            login="t_clerk_qc",
            groups="base.group_user,factory_stock.group_warehouse_clerk,"
            "factory_stock.group_qc_inspector",
            factory_warehouse_ids=[Command.set(cls.wh.ids)],
        )

    def _receive(self, qty=100, lot="L-QC-1", user=None, partner=None, product=None):
        """A receipt validated by ``user`` (the clerk): the submit step."""
        product = product or self.magnet
        supplier = self.env.ref("stock.stock_location_suppliers")
        picking = (
            self.env["stock.picking"]
            .with_user(user or self.clerk)
            .create(
                {
                    "picking_type_id": self.wh.in_type_id.id,
                    "partner_id": (partner or self.supplier).id,
                    "location_id": supplier.id,
                    "location_dest_id": self.wh.lot_stock_id.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": product.name,
                                "product_id": product.id,
                                "product_uom_qty": qty,
                                "product_uom": product.uom_id.id,
                                "location_id": supplier.id,
                                "location_dest_id": self.wh.lot_stock_id.id,
                            }
                        )
                    ],
                }
            )
        )
        picking.action_confirm()
        line = picking.move_ids.move_line_ids
        line.write(
            {
                "lot_name": lot if product.tracking != "none" else False,
                "quantity": qty,
                "picked": True,
            }
        )
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return picking

    def _qty(self, location, product=None):
        return sum(
            self.env["stock.quant"]
            .search(
                [
                    ("product_id", "=", (product or self.magnet).id),
                    ("location_id", "=", location.id),
                ]
            )
            .mapped("quantity")
        )

    def _record(self, inspection, user=None, **vals):
        inspection = inspection.with_user(user or self.qc)
        inspection.write(vals)
        inspection.action_inspect()

    def test_full_flow_with_partial_rejection(self):
        picking = self._receive()
        self.assertIn("inspection required for 1 of 1", picking.factory_qc_rule)
        # submitted: everything in quarantine, nothing available
        self.assertEqual(picking.move_ids.location_dest_id, self.quarantine)
        self.assertEqual(self._qty(self.quarantine), 100)
        self.assertEqual(self._qty(self.wh.lot_stock_id), 0)
        inspection = picking.factory_qc_inspection_ids
        self.assertEqual(len(inspection), 1)
        self.assertEqual(
            (inspection.state, inspection.qty_received, inspection.lot_id.name),
            ("todo", 100, "L-QC-1"),
        )
        self.assertEqual(inspection.received_by_id, self.clerk)
        self.assertEqual(picking.factory_qc_state, "to_inspect")
        board = self._board(self.magnet, self.wh)
        self.assertEqual(
            (board.qty_on_hand, board.qty_quarantine, board.qty_available),
            (100, 100, 0),
        )
        # the QC inspector records 90 passed, 10 rejected
        self._record(
            inspection,
            sample_size=20,
            qty_passed=90,
            qty_rejected=10,
            defect_reason_id=self.reason.id,
        )
        self.assertEqual(
            (inspection.state, inspection.result), ("inspected", "partial")
        )
        self.assertEqual(inspection.inspector_id, self.qc)
        self.assertEqual(picking.factory_qc_state, "inspected")
        self.assertEqual(self._qty(self.quarantine), 100)  # still not usable
        # the supervisor confirms: passed to stock, rejected to the reject area
        picking.with_user(self.supervisor).action_factory_qc_confirm()
        self.assertEqual(inspection.state, "confirmed")
        self.assertEqual(inspection.confirmed_by_id, self.supervisor)
        self.assertEqual(picking.factory_qc_state, "confirmed")
        self.assertEqual(self._qty(self.quarantine), 0)
        self.assertEqual(self._qty(self.wh.lot_stock_id), 90)
        self.assertEqual(self._qty(self.reject), 10)
        board = self._board(self.magnet, self.wh)
        self.assertEqual((board.qty_available, board.qty_rejected), (90, 10))
        self.assertTrue(
            picking.message_ids.filtered(
                lambda m: "Inspection confirmed" in (m.body or "")
            )
        )
        # the rejected quantity goes back to the supplier in one action, by
        # the warehouse (or the purchaser), not by QC or accounting
        for user in (self.qc, self.accountant):
            with self.assertRaises(AccessError):
                picking.with_user(user).action_factory_qc_return()
        self.assertFalse(picking.factory_qc_return_id)
        action = picking.with_user(self.clerk).action_factory_qc_return()
        ret = self.env["stock.picking"].browse(action["res_id"])
        self.assertEqual(picking.factory_qc_return_id, ret)
        self.assertEqual(ret.location_id, self.reject)
        self.assertEqual(ret.partner_id, self.supplier)
        self.assertEqual(ret.move_ids.product_uom_qty, 10)
        self.assertEqual(ret.move_ids.move_line_ids.lot_id.name, "L-QC-1")
        self.assertEqual(ret.move_ids.origin_returned_move_id, picking.move_ids)
        ret.with_user(self.clerk).button_validate()
        self.assertEqual(ret.state, "done")
        self.assertEqual(self._qty(self.reject), 0)
        with self.assertRaises(UserError):
            picking.action_factory_qc_return()

    def test_segregation_of_duties(self):
        picking = self._receive(user=self.clerk_qc)
        inspection = picking.factory_qc_inspection_ids
        vals = {"qty_passed": 100, "qty_rejected": 0}
        # the receiving user cannot inspect his own receipt
        with self.assertRaises(UserError):
            self._record(inspection, user=self.clerk_qc, **vals)
        self.assertEqual(inspection.state, "todo")
        # a clerk without the QC role cannot inspect at all
        picking2 = self._receive(lot="L-QC-2")
        with self.assertRaises(AccessError):
            self._record(picking2.factory_qc_inspection_ids, user=self.clerk, **vals)
        self.assertEqual(picking2.factory_qc_inspection_ids.state, "todo")
        self._record(inspection, **vals)
        # an inspector without the supervisor role cannot confirm
        with self.assertRaises(AccessError):
            picking.with_user(self.qc).action_factory_qc_confirm()
        # nor can a supervisor who received the goods
        picking3 = self._receive(lot="L-QC-3", user=self.supervisor2)
        self._record(picking3.factory_qc_inspection_ids, **vals)
        with self.assertRaises(UserError):
            picking3.with_user(self.supervisor2).action_factory_qc_confirm()
        self.assertEqual(picking3.factory_qc_inspection_ids.state, "inspected")
        self.assertEqual(self._qty(self.wh.lot_stock_id), 0)
        self.assertEqual(self._qty(self.quarantine), 300)
        # switched off in the settings, the same person may do both
        self.company.factory_qc_segregation = False
        picking3.with_user(self.supervisor2).action_factory_qc_confirm()
        self.assertEqual(self._qty(self.wh.lot_stock_id), 100)

    def test_confirm_needs_every_line_inspected(self):
        picking = self._receive()
        with self.assertRaises(UserError):
            picking.with_user(self.supervisor).action_factory_qc_confirm()
        self.assertEqual(picking.factory_qc_inspection_ids.state, "todo")
        self.assertEqual(self._qty(self.quarantine), 100)

    def test_bad_input_changes_nothing(self):
        picking = self._receive()
        inspection = picking.factory_qc_inspection_ids.with_user(self.qc)
        bad_writes = (
            {"qty_passed": -5},
            {"qty_rejected": -1},
            {"sample_size": 101},
            {"qty_passed": "abc"},
            {"sample_size": "ten"},
            {"defect_reason_id": 999999},
        )
        for vals in bad_writes:
            with self.assertRaises(ValidationError, msg=vals):
                inspection.write(vals)
        self.assertEqual((inspection.qty_passed, inspection.qty_rejected), (0, 0))
        inactive = self.reason.copy({"active": False, "code": "OLD"})
        with self.assertRaises(ValidationError):
            inspection.write({"defect_reason_id": inactive.id})
        # passed + rejected must equal what was received
        inspection.write(
            {"qty_passed": 60, "qty_rejected": 30, "defect_reason_id": self.reason.id}
        )
        with self.assertRaises(UserError):
            inspection.action_inspect()
        # a rejection needs its reason
        inspection.write({"qty_passed": 70, "defect_reason_id": False})
        with self.assertRaises(UserError):
            inspection.action_inspect()
        self.assertEqual(inspection.state, "todo")
        self.assertFalse(inspection.inspector_id)

    def test_waived_supplier_and_category_without_inspection(self):
        trusted = self.env["res.partner"].create(
            {"name": "Trusted Supplier", "factory_qc_waived": True}
        )
        picking = self._receive(partner=trusted)
        self.assertIn("Trusted supplier", picking.factory_qc_rule)
        self.assertFalse(picking.factory_qc_inspection_ids)
        self.assertEqual(self._qty(self.wh.lot_stock_id), 100)
        plain = self._receive(product=self.material, lot=False)
        self.assertEqual(plain.factory_qc_rule, "No incoming inspection required.")
        self.assertFalse(plain.factory_qc_state)

    def test_quarantined_goods_cannot_leave_otherwise(self):
        self._receive()
        customer = self.env.ref("stock.stock_location_customers")
        for dest, user in (
            (customer, self.supervisor),
            (self.wh.lot_stock_id, self.clerk),
        ):
            picking = self.env["stock.picking"].create(
                {
                    "picking_type_id": self.wh.int_type_id.id,
                    "location_id": self.quarantine.id,
                    "location_dest_id": dest.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": "sneak",
                                "product_id": self.magnet.id,
                                "product_uom_qty": 10,
                                "product_uom": self.magnet.uom_id.id,
                                "location_id": self.quarantine.id,
                                "location_dest_id": dest.id,
                            }
                        )
                    ],
                }
            )
            picking.action_confirm()
            picking.action_assign()
            picking.move_ids.picked = True
            with self.assertRaises(UserError):
                picking.with_user(user).button_validate()
            self.assertNotEqual(picking.state, "done")
        self.assertEqual(self._qty(self.quarantine), 100)

    def test_inspection_access(self):
        picking = self._receive()
        inspection = picking.factory_qc_inspection_ids
        with self.assertRaises(AccessError):
            inspection.with_user(self.clerk).write({"qty_passed": 100})
        with self.assertRaises(AccessError):
            self.env["factory.qc.inspection"].with_user(self.qc).create(
                {
                    "picking_id": picking.id,
                    "warehouse_id": self.wh.id,
                    "product_id": self.magnet.id,
                    "product_uom_id": self.magnet.uom_id.id,
                }
            )
        # the clerk of another warehouse does not see it
        other_clerk = new_test_user(
            self.env,
            login="t_clerk_fg",
            groups="base.group_user,factory_stock.group_warehouse_clerk",
            factory_warehouse_ids=[Command.set(self.wh_fg.ids)],
        )
        self.assertFalse(
            self.env["factory.qc.inspection"].with_user(other_clerk).search([])
        )
        self.assertEqual(
            self.env["factory.qc.inspection"].with_user(self.clerk).search([]),
            inspection,
        )

    def test_protected_fields_refused_for_every_role(self):
        """States, who/when and the received quantity are written by the
        inspection's own actions only: a forged write or create is refused
        for every role (context keys included), and nothing changes."""
        inspection = self._receive().factory_qc_inspection_ids
        forged = [
            {"state": "confirmed"},
            {"qty_received": 1000},
            {"inspector_id": self.qc.id},
            {"confirmed_by_id": self.supervisor.id, "confirmed_on": "2026-01-01"},
            {"product_id": self.material.id},
        ]
        admin = self.env.ref("base.user_admin")
        for user in (self.qc, self.supervisor, self.manager, admin):
            for vals in forged:
                with self.subTest(user=user.login, vals=vals):
                    record = inspection.with_user(user).with_context(
                        install_mode=True, factory_private_write=True
                    )
                    with self.assertRaises(UserError):
                        record.write(vals)
                    self.assertEqual(inspection.state, "todo")
                    self.assertEqual(inspection.qty_received, 100)
                    self.assertFalse(inspection.inspector_id)
        with self.assertRaises(UserError):
            self.env["factory.qc.inspection"].with_user(admin).create(
                {
                    "picking_id": inspection.picking_id.id,
                    "warehouse_id": self.wh.id,
                    "product_id": self.magnet.id,
                    "product_uom_id": self.magnet.uom_id.id,
                    "state": "confirmed",
                }
            )
        # the legitimate path still sets them
        self._record(inspection, qty_passed=100, qty_rejected=0)
        self.assertEqual(
            (inspection.state, inspection.inspector_id), ("inspected", self.qc)
        )
        # a duplicate starts over
        copy = inspection.sudo().copy()
        self.assertEqual((copy.state, copy.inspector_id.id), ("todo", False))
