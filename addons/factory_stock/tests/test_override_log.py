from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import FactoryStockCase


@tagged("post_install", "-at_install")
class TestOverrideLog(FactoryStockCase):
    """Every accepted override leaves one row per material in the override
    log, which nobody can change or delete."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now()
        categ = cls.env["product.category"].create(
            {"name": "Test FIFO Log", "factory_issue_policy": "fifo"}
        )
        cls.glue = cls._create_material(
            "TST-OVR-1", "Varnish", tracking="lot", categ_id=categ.id
        )
        cls.old_lot, cls.new_lot = (
            cls.env["stock.lot"].create({"name": name, "product_id": cls.glue.id})
            for name in ("OVR-OLD", "OVR-NEW")
        )
        for lot, location, days_ago in (
            (cls.old_lot, cls.bin_a, 20),
            (cls.new_lot, cls.bin_b, 5),
        ):
            cls.env["stock.quant"]._update_available_quantity(
                cls.glue,
                location,
                5,
                lot_id=lot,
                in_date=now - timedelta(days=days_ago),
            )
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls.admin = new_test_user(
            cls.env,
            login="t_ovr_admin",
            groups="base.group_user,base.group_system,factory_stock.group_factory_admin",
        )

    def _issue_new_lot(self, qty, reason):
        stock = self.wh_raw.lot_stock_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.wh_raw.out_type_id.id,
                "location_id": stock.id,
                "location_dest_id": self.customers.id,
                "factory_fifo_override_reason": reason,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.glue.name,
                            "product_id": self.glue.id,
                            "product_uom_qty": qty,
                            "product_uom": self.glue.uom_id.id,
                            "location_id": stock.id,
                            "location_dest_id": self.customers.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_line_ids.write(
            {"lot_id": self.new_lot.id, "location_id": self.bin_b.id}
        )
        picking.move_ids.picked = True
        return picking

    def _logs(self, **domain):
        return self.env["factory.override.log"].search(
            [(key, "=", value) for key, value in domain.items()]
        )

    def test_fifo_override_logged(self):
        reason = "OVR-OLD is kept for the customer's sample order"
        picking = self._issue_new_lot(2, reason)
        picking.with_user(self.manager).button_validate()
        self.assertEqual(picking.state, "done")
        log = self._logs(res_model="stock.picking", res_id=picking.id)
        self.assertEqual(len(log), 1)
        self.assertEqual(
            (
                log.kind,
                log.user_id,
                log.document,
                log.product_id,
                log.lot_id,
                log.quantity,
                log.uom_id,
                log.warehouse_id,
                log.reason,
                log.company_id,
            ),
            (
                "fifo",
                self.manager,
                picking.name,
                self.glue,
                self.new_lot,
                2.0,
                self.glue.uom_id,
                self.wh_raw,
                reason,
                self.company,
            ),
        )
        self.assertIn("OVR-OLD", log.details)
        self.assertTrue(log.date)
        # the manager finds it
        found = (
            self.env["factory.override.log"]
            .with_user(self.manager)
            .search([("kind", "=", "fifo"), ("lot_id", "=", self.new_lot.id)])
        )
        self.assertEqual(found, log)
        Log = self.env["factory.override.log"].with_user(self.manager)
        Log.get_views([(False, v) for v in ("list", "pivot", "form", "search")])
        [group] = Log.read_group(
            [("id", "=", log.id)], ["quantity:sum"], ["kind", "date:month"], lazy=False
        )
        self.assertEqual((group["kind"], group["quantity"]), ("fifo", 2.0))
        action = found.action_open_document()
        self.assertEqual(
            (action["res_model"], action["res_id"]), (picking._name, picking.id)
        )

    def test_refused_override_leaves_no_log(self):
        picking = self._issue_new_lot(1, "   ")
        with self.assertRaises(UserError):
            picking.with_user(self.manager).button_validate()
        self.assertFalse(self._logs(res_model="stock.picking", res_id=picking.id))
        # issuing in FIFO order is no override
        picking = self._issue_new_lot(1, False)
        picking.move_line_ids.write(
            {"lot_id": self.old_lot.id, "location_id": self.bin_a.id}
        )
        picking.with_user(self.manager).button_validate()
        self.assertEqual(picking.state, "done")
        self.assertFalse(self._logs(res_model="stock.picking", res_id=picking.id))

    def test_nobody_changes_or_deletes_the_log(self):
        picking = self._issue_new_lot(1, "customer sample")
        picking.with_user(self.manager).button_validate()
        log = self._logs(res_model="stock.picking", res_id=picking.id)
        for env in (
            log.with_user(self.manager),
            log.with_user(self.admin),
            log.sudo(),
        ):
            with self.assertRaises(AccessError):
                env.write({"reason": "nothing happened"})
            with self.assertRaises(AccessError):
                env.unlink()
        for user in (self.manager, self.admin):
            with self.assertRaises(AccessError, msg=user.login):
                self.env["factory.override.log"].with_user(user).create(
                    {
                        "kind": "fifo",
                        "reason": "forged",
                        "user_id": self.clerk.id,
                    }
                )
        self.assertEqual(log.reason, "customer sample")
        self.assertTrue(log.exists())

    def test_only_managers_read_the_log(self):
        picking = self._issue_new_lot(1, "customer sample")
        picking.with_user(self.manager).button_validate()
        log = self._logs(res_model="stock.picking", res_id=picking.id)
        for user in (
            self.clerk,
            self.supervisor,
            self.qc,
            self.worker,
            self.purchaser,
            self.accountant,
        ):
            with self.assertRaises(AccessError, msg=user.login):
                log.with_user(user).read(["reason"])
        for user in (self.manager, self.admin):
            self.assertEqual(
                log.with_user(user).read(["reason"])[0]["reason"], "customer sample"
            )
