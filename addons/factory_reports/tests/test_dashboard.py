from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import FactoryReportsCase


@tagged("post_install", "-at_install")
class TestDashboard(FactoryReportsCase):
    """The dashboard's tiles are the reports' own figures, for managers only."""

    def setUp(self):
        super().setUp()
        self.dead = self._create_material("TST-DB-01", "Dashboard dead part", cost=4.0)
        self._move(self.dead, self.loc_supplier, self.stock, 10, self._days_ago(300))
        self.env.flush_all()

    def _tiles(self, user):
        data = self.env["factory.report.dashboard"].with_user(user).get_dashboard_data()
        return {tile["key"]: tile for tile in data["tiles"]}

    def test_tiles_equal_reports(self):
        tiles = self._tiles(self.manager)
        Dead = self.env["factory.report.dead.stock"].with_user(self.manager)
        dead = Dead.read_group([("status", "=", "dead")], ["value:sum"], [])[0]
        self.assertAlmostEqual(tiles["dead_stock"]["value"], dead["value"])
        self.assertGreaterEqual(tiles["dead_stock"]["value"], 40.0)
        Aging = self.env["factory.report.aging"].with_user(self.manager)
        total = Aging.read_group([], ["value:sum"], [])[0]["value"]
        self.assertAlmostEqual(tiles["stock_value"]["value"], total)
        self.assertEqual(
            tiles["dead_stock"]["action"],
            "factory_reports.factory_report_dead_stock_action",
        )
        for tile in tiles.values():
            self.env.ref(tile["action"])  # every tile opens an existing report
        self.assertEqual(
            set(tiles),
            {
                "stock_value",
                "turnover",
                "dead_stock",
                "on_time",
                "qc_pass",
                "shortages",
                "count_accuracy",
            },
        )

    def test_category_shares_and_months(self):
        data = (
            self.env["factory.report.dashboard"]
            .with_user(self.manager)
            .get_dashboard_data()
        )
        tiles = {tile["key"]: tile for tile in data["tiles"]}
        categories = data["categories"]
        self.assertAlmostEqual(
            sum(c["value"] for c in categories), tiles["stock_value"]["value"]
        )
        self.assertAlmostEqual(sum(c["share"] for c in categories), 100.0)
        self.assertEqual(len(data["months"]), 12)
        self.assertEqual(data["months"][-1]["month"], data["month"])
        Turnover = self.env["factory.report.turnover"].with_user(self.manager)
        this_month = Turnover.read_group(
            [("month", "=", data["month"] + "-01")], ["turnover:avg"], []
        )[0]["turnover"]
        self.assertAlmostEqual(data["months"][-1]["turnover"], this_month or 0.0)

    def test_only_for_managers(self):
        for user in (self.clerk, self.accountant, self.purchaser):
            with self.assertRaises(AccessError):
                self.env["factory.report.dashboard"].with_user(
                    user
                ).get_dashboard_data()


