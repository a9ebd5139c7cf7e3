"""Fixtures of the report tests: a small fixed history built through Odoo's
own flows (moves confirmed and done, scraps, inventory adjustments,
purchase receipts), then dated in the past.

Backdating: Odoo books every done move at the time it is validated, and a
history of months cannot be waited for. Each helper validates its move
first (so the no-negative-stock rule, FIFO valuation and quants run as in
production) and then sets ``date`` of the move and its move lines with SQL
(``_backdate``); the reports read these dates, nothing else is touched."""

from datetime import timedelta

from odoo import Command, fields

from odoo.addons.factory_stock.tests.common import FactoryStockCase


class FactoryReportsCase(FactoryStockCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.wh = cls.wh_raw
        cls.stock = cls.wh.lot_stock_id
        Location = cls.env["stock.location"]
        cls.loc_supplier = cls.env.ref("stock.stock_location_suppliers")
        cls.loc_customer = cls.env.ref("stock.stock_location_customers")
        cls.loc_production = Location.search(
            [("usage", "=", "production"), ("company_id", "=", cls.company.id)],
            limit=1,
        )
        cls.loc_inventory = Location.search(
            [
                ("usage", "=", "inventory"),
                ("scrap_location", "=", False),
                ("company_id", "=", cls.company.id),
            ],
            limit=1,
        )
        export = cls.env.ref("base.group_allow_export")
        for user in (cls.clerk, cls.accountant, cls.manager, cls.qc):
            user.groups_id = [Command.link(export.id)]

    @classmethod
    def _days_ago(cls, days):
        return fields.Datetime.now() - timedelta(days=days)

    def _backdate(self, moves, date):
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE stock_move SET date = %s WHERE id = ANY(%s)", (date, moves.ids)
        )
        self.env.cr.execute(
            "UPDATE stock_move_line SET date = %s WHERE move_id = ANY(%s)",
            (date, moves.ids),
        )
        self.env.invalidate_all()

    def _move(self, product, src, dst, qty, date, price=None):
        """A done move of ``qty`` from ``src`` to ``dst`` dated ``date``."""
        vals = {
            "name": product.name,
            "product_id": product.id,
            "product_uom_qty": qty,
            "product_uom": product.uom_id.id,
            "location_id": src.id,
            "location_dest_id": dst.id,
        }
        if price is not None:
            vals["price_unit"] = price
        move = self.env["stock.move"].create(vals)
        move._action_confirm()
        move._action_assign()
        move.quantity = qty
        move.picked = True
        move._action_done()
        self.assertEqual(move.state, "done")
        self._backdate(move, date)
        return move

    def _scrap(self, product, location, qty, date):
        scrap = self.env["stock.scrap"].create(
            {"product_id": product.id, "scrap_qty": qty, "location_id": location.id}
        )
        scrap.action_validate()
        self._backdate(scrap.move_ids, date)
        return scrap.move_ids

    def _adjust(self, product, location, delta, date):
        """An inventory adjustment (count) of ``delta`` through Odoo's apply."""
        Quant = self.env["stock.quant"].with_context(inventory_mode=True)
        on_hand = sum(
            Quant.search(
                [("product_id", "=", product.id), ("location_id", "=", location.id)]
            ).mapped("quantity")
        )
        quant = Quant.create(
            {
                "product_id": product.id,
                "location_id": location.id,
                "inventory_quantity": on_hand + delta,
            }
        )
        quant.action_apply_inventory()
        move = self.env["stock.move"].search(
            [("product_id", "=", product.id), ("is_inventory", "=", True)],
            order="id desc",
            limit=1,
        )
        self._backdate(move, date)
        return move

    def _report(self, model, domain, user=None):
        Report = self.env[model]
        self.env.flush_all()
        Report.invalidate_model()
        if user:
            Report = Report.with_user(user)
        return Report.search(domain)
