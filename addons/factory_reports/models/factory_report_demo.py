"""A year of history for the demo factory (恒力电机), so that every report
and the dashboard show figures: monthly purchase receipts (some late, some
partial), issues to the assembly workshop, a scrap, a dead-stock material
and a recent cycle count with differences.

Everything goes through Odoo's and the suite's own flows as the Chinese demo
users (the purchaser orders, the clerk receives, issues and counts, the
supervisor approves); only then are the dates of the done moves, their move
lines and valuation layers and of the orders set in the past with SQL, as
Odoo's own tests and tests/common.py do (a year of history cannot be
waited for). Called once from demo/factory_report_demo.xml.
"""

from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.tools import SQL

# (vendor xml id, [(material code, monthly quantity)]): one order a month
ORDERS = (
    ("res_partner_hongtai", (("PK-CT-0001", 2000), ("PK-FM-0001", 120))),
    ("res_partner_qiming", (("AX-FL-0001", 60), ("AX-GS-0001", 40))),
    ("res_partner_xinda", (("RM-ST-0003", 3000), ("RM-ST-0005", 2000))),
)
# what the workshop takes each month (less than arrives: stock stays)
ISSUES = (
    ("PK-CT-0001", 1940),
    ("PK-FM-0001", 112),
    ("AX-FL-0001", 56),
    ("AX-GS-0001", 37),
    ("RM-ST-0003", 2950),
    ("RM-ST-0005", 1960),
)