@tagged("post_install", "-at_install")
class TestDashboardWidgets(FactoryReportsCase):
    """Count accuracy, top shortages and supplier bars on a small history:
    a cycle count of four materials with one difference, an order short of
    100,000 of a component, and a vendor with ten lines of which six were
    delivered before and four after the promised date. Other data of the
    database in the same company is read first (the figures add to it)."""

    def _data(self):
        self.env.flush_all()
        return (
            self.env["factory.report.dashboard"]
            .with_user(self.manager)
            .get_dashboard_data()
        )

    def _tile(self, data, key):
        return next(tile for tile in data["tiles"] if tile["key"] == key)

    def test_count_accuracy(self):
        before = self._tile(self._data(), "count_accuracy")
        n0, a0 = before["count"], before["value"] or 0.0
        parts = self.env["product.product"]
        for i in range(4):
            part = self._create_material(f"TST-DBC-{i}", f"Counted part {i}")
            self._move(part, self.loc_supplier, self.stock, 10, self._days_ago(30))
            parts |= part
        stocktake = (
            self.env["factory.stocktake"]
            .with_user(self.supervisor)
            .create(
                {
                    "warehouse_id": self.wh.id,
                    "stocktake_type": "cycle",
                    "product_ids": [Command.set(parts.ids)],
                }
            )
        )
        stocktake.action_start()
        self.assertEqual(len(stocktake.line_ids), 4)
        for line in stocktake.line_ids:
            counted = 9 if line.product_id == parts[0] else 10
            line.with_user(self.clerk).counted_qty = counted
        stocktake.with_user(self.supervisor).action_submit()
        tile = self._tile(self._data(), "count_accuracy")
        # three of the four lines without difference
        self.assertAlmostEqual(tile["value"], (a0 * n0 + 3 * 100.0) / (n0 + 4))
        self.assertEqual(tile["count"], n0 + 4)
        self.assertEqual(
            tile["action"], "factory_stock.factory_stocktake_line_action_report"
        )
        Line = self.env["factory.stocktake.line"].with_user(self.manager)
        (accuracy,) = Line._read_group(
            [("stocktake_id", "=", stocktake.id), ("is_counted", "=", True)],
            [],
            ["accuracy_score:avg"],
        )[0]
        self.assertEqual(accuracy, 75.0)

    def test_top_shortages(self):
        component = self._create_material("TST-DBS-01", "Short coil")
        finished = self._create_material("TST-DBS-02", "Motor with coil")
        bom = self.env["mrp.bom"].create(
            {
                "product_tmpl_id": finished.product_tmpl_id.id,
                "product_qty": 1,
                "bom_line_ids": [
                    Command.create({"product_id": component.id, "product_qty": 2})
                ],
            }
        )
        production = self.env["mrp.production"].create(
            {
                "product_id": finished.id,
                "bom_id": bom.id,
                "product_qty": 50000,
                "picking_type_id": self.wh.manu_type_id.id,
            }
        )
        production.action_confirm()
        shortages = self._data()["shortages"]
        self.assertLessEqual(len(shortages), 5)
        self.assertEqual(
            (shortages[0]["id"], shortages[0]["qty"], shortages[0]["orders"]),
            (component.id, 100000.0, 1),
        )
        self.assertEqual(shortages[0]["uom"], component.uom_id.name)
        # the shortage view's own figures, largest first
        groups = (
            self.env["factory.mrp.shortage"]
            .with_user(self.manager)
            ._read_group(
                [("shortage_qty", ">", 0)],
                ["product_id"],
                ["shortage_qty:sum"],
                order="shortage_qty:sum desc",
                limit=5,
            )
        )
        self.assertEqual(
            [(s["id"], s["qty"]) for s in shortages],
            [(product.id, qty) for product, qty in groups],
        )

    def test_supplier_bars(self):
        vendor = self.env["res.partner"].create({"name": "Test Dashboard Vendor"})
        part = self._create_material("TST-DBV-01", "Dashboard bolt")
        order = self.env["purchase.order"].create(
            {
                "partner_id": vendor.id,
                "picking_type_id": self.wh.in_type_id.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": part.id,
                            "product_qty": 10,
                            "price_unit": 1.0,
                            "date_planned": self._days_ago(5),
                            "taxes_id": [Command.clear()],
                        }
                    )
                    for __ in range(10)
                ],
            }
        )
        order.button_confirm()
        receipt = order.picking_ids
        self.assertEqual(len(receipt.move_ids), 10)
        for index, move in enumerate(receipt.move_ids.sorted("id")):
            move.quantity = 10 if index < 6 else 0
            move.picked = True
        res = receipt.button_validate()
        Form.from_action(self.env, res).save().process()
        self._backdate(receipt.move_ids.filtered("quantity"), self._days_ago(6))
        backorder = order.picking_ids - receipt
        for move in backorder.move_ids:
            move.quantity = 10
            move.picked = True
        backorder.button_validate()
        self._backdate(backorder.move_ids, self._days_ago(2))
        suppliers = self._data()["suppliers"]
        self.assertLessEqual(len(suppliers), 5)
        ours = suppliers[0]
        # ten lines: more than any other vendor of the company in the period
        self.assertEqual((ours["id"], ours["lines"]), (vendor.id, 10))
        # 60 of the 100 by the promised date
        self.assertAlmostEqual(ours["rate"], 60.0)
        rows = self._report(
            "factory.report.supplier",
            [("partner_id", "=", vendor.id), ("kind", "=", "line")],
            user=self.manager,
        )
        self.assertEqual(sum(rows.mapped("qty_on_time")), 60)
        self.assertEqual(sum(rows.mapped("qty_due")), 100)
