from odoo.tests import tagged

from .common import FactoryApiCase


@tagged("post_install", "-at_install")
class TestApiRead(FactoryApiCase):
    def test_authentication(self):
        """No key, a wrong key, a revoked key: 401 (and nothing else)."""
        self.assertError(self.get("/stock", None), 401, "unauthenticated")
        wrong = self.call(
            "GET", "/stock", headers={"Authorization": "Bearer " + "0" * 40}
        )
        self.assertError(wrong, 401, "invalid_api_key")
        status, payload, _response = self.get("/stock", self.clerk)
        self.assertEqual(status, 200, payload)
        key = (
            self.env["res.users.apikeys"]
            .sudo()
            .search([("user_id", "=", self.clerk.id)])
        )
        key.with_user(self.clerk)._remove()
        revoked = self.get("/stock", self.clerk)
        self.assertError(revoked, 401, "invalid_api_key")
        self.assertIn("Bearer", revoked[2].headers["WWW-Authenticate"])
        # a known key of an archived user is refused at once
        self.assertEqual(self.get("/stock", self.fg_clerk)[0], 200)
        self.fg_clerk.active = False
        self.assertError(self.get("/stock", self.fg_clerk), 401, "invalid_api_key")
        # a key of another scope does not open the API
        other = self._api_key(self.clerk, scope="other")
        result = self.call(
            "GET", "/stock", headers={"Authorization": f"Bearer {other}"}
        )
        self.assertError(result, 401, "invalid_api_key")

    def test_stock_board_as_clerk(self):
        """Material × warehouse, only the clerk's warehouse; another warehouse
        asked for by code or id is as unknown as a missing one."""
        status, payload, _r = self.get("/stock?material=TST-0001", self.clerk)
        self.assertEqual(status, 200, payload)
        self.assertEqual(payload["total"], 1)
        (row,) = payload["items"]
        self.assertEqual(row["warehouse"]["code"], "TRW")
        self.assertEqual(row["on_hand"], 7)
        self.assertEqual(row["available"], 7)
        self.assertEqual(row["quarantine"], 0)
        self.assertNotIn("value", row)
        forbidden = self.assertError(
            self.get("/stock?warehouse=TFG", self.clerk), 404, "not_found", "warehouse"
        )
        unknown = self.assertError(
            self.get("/stock?warehouse=NOPE", self.clerk), 404, "not_found", "warehouse"
        )
        self.assertEqual(forbidden, unknown)
        by_id = f"/stock?warehouse={self.wh_fg.id}"
        self.assertError(self.get(by_id, self.clerk), 404, "not_found", "warehouse")
        # the manager sees both warehouses
        status, payload, _r = self.get("/stock?material=TST-0001", self.manager)
        self.assertEqual(
            sorted(r["warehouse"]["code"] for r in payload["items"]), ["TFG", "TRW"]
        )

    def test_stock_board_pages(self):
        """The board's pages and total (one evaluation of the view): the
        rows of the key's user only, each once, the total as search_count
        counts them as that user, also past the last page."""
        self._set_stock(self.other_material, self.wh_raw.lot_stock_id, 4)
        for user in (self.clerk, self.manager):
            Board = self.env["factory.stock.board"].with_user(user)
            # by material code (none last), then material and warehouse ids
            expected = Board.search([]).sorted(
                lambda r: (
                    not r.default_code,
                    r.default_code or "",
                    r.product_id.id,
                    r.warehouse_id.id,
                )
            )
            self.assertGreaterEqual(len(expected), 2)
            seen = []
            for offset in range(len(expected)):
                status, payload, _r = self.get(f"/stock?limit=1&offset={offset}", user)
                self.assertEqual(status, 200, payload)
                self.assertEqual(payload["total"], len(expected))
                seen += [
                    (i["material"]["id"], i["warehouse"]["id"])
                    for i in payload["items"]
                ]
            self.assertEqual(
                seen, [(r.product_id.id, r.warehouse_id.id) for r in expected]
            )
            _s, payload, _r = self.get(f"/stock?limit=5&offset={len(expected)}", user)
            self.assertEqual((payload["items"], payload["total"]), ([], len(expected)))
        # the clerk's rows are those of the clerk's warehouse
        _s, payload, _r = self.get("/stock?limit=500", self.clerk)
        self.assertEqual({i["warehouse"]["code"] for i in payload["items"]}, {"TRW"})

    def test_stock_quants_pagination_and_filters(self):
        self._set_stock(self.material, self.bin_a, 2)
        self._set_stock(self.other_material, self.bin_b, 4)
        status, payload, _r = self.get(
            "/stock/quants?warehouse=TRW&limit=1&offset=0", self.clerk
        )
        self.assertEqual(status, 200, payload)
        total = payload["total"]
        self.assertGreaterEqual(total, 3)
        self.assertEqual(len(payload["items"]), 1)
        seen = []
        for offset in range(total):
            _s, page, _r = self.get(
                f"/stock/quants?warehouse=TRW&limit=1&offset={offset}", self.clerk
            )
            seen += [(i["material"]["id"], i["location"]["id"]) for i in page["items"]]
        self.assertEqual(len(set(seen)), total)
        _s, payload, _r = self.get(
            f"/stock/quants?location={self.bin_a.id}", self.clerk
        )
        self.assertEqual(
            [(i["material"]["code"], i["on_hand"]) for i in payload["items"]],
            [("TST-0001", 2)],
        )
        # quants of the other warehouse are never listed, nor reachable
        _s, payload, _r = self.get("/stock/quants?material=TST-0001", self.clerk)
        self.assertEqual({i["warehouse"]["code"] for i in payload["items"]}, {"TRW"})
        fg_location = f"/stock/quants?location={self.wh_fg.lot_stock_id.id}"
        self.assertError(
            self.get(fg_location, self.clerk), 404, "not_found", "location"
        )
        self.assertError(
            self.get("/stock/quants?limit=abc", self.clerk),
            422,
            "invalid_payload",
            "limit",
        )
        self.assertError(
            self.get("/stock/quants?limit=100000", self.clerk),
            422,
            "invalid_payload",
            "limit",
        )

    def test_materials(self):
        status, payload, _r = self.get("/materials?code=TST-0001", self.clerk)
        self.assertEqual(status, 200, payload)
        (material,) = payload["items"]
        self.assertEqual(material["specification"], "0.25mm")
        self.assertEqual(material["id"], self.material.id)
        _s, payload, _r = self.get("/materials?search=TST-API", self.worker)
        self.assertEqual([m["code"] for m in payload["items"]], ["TST-API-01"])
        self.assertEqual(payload["items"][0]["tracking"], "lot")
        self.assertError(
            self.get("/materials?category=x", self.clerk),
            422,
            "invalid_payload",
            "category",
        )

    def test_manufacturing_orders_with_shortage(self):
        production = self._released(qty=2)
        short = self._order(qty=50)  # far more shafts than in stock
        status, payload, _r = self.get(
            "/manufacturing-orders?warehouse=TRW&limit=100", self.requester
        )
        self.assertEqual(status, 200, payload)
        orders = {o["id"]: o for o in payload["items"]}
        self.assertTrue(orders[production.id]["released"])
        self.assertEqual(len(orders[production.id]["work_orders"]), 2)
        self.assertFalse(orders[production.id]["short"])
        shaft = next(
            c
            for c in orders[short.id]["components"]
            if c["material"]["id"] == self.shaft.id
        )
        self.assertEqual(shaft["required"], 50)
        self.assertGreater(shaft["shortage"], 0)
        _s, payload, _r = self.get("/manufacturing-orders?short=true", self.requester)
        ids = [o["id"] for o in payload["items"]]
        self.assertIn(short.id, ids)
        self.assertNotIn(production.id, ids)
        self.assertError(
            self.get("/manufacturing-orders?released=maybe", self.requester),
            422,
            "invalid_payload",
            "released",
        )

    def test_alerts_scope(self):
        status, payload, _r = self.get("/alerts?state=open", self.supervisor)
        self.assertEqual(status, 200, payload)
        ids = [a["id"] for a in payload["items"]]
        self.assertIn(self.alert_raw.id, ids)
        self.assertNotIn(self.alert_fg.id, ids)
        self.assertError(
            self.get("/alerts?warehouse=TFG", self.supervisor),
            404,
            "not_found",
            "warehouse",
        )
        self.assertError(
            self.get("/alerts?state=closed", self.supervisor),
            422,
            "invalid_payload",
            "state",
        )

    def test_unknown_endpoint_and_language(self):
        self.assertError(self.get("/nothing-here", self.clerk), 404, "unknown_endpoint")
        english = self.assertError(self.get("/stock", None), 401, "unauthenticated")
        chinese = self.assertError(
            self.get("/stock", None, headers={"Accept-Language": "zh-CN"}),
            401,
            "unauthenticated",
        )
        self.assertNotEqual(english["message"], chinese["message"])
