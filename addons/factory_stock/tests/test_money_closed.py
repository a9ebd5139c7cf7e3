from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import FactoryStockCase

PO_LINE_PRICES = (
    "price_unit",
    "price_unit_discounted",
    "price_subtotal",
    "price_total",
    "price_tax",
)
PO_AMOUNTS = (
    "amount_untaxed",
    "amount_tax",
    "amount_total",
    "amount_total_cc",
    "tax_totals",
)


@tagged("post_install", "-at_install")
class TestMoneyClosed(FactoryStockCase):
    """Purchase prices, supplier prices, move unit prices and valuation are
    unreadable for Warehouse Clerks, QC Inspectors and Line Workers through
    every RPC path, and the clerk still receives purchase orders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category.property_cost_method = "average"
        cls.vendor = cls.env["res.partner"].create({"name": "Test Copper Vendor"})
        cls.supplierinfo = cls.env["product.supplierinfo"].create(
            {
                "partner_id": cls.vendor.id,
                "product_tmpl_id": cls.material.product_tmpl_id.id,
                "price": 7.5,
            }
        )
        cls.order = cls.env["purchase.order"].create(
            {
                "partner_id": cls.vendor.id,
                "picking_type_id": cls.wh_raw.in_type_id.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.material.id,
                            "product_qty": 5,
                            "price_unit": 8.0,
                            "taxes_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        cls.order.button_confirm()
        cls.line = cls.order.order_line
        cls.receipt = cls.order.picking_ids
        cls.no_cost_roles = (cls.clerk, cls.qc, cls.worker)
        # exporting needs its own right: give it, so that only the cost
        # right stands between these users and the prices
        export = cls.env.ref("base.group_allow_export")
        for user in cls.no_cost_roles + (cls.purchaser,):
            user.groups_id = [Command.link(export.id)]

    def _read_denied(self, records, fnames, user):
        records = records.with_user(user)
        Model = self.env[records._name].with_user(user)
        for fname in fnames:
            msg = f"{user.login} {records._name}.{fname}"
            with self.assertRaises(AccessError, msg=msg):
                records.read([fname])
            with self.assertRaises(AccessError, msg=msg):
                Model.search_read([("id", "in", records.ids)], [fname])
            with self.assertRaises(AccessError, msg=msg):
                records.web_read({fname: {}})
            with self.assertRaises(AccessError, msg=msg):
                records.export_data([fname])
            self.assertNotIn(fname, Model.fields_get(), msg)
            if records._fields[fname].store and fname != "tax_totals":
                with self.assertRaises(AccessError, msg=msg):
                    Model.search([(fname, ">", 0)])
                with self.assertRaises(AccessError, msg=msg):
                    Model.read_group([], [f"{fname}:sum"], [])

    def test_purchase_prices_unreadable(self):
        for user in self.no_cost_roles:
            if user != self.worker:  # line workers do not read purchases at all
                # the order and its lines stay readable: only money is closed
                self.order.with_user(user).read(["name", "partner_id", "state"])
                self.line.with_user(user).read(["product_id", "product_qty"])
            self._read_denied(self.line, PO_LINE_PRICES, user)
            self._read_denied(self.order, PO_AMOUNTS, user)
            # not through the order either
            with self.assertRaises(AccessError, msg=user.login):
                self.order.with_user(user).web_read(
                    {"order_line": {"fields": {"price_unit": {}}}}
                )
            with self.assertRaises(AccessError, msg=user.login):
                self.order.with_user(user).export_data(["order_line/price_subtotal"])

    def test_supplier_price_move_price_and_valuation_unreadable(self):
        self._set_stock(self.material, self.bin_a, 3)
        quant = self.env["stock.quant"].search(
            [("product_id", "=", self.material.id), ("location_id", "=", self.bin_a.id)]
        )
        for user in self.no_cost_roles:
            self._read_denied(self.supplierinfo, ("price", "price_discounted"), user)
            if user != self.worker:  # line workers do not read stock moves
                self._read_denied(self.receipt.move_ids, ("price_unit",), user)
                with self.assertRaises(AccessError, msg=user.login):
                    quant.with_user(user).read(["value"])
            with self.assertRaises(AccessError, msg=user.login):
                self.env["stock.valuation.layer"].with_user(user).search([])

    def test_forged_onchange_specification_refused(self):
        """The form's onchange computes the price from the supplier price:
        a specification the view never sends is refused like a read."""
        values = {
            "order_id": self.order.id,
            "product_id": self.material.id,
            "product_qty": 10,
        }
        for user in self.no_cost_roles:
            Line = self.env["purchase.order.line"].with_user(user)
            with self.assertRaises(AccessError, msg=user.login):
                Line.onchange(
                    values, [], {"product_id": {}, "product_qty": {}, "price_unit": {}}
                )
            with self.assertRaises(AccessError, msg=user.login):
                self.order.with_user(user).onchange(
                    {}, [], {"order_line": {"fields": {"price_subtotal": {}}}}
                )
        # with the cost right the same onchange gives the supplier price
        result = (
            self.env["purchase.order.line"]
            .with_user(self.purchaser)
            .onchange(
                values, [], {"product_id": {}, "product_qty": {}, "price_unit": {}}
            )
        )
        self.assertEqual(result["value"]["price_unit"], 7.5)

    def test_total_not_in_name_nor_printed(self):
        ctx = {"show_total_amount": True}
        for user in self.no_cost_roles:
            if user != self.worker:  # line workers do not read purchases
                name = self.order.with_user(user).with_context(**ctx).display_name
                self.assertEqual(name, self.order.name, user.login)
            for report in (
                "purchase.report_purchaseorder",
                "purchase.report_purchasequotation",
            ):
                with self.assertRaises(AccessError, msg=f"{user.login} {report}"):
                    self.env["ir.actions.report"].with_user(user)._render_qweb_html(
                        report, self.order.ids
                    )
        name = self.order.with_user(self.purchaser).with_context(**ctx).display_name
        self.assertIn("40", name)
        html, __ = (
            self.env["ir.actions.report"]
            .with_user(self.purchaser)
            ._render_qweb_html("purchase.report_purchaseorder", self.order.ids)
        )
        self.assertIn(self.order.name, html.decode())

    def test_screens_of_clerks_open_without_money(self):
        """Views opened by clerks lose the money fields, and everything they
        still show can be read by them."""
        for user, model, record in (
            (self.clerk, "stock.picking", self.receipt),
            (self.clerk, "purchase.order", self.order),
            (self.qc, "purchase.order", self.order),
            (self.clerk, "product.template", self.material.product_tmpl_id),
        ):
            Model = self.env[model].with_user(user)
            for view_type in ("form", "list"):
                views = Model.get_views([(False, view_type)])
                used = {
                    name: set(info["fields"]) for name, info in views["models"].items()
                }
                msg = f"{user.login} {model} {view_type}"
                self.assertFalse(
                    set(PO_LINE_PRICES) & used.get("purchase.order.line", set()), msg
                )
                self.assertFalse(
                    set(PO_AMOUNTS) & used.get("purchase.order", set()), msg
                )
                self.assertNotIn("price_unit", used.get("stock.move", set()), msg)
                self.assertNotIn("price", used.get("product.supplierinfo", set()), msg)
                arch = etree.fromstring(views["views"][view_type]["arch"])
                shown = {
                    node.get("name")
                    for node in arch.iter("field")
                    if not any(a.tag == "field" for a in node.iterancestors())
                }
                record.with_user(user).web_read({fname: {} for fname in shown})

    def test_clerk_receives_purchase_order_at_its_price(self):
        receipt = self.receipt.with_user(self.clerk)
        receipt.move_ids.quantity = 5
        receipt.move_ids.picked = True
        receipt.button_validate()
        self.assertEqual(self.receipt.state, "done")
        self.assertEqual(self.line.qty_received, 5)
        layer = self.env["stock.valuation.layer"].search(
            [("stock_move_id", "in", self.receipt.move_ids.ids)]
        )
        self.assertEqual((layer.quantity, layer.unit_cost, layer.value), (5, 8.0, 40.0))
        # the average cost moved to the purchase price, still hidden
        self.assertEqual(self.material.standard_price, 8.0)
        with self.assertRaises(AccessError):
            self.line.with_user(self.clerk).read(["price_unit"])

    def test_partial_receipt_backorder_keeps_price(self):
        receipt = self.receipt.with_user(self.clerk)
        receipt.move_ids.quantity = 2
        receipt.move_ids.picked = True
        action = receipt.button_validate()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.clerk)
            .with_context(action["context"])
            .create({})
        )
        wizard.process()
        backorder = self.receipt.backorder_ids
        self.assertTrue(backorder)
        backorder = backorder.with_user(self.clerk)
        backorder.move_ids.quantity = 3
        backorder.move_ids.picked = True
        backorder.button_validate()
        layers = self.env["stock.valuation.layer"].search(
            [("stock_move_id", "in", (self.receipt | backorder).move_ids.ids)]
        )
        self.assertEqual(sorted(layers.mapped("value")), [16.0, 24.0])

    def test_supplier_order_kept_without_cost_right(self):
        """Supplier lines keep Odoo's order (sequence, quantity, price) on
        every screen; sorting on the price itself is refused."""
        cheaper = self.supplierinfo.copy({"price": 6.0})
        for user in (self.clerk, self.purchaser):
            sellers = self.material.product_tmpl_id.with_user(user).seller_ids
            self.assertEqual(sellers.ids, (cheaper | self.supplierinfo).ids, user.login)
        with self.assertRaises(AccessError):
            self.env["product.supplierinfo"].with_user(self.clerk).search(
                [], order="price desc"
            )

    def test_prices_readable_with_cost_right(self):
        for user in (self.purchaser, self.supervisor, self.accountant, self.manager):
            [values] = self.line.with_user(user).read(["price_unit", "price_subtotal"])
            self.assertEqual(
                (values["price_unit"], values["price_subtotal"]),
                (8.0, 40.0),
                user.login,
            )
            [values] = self.supplierinfo.with_user(user).read(["price"])
            self.assertEqual(values["price"], 7.5, user.login)
        rows = self.order.with_user(self.purchaser).export_data(
            ["name", "order_line/price_unit"]
        )["datas"]
        self.assertEqual(rows[0][1], 8.0)
