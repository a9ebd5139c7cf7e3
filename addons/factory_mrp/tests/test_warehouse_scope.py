from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .material_common import MaterialRequestCase


@tagged("post_install", "-at_install")
class TestWarehouseScope(MaterialRequestCase):
    """Warehouse Clerks and Supervisors see the shortage rows, material
    requests and their lines, returns and WIP rows of their warehouses; the
    workshop, purchasing and managers see every warehouse."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def user(login, *groups, warehouses=()):
            return new_test_user(
                cls.env,
                login=login,
                groups=",".join(("base.group_user",) + groups),
                factory_warehouse_ids=[Command.set([w.id for w in warehouses])],
            )

        clerk = "factory_stock.group_warehouse_clerk"
        cls.fg_clerk = user("t_scope_fg", clerk, warehouses=[cls.wh_fg])
        cls.no_wh_clerk = user("t_scope_none", clerk)
        # a clerk who also reports output reads the WIP board
        cls.clerk_worker = user(
            "t_scope_cw",
            clerk,
            "factory_stock.group_line_worker",
            warehouses=[cls.wh_raw],
        )
        cls.worker_only = user("t_scope_w", "factory_stock.group_line_worker")
        cls.env["stock.quant"]._update_available_quantity(
            cls.magnet, cls.wh_fg.lot_stock_id, 10
        )

    def _order_in(self, warehouse, qty=2):
        form = Form(self.env["mrp.production"])
        form.product_id = self.motor
        form.bom_id = self.bom
        form.product_qty = qty
        form.picking_type_id = warehouse.manu_type_id
        production = form.save()
        production.action_confirm()
        return production

    def _request_in(self, warehouse, qty=2):
        return self.Request.with_user(self.requester).create(
            {
                "warehouse_id": warehouse.id,
                "cost_center_id": self.cost_center.id,
                "line_ids": [
                    Command.create({"product_id": self.magnet.id, "product_qty": qty})
                ],
            }
        )

    def _returned(self, request):
        """Issue the approved ad hoc ``request`` and return one unit."""
        self._validate(request.picking_ids, user=self.env.user)
        action = request.with_user(self.requester).action_return()
        wizard = self.env["factory.material.return"].browse(action["res_id"])
        wizard.line_ids.product_qty = 1
        wizard.with_user(self.requester).action_confirm()
        return request.return_picking_ids

    def _seen(self, model, user, records):
        return (
            self.env[model]
            .with_user(user)
            .search([("id", "in", records.ids)])
            .with_env(self.env)
        )

    def test_requests_lines_and_returns(self):
        raw = self._approved(self._request_in(self.wh_raw))
        fg = self._approved(self._request_in(self.wh_fg))
        returns = self._returned(raw) | self._returned(fg)
        requests = raw | fg
        lines = requests.line_ids
        raw_return = raw.return_picking_ids
        fg_return = fg.return_picking_ids
        for user, request, return_picking in (
            (self.clerk, raw, raw_return),
            (self.supervisor, raw, raw_return),
            (self.fg_clerk, fg, fg_return),
        ):
            with self.subTest(user=user.login):
                self.assertEqual(
                    self._seen("factory.material.request", user, requests), request
                )
                self.assertEqual(
                    self._seen("factory.material.request.line", user, lines),
                    request.line_ids,
                )
                self.assertEqual(
                    self._seen("stock.picking", user, returns), return_picking
                )
        # the other warehouse's request cannot be opened either
        with self.assertRaises(AccessError):
            fg.with_user(self.clerk).read(["name"])
        with self.assertRaises(AccessError):
            fg.line_ids.with_user(self.clerk).read(["product_qty"])
        for model, records in (
            ("factory.material.request", requests),
            ("factory.material.request.line", lines),
        ):
            self.assertFalse(self._seen(model, self.no_wh_clerk, records))
            # the workshop (no warehouse in the demo either), purchasing and
            # managers keep seeing every warehouse
            for user in (self.requester, self.mrp_user, self.purchaser, self.manager):
                with self.subTest(model=model, user=user.login):
                    self.assertEqual(self._seen(model, user, records), records)

    def test_shortage_rows(self):
        raw, fg = self._order_in(self.wh_raw), self._order_in(self.wh_fg)
        rows = self.env["factory.mrp.shortage"].search(
            [("production_id", "in", (raw | fg).ids)]
        )
        raw_rows = rows.filtered(lambda r: r.production_id == raw)
        fg_rows = rows - raw_rows
        self.assertTrue(raw_rows and fg_rows)
        Shortage = "factory.mrp.shortage"
        self.assertEqual(self._seen(Shortage, self.clerk, rows), raw_rows)
        self.assertEqual(self._seen(Shortage, self.supervisor, rows), raw_rows)
        self.assertEqual(self._seen(Shortage, self.fg_clerk, rows), fg_rows)
        self.assertFalse(self._seen(Shortage, self.no_wh_clerk, rows))
        for user in (self.requester, self.mrp_user, self.purchaser, self.manager):
            with self.subTest(user=user.login):
                self.assertEqual(self._seen(Shortage, user, rows), rows)

    def test_wip_rows(self):
        raw, fg = self._order_in(self.wh_raw), self._order_in(self.wh_fg)
        Wip = self.env["factory.mrp.wip"]
        Wip.invalidate_model()
        rows = Wip.search([("production_id", "in", (raw | fg).ids)])
        self.assertEqual(rows.production_id, raw | fg)
        raw_rows = rows.filtered(lambda r: r.production_id == raw)
        self.assertEqual(
            self._seen("factory.mrp.wip", self.clerk_worker, rows), raw_rows
        )
        for user in (self.worker_only, self.requester, self.mrp_user, self.manager):
            with self.subTest(user=user.login):
                self.assertEqual(self._seen("factory.mrp.wip", user, rows), rows)
        # clerks have no WIP board at all
        with self.assertRaises(AccessError):
            Wip.with_user(self.clerk).search([])
