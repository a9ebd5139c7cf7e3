from odoo.tests import Form, tagged

from .common import FactoryStockCase


@tagged("post_install", "-at_install")
class TestStockBoard(FactoryStockCase):
    def _picking(self, picking_type, src, dest, qty, product=None):
        product = product or self.material
        return self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": src.id,
                "location_dest_id": dest.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": product.uom_id.id,
                            "location_id": src.id,
                            "location_dest_id": dest.id,
                        },
                    )
                ],
            }
        )

    def _validate(self, picking):
        picking.action_confirm()
        picking.action_assign()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def _assert_board_equals_quants(self, product, warehouse):
        quants = self.env["stock.quant"].search(
            [
                ("product_id", "=", product.id),
                ("location_id", "child_of", warehouse.view_location_id.id),
                ("location_id.usage", "=", "internal"),
            ]
        )
        row = self._board(product, warehouse)
        self.assertEqual(len(row), 1)
        self.assertAlmostEqual(row.qty_on_hand, sum(quants.mapped("quantity")))
        self.assertAlmostEqual(
            row.qty_reserved, sum(quants.mapped("reserved_quantity"))
        )
        self.assertAlmostEqual(row.qty_available, row.qty_on_hand - row.qty_reserved)
        return row

    def test_board_follows_receipt_reservation_delivery(self):
        wh = self.wh_raw
        supplier = self.env.ref("stock.stock_location_suppliers")
        customer = self.env.ref("stock.stock_location_customers")
        receipt = self._picking(wh.in_type_id, supplier, self.bin_a, 100)
        receipt.action_confirm()
        row = self._board(self.material, wh)
        self.assertEqual(row.qty_incoming, 100)
        self.assertEqual(row.qty_on_hand, 0)

        self._validate(receipt)
        row = self._assert_board_equals_quants(self.material, wh)
        self.assertEqual((row.qty_on_hand, row.qty_incoming), (100, 0))

        delivery = self._picking(wh.out_type_id, wh.lot_stock_id, customer, 30)
        delivery.action_confirm()
        delivery.action_assign()
        row = self._assert_board_equals_quants(self.material, wh)
        self.assertEqual(
            (row.qty_reserved, row.qty_available, row.qty_outgoing), (30, 70, 30)
        )
        self.assertEqual(row.qty_forecast, 70)

        self._validate(delivery)
        row = self._assert_board_equals_quants(self.material, wh)
        self.assertEqual(
            (row.qty_on_hand, row.qty_reserved, row.qty_outgoing), (70, 0, 0)
        )
        # the other warehouse has no row for this material
        self.assertFalse(self._board(self.material, self.wh_fg))

    def test_status_flips_at_safety_and_maximum(self):
        wh = self.wh_raw
        self.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": self.material.id,
                "warehouse_id": wh.id,
                "location_id": wh.lot_stock_id.id,
                "product_min_qty": 20,
                "product_max_qty": 50,
            }
        )
        row = self._board(self.material, wh)
        self.assertEqual((row.safety_qty, row.max_qty, row.status), (20, 50, "below"))
        self._set_stock(self.material, self.bin_a, 19)
        self.assertEqual(self._board(self.material, wh).status, "below")
        self._set_stock(self.material, self.bin_b, 1)
        self.assertEqual(self._board(self.material, wh).status, "normal")
        self._set_stock(self.material, self.bin_b, 30)
        self.assertEqual(self._board(self.material, wh).status, "normal")
        self._set_stock(self.material, self.bin_b, 1)
        self.assertEqual(self._board(self.material, wh).status, "above")
        statuses = self.env["factory.stock.board"]._read_group(
            [("warehouse_id", "=", wh.id)], ["status"], ["__count"]
        )
        self.assertIn(("above", 1), statuses)

    def test_value_and_search(self):
        self._set_stock(self.material, self.bin_a, 4)
        row = self._board(self.material, self.wh_raw)
        self.assertAlmostEqual(row.value, 40.0)
        Board = self.env["factory.stock.board"]
        for term in ("TST-0001", "0.25mm", "Copper"):
            found = Board.search(
                [
                    "|",
                    "|",
                    ("product_id", "ilike", term),
                    ("default_code", "ilike", term),
                    ("factory_spec", "ilike", term),
                ]
            )
            self.assertIn(row, found, term)

    def test_one_query_for_the_list(self):
        for i in range(30):
            product = self._create_material(f"TST-Q{i:03d}", f"Bulk {i}")
            self._set_stock(product, self.bin_a, i + 1)
        Board = self.env["factory.stock.board"].with_user(self.clerk)
        fields = ["default_code", "product_id", "warehouse_id", "qty_on_hand", "status"]
        Board.web_search_read([], {f: {} for f in fields}, limit=80)  # warm caches
        self.env.invalidate_all()
        with self.assertQueryCount(5):
            result = Board.web_search_read([], {f: {} for f in fields}, limit=80)
        self.assertGreaterEqual(result["length"], 30)

    def test_drill_down_actions(self):
        self._set_stock(self.material, self.bin_a, 5)
        self._set_stock(self.material, self.bin_b, 7)
        row = self._board(self.material, self.wh_raw)
        action = row.action_open_quants()
        quants = self.env["stock.quant"].search(action["domain"])
        self.assertEqual(quants.location_id, self.bin_a | self.bin_b)
        action = row.action_open_moves()
        self.assertEqual(action["res_model"], "stock.move.line")

    def test_views_load_for_clerk(self):
        Board = self.env["factory.stock.board"].with_user(self.clerk)
        views = Board.get_views(
            [
                (False, "list"),
                (False, "kanban"),
                (False, "pivot"),
                (False, "graph"),
                (False, "search"),
            ]
        )
        self.assertNotIn("value", views["models"]["factory.stock.board"]["fields"])
        # the material form still opens for a clerk, without the cost field
        form = Form(
            self.env["product.template"]
            .with_user(self.clerk)
            .browse(self.material.product_tmpl_id.id)
        )
        self.assertEqual(form.default_code, "TST-0001")

    def test_below_safety_list_same_rows_as_whole_board(self):
        """The default view (*Below Safety*) evaluates the board of the
        materials with a safety stock only: its rows, figures and count are
        those of the whole board filtered on the status."""
        wh = self.wh_raw
        Orderpoint = self.env["stock.warehouse.orderpoint"]
        supplier = self.env.ref("stock.stock_location_suppliers")
        cases = [(10, 20, 3), (10, 20, 8), (0, 50, 60), (0, 0, 1), (None, None, 2)]
        products = self.env["product.product"]
        for i, (minimum, maximum, on_hand) in enumerate(cases):
            product = self._create_material(f"TST-B{i:02d}", f"Below {i}")
            products |= product
            self._set_stock(product, self.bin_a, on_hand)
            if minimum is not None:
                Orderpoint.create(
                    {
                        "product_id": product.id,
                        "warehouse_id": wh.id,
                        "location_id": wh.lot_stock_id.id,
                        "product_min_qty": minimum,
                        "product_max_qty": maximum,
                    }
                )
        # a second rule of the first material (sums), incoming moves of another
        Orderpoint.create(
            {
                "product_id": products[0].id,
                "warehouse_id": wh.id,
                "location_id": self.bin_b.id,
                "product_min_qty": 1,
                "product_max_qty": 1,
            }
        )
        self._picking(wh.in_type_id, supplier, wh.lot_stock_id, 4, products[1])
        self._picking(
            wh.in_type_id, supplier, wh.lot_stock_id, 4, products[1]
        ).action_confirm()
        Board = self.env["factory.stock.board"].with_user(self.clerk)
        Board.invalidate_model()
        names = ["product_id", "qty_on_hand", "qty_incoming", "safety_qty", "status"]
        domain = [("warehouse_id", "=", wh.id), ("product_id", "in", products.ids)]
        whole = Board.search_read(domain, names)
        below = Board.search_read([*domain, ("status", "=", "below")], names)
        self.assertEqual(below, [row for row in whole if row["status"] == "below"])
        self.assertEqual([row["product_id"][0] for row in below], products[:2].ids)
        self.assertEqual((below[0]["safety_qty"], below[1]["qty_incoming"]), (11, 4))
        self.assertEqual(
            Board.search_count([*domain, ("status", "=", "below")]), len(below)
        )
        # any other domain (an OR with the status) reads the whole board
        either = Board.search_read(
            [*domain, "|", ("status", "=", "below"), ("status", "=", "normal")], names
        )
        self.assertEqual(either, [r for r in whole if r["status"] != "above"])
        self.assertEqual(len(either), 4)
        # the context cannot narrow the whole board
        narrowed = Board.with_context(factory_board_below_only=True)
        self.assertEqual(narrowed.search_read(domain, names), whole)

    def test_list_page_and_count_as_odoo_gives_them(self):
        """The list's page and count come from one evaluation of the board,
        with the answer of Odoo's own web_search_read (search_fetch, then
        search_count when the page is full), pages, offsets, count limits."""
        wh = self.wh_raw
        for i in range(7):
            product = self._create_material(f"TST-P{i:02d}", f"Page {i}")
            self._set_stock(product, self.bin_a, i + 1)
            self.env["stock.warehouse.orderpoint"].create(
                {
                    "product_id": product.id,
                    "warehouse_id": wh.id,
                    "location_id": wh.lot_stock_id.id,
                    "product_min_qty": 6,
                    "product_max_qty": 10,
                }
            )
        Board = self.env["factory.stock.board"].with_user(self.clerk)
        Board.invalidate_model()
        spec = {"product_id": {"fields": {"display_name": {}}}, "qty_on_hand": {}}
        base = self.env.registry["base"]
        for domain in (
            [("warehouse_id", "=", wh.id), ("status", "=", "below")],
            [("warehouse_id", "=", wh.id), ("default_code", "like", "TST-P")],
        ):
            for offset, limit, count_limit in (
                (0, 2, None),
                (0, 2, 3),
                (4, 2, None),
                (4, 80, None),
                (0, 80, 10001),
                (20, 2, None),
            ):
                ours = Board.web_search_read(
                    domain, spec, offset=offset, limit=limit, count_limit=count_limit
                )
                odoo = base.web_search_read(
                    Board,
                    domain,
                    spec,
                    offset=offset,
                    limit=limit,
                    count_limit=count_limit,
                )
                self.assertEqual(ours, odoo, (domain, offset, limit, count_limit))
        below = Board.web_search_read(
            [("warehouse_id", "=", wh.id), ("status", "=", "below")], spec, limit=2
        )
        self.assertEqual(below["length"], 5)  # on hand 1-5 of a safety of 6