class FactoryReportDemo(models.AbstractModel):
    _name = "factory.report.demo"
    _description = "Factory Reports Demo History"

    def _ref(self, xmlid):
        return self.env.ref(f"factory_stock.{xmlid}")

    def _backdate(self, moves, date):
        """Set the done ``moves`` (and their lines and valuation) at ``date``."""
        self.env.flush_all()
        ids = list(moves.ids)
        for table, column, key in (
            ("stock_move", "date", "id"),
            ("stock_move_line", "date", "move_id"),
            ("stock_valuation_layer", "create_date", "stock_move_id"),
        ):
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET %s = %s WHERE %s = ANY(%s)",
                    SQL.identifier(table),
                    SQL.identifier(column),
                    date,
                    SQL.identifier(key),
                    ids,
                )
            )
        self.env.cr.execute(
            SQL(
                "UPDATE stock_picking SET date_done = %s WHERE id = ANY(%s)",
                date,
                moves.picking_id.ids,
            )
        )
        self.env.invalidate_all()

    def _validate(self, picking, quantities, date):
        """The clerk validates ``picking`` with ``{move: qty}`` (the rest as
        a backorder) dated ``date``; returns the backorder, if any."""
        for move in picking.move_ids:
            move.quantity = quantities.get(move, move.product_uom_qty)
            move.picked = True
        result = picking.button_validate()
        if isinstance(result, dict):  # a confirmation wizard: keep the backorder
            wizard = self.env[result["res_model"]].with_context(result["context"])
            wizard.create({}).process()
        self._backdate(picking.move_ids.filtered(lambda m: m.state == "done"), date)
        return picking.backorder_ids

    @api.model
    def _factory_demo_history(self):
        company = self._ref("res_company_hengli")
        env = (
            self.with_company(company)
            .with_context(lang="zh_CN", tz="Asia/Shanghai", tracking_disable=True)
            .env
        )
        buyer = self._ref("user_fs_buyer")
        clerk = self._ref("user_fs_clerk")
        warehouse = self._ref("stock_warehouse_rmw")
        Product = env["product.product"]
        codes = {code for __, lines in ORDERS for code, __ in lines}
        codes |= {"AX-GL-0001", "RM-CU-0003", "RM-CU-0004"}
        products = {
            p.default_code: p
            for p in Product.search(
                [
                    ("default_code", "in", sorted(codes)),
                    ("company_id", "in", [company.id, False]),
                ]
            )
        }
        now = fields.Datetime.now().replace(hour=2, minute=0, second=0, microsecond=0)
        Order = env["purchase.order"].with_user(buyer)
        for months_back in range(12, 0, -1):
            day = now - timedelta(days=months_back * 30)
            for index, (vendor, lines) in enumerate(ORDERS):
                planned = day + timedelta(days=index * 3)
                order = Order.create(
                    {
                        "partner_id": self._ref(vendor).id,
                        "picking_type_id": warehouse.in_type_id.id,
                        "date_order": planned - timedelta(days=10),
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": products[code].id,
                                    # the first month also stocks up
                                    "product_qty": qty
                                    * (4 if months_back == 12 else 1),
                                    "price_unit": products[code].standard_price,
                                    "date_planned": planned,
                                    "taxes_id": [Command.clear()],
                                }
                            )
                            for code, qty in lines
                        ],
                    }
                )
                order.button_confirm()
                self._receive(order, planned, months_back, index, clerk)
            self._issue(env, warehouse, products, day + timedelta(days=12), clerk)
        # this month's first issue, half of a month's (a few minutes ago)
        self._issue(
            env,
            warehouse,
            products,
            fields.Datetime.now() - timedelta(minutes=5),
            clerk,
            share=0.5,
        )
        self._inspected_lot(env, warehouse, products, now - timedelta(days=40))
        self._dead_stock(env, warehouse, products["AX-GL-0001"], now, buyer, clerk)
        scrap = (
            env["stock.scrap"]
            .with_user(clerk)
            .create(
                {
                    "product_id": products["PK-CT-0001"].id,
                    "scrap_qty": 40,
                    "location_id": warehouse.lot_stock_id.id,
                    "origin": "受潮纸箱报废",
                }
            )
        )
        scrap.action_validate()
        self._backdate(scrap.move_ids, now - timedelta(days=45))
        self._count(env, warehouse, products)
        env["product.product"]._cron_compute_abc()

    def _receive(self, order, planned, months_back, index, clerk):
        """On time, late (every fourth month) or partial (60 % on time, the
        rest a week late, every third month for the second vendor)."""
        picking = order.picking_ids.with_user(clerk)
        if index == 1 and months_back % 3 == 0:
            partial = {m: round(m.product_uom_qty * 0.6) for m in picking.move_ids}
            backorder = self._validate(picking, partial, planned - timedelta(days=1))
            if backorder:
                self._validate(
                    backorder.with_user(clerk), {}, planned + timedelta(days=7)
                )
        elif months_back % 4 == index:
            self._validate(picking, {}, planned + timedelta(days=3 + index))
        else:
            self._validate(picking, {}, planned - timedelta(days=1))
        order.env.cr.execute(
            "UPDATE purchase_order SET date_approve = date_order WHERE id = %s",
            (order.id,),
        )

    def _issue(self, env, warehouse, products, date, clerk, share=1.0, lines=ISSUES):
        picking_type = self._ref("stock_picking_type_rmw_issue")
        workshop = self._ref("stock_location_workshop")
        picking = (
            env["stock.picking"]
            .with_user(clerk)
            .create(
                {
                    "picking_type_id": picking_type.id,
                    "location_id": warehouse.lot_stock_id.id,
                    "location_dest_id": workshop.id,
                    "origin": f"装配线 月计划 {date:%Y-%m}",
                    "move_ids": [
                        Command.create(
                            {
                                "name": products[code].name,
                                "product_id": products[code].id,
                                "product_uom_qty": round(qty * share),
                                "location_id": warehouse.lot_stock_id.id,
                                "location_dest_id": workshop.id,
                            }
                        )
                        for code, qty in lines
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.action_assign()
        self._validate(picking, {}, date)

    def _inspected_lot(self, env, warehouse, products, planned):
        """Enamelled wire from 华新 inspected on receipt: lot HX250926-01
        partly rejected (100 of 500 kg, appearance) and returned, lot
        HX250926-02 passed."""
        buyer, clerk = self._ref("user_fs_buyer"), self._ref("user_fs_clerk")
        lots = {
            "RM-CU-0003": ("HX250926-01", 500, 100),
            "RM-CU-0004": ("HX250926-02", 300, 0),
        }
        order = (
            env["purchase.order"]
            .with_user(buyer)
            .create(
                {
                    "partner_id": self._ref("res_partner_huaxin").id,
                    "picking_type_id": warehouse.in_type_id.id,
                    "date_order": planned - timedelta(days=10),
                    "order_line": [
                        Command.create(
                            {
                                "product_id": products[code].id,
                                "product_qty": qty,
                                "price_unit": products[code].standard_price,
                                "date_planned": planned,
                                "taxes_id": [Command.clear()],
                            }
                        )
                        for code, (__, qty, __) in lots.items()
                    ],
                }
            )
        )
        order.button_confirm()
        receipt = order.picking_ids.with_user(clerk)
        for move in receipt.move_ids:
            lot_name, qty, __ = lots[move.product_id.default_code]
            move.move_line_ids.write(
                {"lot_name": lot_name, "quantity": qty, "picked": True}
            )
        receipt.button_validate()
        self._backdate(receipt.move_ids, planned)
        qc = self._ref("user_fs_qc")
        reason = self.env.ref("factory_stock.defect_reason_appearance")
        for inspection in receipt.factory_qc_inspection_ids.with_user(qc):
            __, qty, rejected = lots[inspection.product_id.default_code]
            inspection.write(
                {
                    "qty_passed": qty - rejected,
                    "qty_rejected": rejected,
                    "defect_reason_id": reason.id if rejected else False,
                }
            )
            inspection.action_inspect()
        supervisor = self._ref("user_fs_wh_super")
        receipt.with_user(supervisor).action_factory_qc_confirm()
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE factory_qc_inspection SET inspected_on = %s, confirmed_on = %s "
            "WHERE picking_id = %s",
            (planned + timedelta(days=1), planned + timedelta(days=1), receipt.id),
        )
        receipt.with_user(clerk).action_factory_qc_return()
        back = receipt.factory_qc_return_id.with_user(clerk)
        for line in back.move_line_ids:
            line.picked = True
        back.button_validate()
        self._backdate(back.move_ids, planned + timedelta(days=3))
        # the wire that passed goes to the winding line two weeks later
        wire = (("RM-CU-0003", 400), ("RM-CU-0004", 300))
        self._issue(
            env, warehouse, products, planned + timedelta(days=15), clerk, lines=wire
        )

    def _dead_stock(self, env, warehouse, product, now, buyer, clerk):
        """厌氧胶 bought once eleven months ago and never used: dead stock."""
        planned = now - timedelta(days=330)
        order = (
            env["purchase.order"]
            .with_user(buyer)
            .create(
                {
                    "partner_id": self._ref("res_partner_qiming").id,
                    "picking_type_id": warehouse.in_type_id.id,
                    "date_order": planned - timedelta(days=7),
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_qty": 120,
                                "price_unit": product.standard_price,
                                "date_planned": planned,
                                "taxes_id": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        order.button_confirm()
        self._validate(order.picking_ids.with_user(clerk), {}, planned)

    def _count(self, env, warehouse, products):
        """A cycle count this week: 缠绕膜 five rolls short, 润滑脂 one more."""
        supervisor = self._ref("user_fs_wh_super")
        clerk = self._ref("user_fs_clerk")
        counted = products["PK-CT-0001"] | products["PK-FM-0001"]
        counted |= products["AX-FL-0001"] | products["AX-GS-0001"]
        stocktake = (
            env["factory.stocktake"]
            .with_user(supervisor)
            .create(
                {
                    "warehouse_id": warehouse.id,
                    "stocktake_type": "cycle",
                    "product_ids": [Command.set(counted.ids)],
                }
            )
        )
        stocktake.action_start()
        on_hand = {
            (product.id, location.id): qty
            for product, location, qty in env["stock.quant"]._read_group(
                [("product_id", "in", counted.ids)],
                ["product_id", "location_id"],
                ["quantity:sum"],
            )
        }
        differences = {products["PK-FM-0001"]: -5, products["AX-GS-0001"]: 1}
        for line in stocktake.line_ids.with_user(clerk):
            book = on_hand.get((line.product_id.id, line.location_id.id), 0.0)
            line.counted_qty = book + differences.pop(line.product_id, 0)
        stocktake.with_user(clerk).action_submit()
        stocktake.with_user(supervisor).action_approve()
