from odoo.tests import tagged

from .common import FactoryApiCase


@tagged("post_install", "-at_install")
class TestApiWrite(FactoryApiCase):
    # ------------------------------------------------------------------
    # material requests
    # ------------------------------------------------------------------
    def _mr_body(self, qty=2, **extra):
        return {
            "warehouse": "TRW",
            "cost_center": "TST-MNT",
            "lines": [{"material": "TST-RM-01", "qty": qty}],
            **extra,
        }

    def test_material_request_create_submit_idempotent(self):
        Request = self.env["factory.material.request"]
        before = Request.search_count([])
        first = self.post(
            "/material-requests", self.requester, self._mr_body(), key="mr-1"
        )
        status, payload, _r = first
        self.assertEqual(status, 201, payload)
        request = Request.browse(payload["id"])
        self.assertEqual(request.requested_by_id, self.requester)
        self.assertEqual(request.cost_center_id, self.cost_center)
        self.assertIn(payload["state"], ("submitted", "approved"))
        self.assertEqual(request.state, payload["state"])
        # sent again: the first answer, nothing booked twice
        status, again, response = self.post(
            "/material-requests", self.requester, self._mr_body(), key="mr-1"
        )
        self.assertEqual(status, 201)
        self.assertEqual(again, payload)
        self.assertEqual(response.headers.get("Idempotent-Replayed"), "true")
        self.assertEqual(Request.search_count([]), before + 1)
        # the same key with another body is refused
        self.assertError(
            self.post(
                "/material-requests", self.requester, self._mr_body(3), key="mr-1"
            ),
            409,
            "idempotency_key_reused",
            "Idempotency-Key",
        )
        self.assertEqual(Request.search_count([]), before + 1)
        # another user's same key is his own
        status, payload, _r = self.post(
            "/material-requests", self.approver, self._mr_body(), key="mr-1"
        )
        self.assertEqual(status, 201, payload)
        self.assertEqual(Request.search_count([]), before + 2)
        # each reads his own keys only (record rule)
        Keys = self.env["factory.api.idempotency"]
        self.assertEqual(
            Keys.with_user(self.requester).search([]).user_id, self.requester
        )

    def test_material_request_read_and_scope(self):
        status, created, _r = self.post(
            "/material-requests", self.requester, self._mr_body(submit=False)
        )
        self.assertEqual(status, 201, created)
        self.assertEqual(created["state"], "draft")
        path = f"/material-requests/{created['id']}"
        # the raw warehouse's clerk reads it, the FG clerk does not see it
        status, payload, _r = self.get(path, self.clerk)
        self.assertEqual((status, payload["name"]), (200, created["name"]))
        forbidden = self.assertError(self.get(path, self.fg_clerk), 404, "not_found")
        unknown = self.assertError(
            self.get("/material-requests/999999999", self.fg_clerk), 404, "not_found"
        )
        self.assertEqual(forbidden, unknown)
        _s, listed, _r = self.get("/material-requests?state=draft", self.fg_clerk)
        self.assertNotIn(created["id"], [r["id"] for r in listed["items"]])
        # a clerk may not submit (no write right): 403, the request stays draft
        self.assertError(self.post(path + "/submit", self.clerk), 403, "forbidden")
        status, payload, _r = self.post(path + "/submit", self.requester)
        self.assertEqual(status, 200, payload)
        self.assertNotEqual(payload["state"], "draft")
        _s, mine, _r = self.get("/material-requests?mine=true", self.requester)
        self.assertIn(created["id"], [r["id"] for r in mine["items"]])

    def test_material_request_of_an_order(self):
        """The order's own "Request Material": its remaining needs."""
        production = self._order(qty=2)
        status, payload, _r = self.post(
            "/material-requests",
            self.requester,
            {"manufacturing_order": production.id, "note": "line 3"},
            key="mr-order-1",
        )
        self.assertEqual(status, 201, payload)
        self.assertEqual(payload["manufacturing_order"]["id"], production.id)
        self.assertEqual(
            {(line["material"]["id"], line["qty"]) for line in payload["lines"]},
            {(self.shaft.id, 2), (self.magnet.id, 4)},
        )
        self.assertEqual(payload["note"], "line 3")
        # a second one while the first is open: the order's own rule refuses
        self.assertError(
            self.post(
                "/material-requests",
                self.requester,
                {"manufacturing_order": production.id},
            ),
            422,
            "rejected",
        )
        self.assertError(
            self.post(
                "/material-requests",
                self.requester,
                {"manufacturing_order": production.id, "warehouse": "TRW"},
            ),
            422,
            "invalid_payload",
            "lines",
        )

    def test_material_request_bad_payload(self):
        Request = self.env["factory.material.request"]
        before = Request.search_count([])
        cases = [
            ({"cost_center": "TST-MNT", "lines": []}, "warehouse"),
            (self._mr_body(qty="many"), "lines[0].qty"),
            (self._mr_body(qty=-1), "lines[0].qty"),
            (
                {**self._mr_body(), "lines": [{"material": "NO-SUCH", "qty": 1}]},
                "lines[0].material",
            ),
            ({**self._mr_body(), "colour": "red"}, "colour"),
            ({**self._mr_body(), "submit": "yes"}, "submit"),
            ({**self._mr_body(), "lines": "shaft"}, "lines"),
        ]
        for body, field in cases:
            status, payload, _r = self.post("/material-requests", self.requester, body)
            self.assertIn(status, (404, 422), payload)
            self.assertEqual(payload["error"]["field"], field, payload)
        self.assertError(
            self.post("/material-requests", self.requester, "{not json"),
            422,
            "invalid_json",
        )
        # another warehouse than the user's: 404, as an unknown one
        self.assertError(
            self.post(
                "/material-requests",
                self.clerk,
                {**self._mr_body(), "warehouse": "TFG"},
            ),
            404,
            "not_found",
            "warehouse",
        )
        # a rule of the request refuses: shortage without allow_shortage
        rejected = self.assertError(
            self.post("/material-requests", self.requester, self._mr_body(qty=1000)),
            422,
            "rejected",
        )
        self.assertIn("TST-RM-01", rejected["message"])
        self.assertEqual(Request.search_count([]), before)

    # ------------------------------------------------------------------
    # production reports
    # ------------------------------------------------------------------
    def test_production_report_idempotent(self):
        production = self._released(qty=10)
        winding = self._ops(production)[0]
        body = {
            "work_order": winding.id,
            "badge": "TW0002",
            "good_qty": 3,
            "scrap_qty": 1,
            "scrap_reason": self.reason.id,
            "minutes": 25,
        }
        Report = self.env["factory.production.report"]
        status, payload, _r = self.post(
            "/production-reports", self.worker, body, key="rep-1"
        )
        self.assertEqual(status, 201, payload)
        report = Report.browse(payload["id"])
        self.assertEqual(report.employee_id, self.other_employee)
        self.assertEqual(report.reported_by_id, self.worker)
        self.assertEqual((report.good_qty, report.scrap_qty), (3, 1))
        self.assertEqual(report.duration, 25)
        self.assertEqual(payload["operation"]["good"], 3)
        status, again, _r = self.post(
            "/production-reports", self.worker, body, key="rep-1"
        )
        self.assertEqual((status, again), (201, payload))
        self.assertEqual(Report.search_count([("workorder_id", "=", winding.id)]), 1)
        # without a badge: the user's own employee
        status, payload, _r = self.post(
            "/production-reports",
            self.worker,
            {"work_order": winding.id, "good_qty": 2, "minutes": 10},
        )
        self.assertEqual(status, 201, payload)
        self.assertEqual(Report.browse(payload["id"]).employee_id, self.employee)

    def test_work_orders_to_report(self):
        production = self._released(qty=4)
        winding = self._ops(production)[0]
        status, payload, _r = self.get("/work-orders?limit=500", self.worker)
        self.assertEqual(status, 200, payload)
        ids = [op["id"] for op in payload["items"]]
        self.assertIn(winding.id, ids)
        self.assertEqual(payload["total"], len(ids))
        _s, first, _r = self.get("/work-orders?limit=1", self.worker)
        self.assertEqual((len(first["items"]), first["total"]), (1, len(ids)))
        self.assertError(self.get("/work-orders", self.clerk), 403, "forbidden")

    def test_production_report_refusals(self):
        production = self._released(qty=5)
        winding = self._ops(production)[0]
        Report = self.env["factory.production.report"]
        ok = {"work_order": winding.id, "badge": "TW0001", "minutes": 5}
        self.assertError(
            self.post("/production-reports", self.worker, {"good_qty": 1}),
            422,
            "invalid_payload",
            "work_order",
        )
        self.assertError(
            self.post("/production-reports", self.worker, {**ok, "good_qty": "x"}),
            422,
            "invalid_payload",
            "good_qty",
        )
        self.assertError(
            self.post("/production-reports", self.worker, {**ok, "scrap_qty": 1}),
            422,
            "invalid_payload",
            "scrap_reason",
        )
        self.assertError(
            self.post(
                "/production-reports", self.worker, {**ok, "work_order": 999999999}
            ),
            404,
            "not_found",
            "work_order",
        )
        # the report's own checks: over the order quantity, an unknown badge
        self.assertError(
            self.post("/production-reports", self.worker, {**ok, "good_qty": 99}),
            422,
            "rejected",
        )
        self.assertError(
            self.post(
                "/production-reports",
                self.worker,
                {**ok, "good_qty": 1, "badge": "NOBODY"},
            ),
            422,
            "rejected",
        )
        # a clerk does not report production
        self.assertError(
            self.post("/production-reports", self.clerk, {**ok, "good_qty": 1}),
            403,
            "forbidden",
        )
        self.assertFalse(Report.search([("workorder_id", "=", winding.id)]))

    # ------------------------------------------------------------------
    # receipts
    # ------------------------------------------------------------------
    def test_receipt_with_lot(self):
        line = self.po_raw.order_line
        body = {"purchase_line": line.id, "qty": 8, "lot": "R-API-001"}
        status, payload, _r = self.post("/receipts", self.clerk, body, key="rec-1")
        self.assertEqual(status, 201, payload)
        move_line = self.env["stock.move.line"].browse(payload["move_line"])
        self.assertEqual(move_line.lot_name or move_line.lot_id.name, "R-API-001")
        self.assertEqual(move_line.quantity, 8)
        self.assertTrue(move_line.picked)
        status, again, _r = self.post("/receipts", self.clerk, body, key="rec-1")
        self.assertEqual((status, again), (201, payload))
        picking = move_line.picking_id
        self.assertEqual(
            sum(picking.move_line_ids.filtered("picked").mapped("quantity")), 8
        )
        # the rest, validated: stock of the lot, a backorder for nothing left
        status, payload, _r = self.post(
            "/receipts",
            self.clerk,
            {"purchase_line": line.id, "qty": 12, "lot": "R-API-002", "validate": True},
        )
        self.assertEqual(status, 201, payload)
        self.assertEqual(payload["receipt"]["state"], "done")
        self.assertEqual(line.qty_received, 20)
        lots = self.env["stock.lot"].search([("product_id", "=", self.resin.id)])
        self.assertEqual(sorted(lots.mapped("name")), ["R-API-001", "R-API-002"])
        # nothing left to receive
        self.assertError(
            self.post("/receipts", self.clerk, {**body, "lot": "R-API-003"}),
            404,
            "not_found",
            "purchase_line",
        )

    def test_receipt_refusals(self):
        line = self.po_raw.order_line
        # the other warehouse's receipt: as unknown as a missing line
        fg = self.assertError(
            self.post(
                "/receipts",
                self.clerk,
                {"purchase_line": self.po_fg.order_line.id, "qty": 1, "lot": "X"},
            ),
            404,
            "not_found",
            "purchase_line",
        )
        missing = self.assertError(
            self.post(
                "/receipts",
                self.clerk,
                {"purchase_line": 999999999, "qty": 1, "lot": "X"},
            ),
            404,
            "not_found",
            "purchase_line",
        )
        self.assertEqual(fg, missing)
        cases = [
            ({"purchase_line": line.id, "qty": 0, "lot": "X"}, "qty"),
            ({"purchase_line": line.id, "qty": 1}, "lot"),
            ({"purchase_line": "first", "qty": 1, "lot": "X"}, "purchase_line"),
            (
                {"purchase_line": line.id, "qty": 1, "lot": "X", "expiration_date": 5},
                "expiration_date",
            ),
        ]
        for body, field in cases:
            self.assertError(
                self.post("/receipts", self.clerk, body), 422, "invalid_payload", field
            )
        # more than ordered: the scan's own check refuses it
        self.assertError(
            self.post(
                "/receipts",
                self.clerk,
                {"purchase_line": line.id, "qty": 21, "lot": "X"},
            ),
            422,
            "rejected",
        )
        # a line worker does not receive
        self.assertError(
            self.post(
                "/receipts",
                self.worker,
                {"purchase_line": line.id, "qty": 1, "lot": "X"},
            ),
            403,
            "forbidden",
        )
        self.assertFalse(
            self.po_raw.picking_ids.move_line_ids.filtered("picked"),
            "a refused receipt books nothing",
        )

    # ------------------------------------------------------------------
    # alerts
    # ------------------------------------------------------------------
    def test_alert_acknowledge(self):
        path = f"/alerts/{self.alert_raw.id}/acknowledge"
        status, payload, _r = self.post(path, self.supervisor, key="ack-1")
        self.assertEqual(status, 200, payload)
        self.assertEqual(payload["state"], "acknowledged")
        self.assertEqual(self.alert_raw.acknowledged_by_id, self.supervisor)
        status, again, _r = self.post(path, self.supervisor, key="ack-1")
        self.assertEqual((status, again), (200, payload))
        # without the key a second time: the alert's own rule refuses
        self.assertError(self.post(path, self.supervisor), 422, "rejected")
        # the other warehouse's alert is not found; a clerk may not acknowledge
        fg_path = f"/alerts/{self.alert_fg.id}/acknowledge"
        self.assertError(self.post(fg_path, self.supervisor), 404, "not_found")
        self.assertError(self.post(fg_path, self.fg_clerk), 403, "forbidden")
        self.assertEqual(self.alert_fg.state, "open")
        self.assertError(
            self.post(fg_path, self.purchaser, {"note": "x"}),
            422,
            "invalid_payload",
            "note",
        )
        status, payload, _r = self.post(fg_path, self.purchaser)
        self.assertEqual((status, payload["state"]), (200, "acknowledged"))
