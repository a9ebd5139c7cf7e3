"""Factory API v1: the endpoints. Each one reads or writes as the API key's
user, through the models and methods the screens use (record rules,
warehouse scope and every check of the suite apply)."""

from pathlib import Path

from odoo import Command, http
from odoo.http import request

from .common import (
    _,
    api_route,
    body_bool,
    body_datetime,
    body_id,
    body_number,
    body_text,
    check_fields,
    dt,
    invalid,
    json_response,
    listing,
    not_found,
    page,
    page_total,
    query,
    query_bool,
    query_choice,
    query_int,
    ref,
)
from .openapi import OPENAPI_FILE

OPEN_ORDER_STATES = ("confirmed", "progress", "to_close")
BOARD_FIELDS = [
    "product_id",
    "default_code",
    "warehouse_id",
    "uom_id",
    "qty_on_hand",
    "qty_reserved",
    "qty_available",
    "qty_quarantine",
    "qty_rejected",
    "qty_incoming",
    "qty_outgoing",
    "qty_forecast",
    "safety_qty",
    "max_qty",
    "status",
]
REQUEST_STATES = (
    "draft",
    "submitted",
    "approved",
    "partial",
    "issued",
    "closed",
    "cancel",
)
ALERT_STATES = ("open", "acknowledged", "resolved")


def _page_doc(*filters):
    return [*filters, "limit", "offset"]


class FactoryApi(http.Controller):
    # ------------------------------------------------------------------
    # scope helpers
    # ------------------------------------------------------------------

    def _warehouses(self):
        """The warehouses the user works in (as the record rules)."""
        return request.env["factory.scan"]._user_warehouses()

    def _warehouse(self, value, field="warehouse"):
        """A warehouse of the user's scope from an id or a short code (404
        for any other, so nothing tells an unknown one from a forbidden
        one)."""
        if value is None:
            return request.env["stock.warehouse"]
        warehouses = self._warehouses()
        if value.isdecimal():
            warehouse = warehouses.filtered(lambda w: w.id == int(value))
        else:
            warehouse = warehouses.filtered(lambda w: w.code == value)
        if not warehouse:
            raise not_found(field)
        return warehouse[:1]

    def _material(self, value, field="material"):
        """A material from an id or its material code (default_code)."""
        Product = request.env["product.product"]
        if value is None:
            return Product
        if isinstance(value, int) and not isinstance(value, bool):
            product = Product.search([("id", "=", value)], limit=1)
        elif isinstance(value, str) and value.strip():
            value = value.strip()
            domain = [("default_code", "=", value)]
            if value.isdecimal():
                domain = ["|", ("id", "=", int(value)), *domain]
            product = Product.search(domain, limit=1)
        else:
            raise invalid(field, _("Give the material's id or material code."))
        if not product:
            raise not_found(field)
        return product

    # ------------------------------------------------------------------
    # documentation
    # ------------------------------------------------------------------

    @http.route(
        "/factory/api/v1/openapi.json",
        type="http",
        auth="none",
        methods=["GET"],
        csrf=False,
        save_session=False,
    )
    def openapi(self):
        return request.make_response(
            Path(OPENAPI_FILE).read_bytes(),
            headers=[("Content-Type", "application/json; charset=utf-8")],
        )

    @http.route(
        "/factory/api/v1/<path:unknown>",
        type="http",
        auth="none",
        csrf=False,
        save_session=False,
    )
    def unknown(self, unknown):
        return json_response(
            {
                "error": {
                    "code": "unknown_endpoint",
                    "message": request.env._("There is no such endpoint."),
                    "field": None,
                }
            },
            status=404,
        )

    # ------------------------------------------------------------------
    # stock
    # ------------------------------------------------------------------

    @api_route(
        "/stock",
        doc={
            "tag": "Stock",
            "summary": "Stock by material and warehouse (live stock board)",
            "params": _page_doc("material", "warehouse", "status"),
            "item": "StockRow",
        },
    )
    def stock(self):
        limit, offset = page()
        domain = []
        material = self._material(query("material"))
        if material:
            domain.append(("product_id", "=", material.id))
        warehouse = self._warehouse(query("warehouse"))
        if warehouse:
            domain.append(("warehouse_id", "=", warehouse.id))
        status = query_choice("status", ("below", "normal", "above"))
        if status:
            domain.append(("status", "=", status))
        Board = request.env["factory.stock.board"]
        # one query of the view for the rows (and one more for the count only
        # when the page is full)
        rows = Board.search_fetch(domain, BOARD_FIELDS, offset=offset, limit=limit)
        total = page_total(Board, domain, rows, limit, offset)
        items = [
            {
                "material": ref(row.product_id, "default_code"),
                "warehouse": ref(row.warehouse_id, "code"),
                "uom": row.uom_id.name,
                "on_hand": row.qty_on_hand,
                "reserved": row.qty_reserved,
                "available": row.qty_available,
                "quarantine": row.qty_quarantine,
                "rejected": row.qty_rejected,
                "incoming": row.qty_incoming,
                "outgoing": row.qty_outgoing,
                "forecast": row.qty_forecast,
                "safety_stock": row.safety_qty,
                "max_stock": row.max_qty,
                "status": row.status,
            }
            for row in rows
        ]
        return listing(items, total, limit, offset)

    @api_route(
        "/stock/quants",
        doc={
            "tag": "Stock",
            "summary": "Stock by material, location and lot (Odoo's quants)",
            "params": _page_doc("material", "warehouse", "location", "lot"),
            "item": "QuantRow",
        },
    )
    def stock_quants(self):
        limit, offset = page()
        domain = [("location_id.usage", "=", "internal")]
        material = self._material(query("material"))
        if material:
            domain.append(("product_id", "=", material.id))
        warehouse = self._warehouse(query("warehouse"))
        if warehouse:
            domain.append(("location_id", "child_of", warehouse.view_location_id.id))
        location_id = query_int("location")
        if location_id:
            location = request.env["stock.location"].search(
                [("id", "=", location_id), ("usage", "=", "internal")]
            )
            if not location or location.warehouse_id not in self._warehouses():
                raise not_found("location")
            domain.append(("location_id", "child_of", location.id))
        lot = query("lot")
        if lot:
            domain.append(("lot_id.name", "=", lot))
        groupby = ["product_id", "location_id", "lot_id"]
        Quant = request.env["stock.quant"]
        groups = Quant._read_group(
            domain,
            groupby,
            ["quantity:sum", "reserved_quantity:sum"],
            order="product_id, location_id, lot_id",
            limit=limit,
            offset=offset,
        )
        total = offset + len(groups)
        if len(groups) == limit or (offset and not groups):
            total = len(Quant._read_group(domain, groupby))
        items = []
        for product, location, lot_rec, qty, reserved in groups:
            usage = location.factory_qc_usage
            items.append(
                {
                    "material": ref(product, "default_code"),
                    "warehouse": ref(location.warehouse_id, "code"),
                    "location": ref(location),
                    "lot": ref(lot_rec),
                    "expiration_date": dt(lot_rec.expiration_date) if lot_rec else None,
                    "uom": product.uom_id.name,
                    "on_hand": qty,
                    "reserved": reserved,
                    "available": qty - reserved if not usage else 0.0,
                    "quarantine": qty if usage == "quarantine" else 0.0,
                    "rejected": qty if usage == "reject" else 0.0,
                }
            )
        return listing(items, total, limit, offset)

    # ------------------------------------------------------------------
    # materials
    # ------------------------------------------------------------------

    @api_route(
        "/materials",
        doc={
            "tag": "Materials",
            "summary": "Material master (物料)",
            "params": _page_doc("code", "barcode", "search", "category"),
            "item": "Material",
        },
    )
    def materials(self):
        limit, offset = page()
        domain = [("is_storable", "=", True)]
        if query("code"):
            domain.append(("default_code", "=", query("code")))
        if query("barcode"):
            domain.append(("barcode", "=", query("barcode")))
        if query("search"):
            domain += [
                "|",
                ("default_code", "ilike", query("search")),
                ("name", "ilike", query("search")),
            ]
        category = query_int("category")
        if category:
            domain.append(("categ_id", "child_of", category))
        Product = request.env["product.product"]
        products = Product.search(
            domain, limit=limit, offset=offset, order="default_code, id"
        )
        total = page_total(Product, domain, products, limit, offset)
        items = [
            {
                "id": product.id,
                "code": product.default_code or None,
                "name": product.name,
                "specification": product.factory_spec or None,
                "barcode": product.barcode or None,
                "category": ref(product.categ_id),
                "uom": product.uom_id.name,
                "tracking": product.tracking,
                "active": product.active,
            }
            for product in products
        ]
        return listing(items, total, limit, offset)

    # ------------------------------------------------------------------
    # manufacturing orders
    # ------------------------------------------------------------------

    @api_route(
        "/manufacturing-orders",
        doc={
            "tag": "Manufacturing",
            "summary": "Open manufacturing orders with their component shortage",
            "params": _page_doc("warehouse", "material", "released", "short"),
            "item": "ManufacturingOrder",
        },
    )
    def manufacturing_orders(self):
        limit, offset = page()
        domain = [("state", "in", OPEN_ORDER_STATES)]
        warehouse = self._warehouse(query("warehouse"))
        if warehouse:
            domain.append(("picking_type_id.warehouse_id", "=", warehouse.id))
        material = self._material(query("material"))
        if material:
            domain.append(("product_id", "=", material.id))
        released = query_bool("released")
        if released is not None:
            domain.append(("factory_released", "=", released))
        Shortage = request.env["factory.mrp.shortage"]
        if query_bool("short"):
            short = Shortage._read_group([("shortage_qty", ">", 0)], ["production_id"])
            domain.append(("id", "in", [production.id for (production,) in short]))
        Production = request.env["mrp.production"]
        productions = Production.search(
            domain, limit=limit, offset=offset, order="date_start, id"
        )
        total = page_total(Production, domain, productions, limit, offset)
        lines = Shortage.search([("production_id", "in", productions.ids)])
        by_order = {}
        for line in lines:
            by_order.setdefault(line.production_id.id, []).append(
                {
                    "material": ref(line.product_id, "default_code"),
                    "uom": line.uom_id.name,
                    "required": line.required_qty,
                    "reserved": line.reserved_qty,
                    "open": line.open_qty,
                    "free_in_warehouse": line.free_qty,
                    "free_elsewhere": line.free_elsewhere_qty,
                    "at_subcontractors": line.subcontractor_qty,
                    "incoming": line.incoming_qty,
                    "shortage": line.shortage_qty,
                }
            )
        items = [
            {
                "id": production.id,
                "name": production.name,
                "material": ref(production.product_id, "default_code"),
                "qty": production.product_qty,
                "uom": production.product_uom_id.name,
                "state": production.state,
                "released": production.factory_released,
                "warehouse": ref(production.picking_type_id.warehouse_id, "code"),
                "date_start": dt(production.date_start),
                "work_orders": [
                    {"id": wo.id, "name": wo.name, "state": wo.state}
                    for wo in production.workorder_ids
                ],
                "components": by_order.get(production.id, []),
                "short": any(
                    c["shortage"] > 0 for c in by_order.get(production.id, [])
                ),
            }
            for production in productions
        ]
        return listing(items, total, limit, offset)

    # ------------------------------------------------------------------
    # material requests
    # ------------------------------------------------------------------

    def _request_data(self, req):
        return {
            "id": req.id,
            "name": req.name,
            "state": req.state,
            "warehouse": ref(req.warehouse_id, "code"),
            "manufacturing_order": ref(req.production_id),
            "cost_center": ref(req.cost_center_id, "code"),
            "requested_by": ref(req.requested_by_id),
            "date_required": dt(req.date_required),
            "shortage_submitted": req.shortage_submitted,
            "approved_by": ref(req.approved_by_id),
            "approved_on": dt(req.approved_on),
            "note": req.note or None,
            "lines": [
                {
                    "material": ref(line.product_id, "default_code"),
                    "qty": line.product_qty,
                    "uom": line.product_uom_id.name,
                    "lot": ref(line.lot_id),
                    "issued": line.qty_issued,
                    "returned": line.qty_returned,
                }
                for line in req.line_ids
            ],
        }

    def _get_request(self, request_id):
        req = request.env["factory.material.request"].search(
            [("id", "=", request_id)], limit=1
        )
        if not req:
            raise not_found()
        return req

    @api_route(
        "/material-requests",
        doc={
            "tag": "Material Requests",
            "summary": "Material requests (领料单) and their state",
            "params": _page_doc("state", "warehouse", "manufacturing_order", "mine"),
            "item": "MaterialRequest",
        },
    )
    def material_requests(self):
        limit, offset = page()
        domain = []
        state = query_choice("state", REQUEST_STATES)
        if state:
            domain.append(("state", "=", state))
        warehouse = self._warehouse(query("warehouse"))
        if warehouse:
            domain.append(("warehouse_id", "=", warehouse.id))
        production_id = query_int("manufacturing_order")
        if production_id:
            domain.append(("production_id", "=", production_id))
        if query_bool("mine"):
            domain.append(("requested_by_id", "=", request.env.uid))
        Request = request.env["factory.material.request"]
        reqs = Request.search(domain, limit=limit, offset=offset)
        total = page_total(Request, domain, reqs, limit, offset)
        return listing([self._request_data(r) for r in reqs], total, limit, offset)

    @api_route(
        "/material-requests/<int:request_id>",
        doc={
            "tag": "Material Requests",
            "summary": "One material request",
            "schema": "MaterialRequest",
        },
    )
    def material_request(self, request_id):
        return 200, self._request_data(self._get_request(request_id))

    @api_route(
        "/material-requests",
        method="POST",
        write=True,
        doc={
            "tag": "Material Requests",
            "summary": "Create a material request and submit it",
            "body": "MaterialRequestCreate",
            "schema": "MaterialRequest",
            "status": 201,
        },
    )
    def material_request_create(self, body):
        check_fields(
            body,
            (
                "warehouse",
                "cost_center",
                "manufacturing_order",
                "date_required",
                "note",
                "lines",
                "submit",
                "allow_shortage",
            ),
        )
        submit = body_bool(body, "submit", default=True)
        allow_shortage = body_bool(body, "allow_shortage")
        note = body_text(body, "note", max_length=4000)
        date_required = body_datetime(body, "date_required")
        Request = request.env["factory.material.request"]
        production_id = body_id(body, "manufacturing_order", required=False)
        if production_id:
            if body.get("lines") or body.get("cost_center") or body.get("warehouse"):
                raise invalid(
                    "lines",
                    _(
                        "A manufacturing order's request takes the order's remaining "
                        "needs: give no lines, cost center or warehouse."
                    ),
                )
            production = request.env["mrp.production"].search(
                [("id", "=", production_id)], limit=1
            )
            if not production:
                raise not_found("manufacturing_order")
            # the order's own "Request Material" button
            req = production._factory_new_material_request()
            extra = {"note": note} if note else {}
            if date_required:
                extra["date_required"] = date_required
            if extra:
                req.write(extra)
        else:
            req = Request.create(self._adhoc_values(body, note, date_required))
        if submit:
            if allow_shortage:
                req.action_submit_with_shortage()
            else:
                req.action_submit()
        return 201, self._request_data(req)

    def _adhoc_values(self, body, note, date_required):
        warehouse_value = body.get("warehouse")
        if warehouse_value in (None, ""):
            raise invalid("warehouse", _("Give the warehouse (id or code)."))
        warehouse = self._warehouse(str(warehouse_value).strip())
        cost_center_value = body.get("cost_center")
        if cost_center_value in (None, ""):
            raise invalid(
                "cost_center",
                _("Give the cost center (id or code), or a manufacturing order."),
            )
        CostCenter = request.env["factory.cost.center"]
        if isinstance(cost_center_value, int) and not isinstance(
            cost_center_value, bool
        ):
            cost_center = CostCenter.search([("id", "=", cost_center_value)], limit=1)
        elif isinstance(cost_center_value, str):
            cost_center = CostCenter.search(
                [("code", "=", cost_center_value.strip())], limit=1
            )
        else:
            raise invalid("cost_center", _("Give the cost center (id or code)."))
        if not cost_center:
            raise not_found("cost_center")
        lines = body.get("lines")
        if not isinstance(lines, list) or not lines:
            raise invalid("lines", _("Give at least one line: material and qty."))
        commands = []
        for index, line in enumerate(lines):
            prefix = f"lines[{index}]"
            if not isinstance(line, dict):
                raise invalid(prefix, _("A line is an object: material and qty."))
            unknown = sorted(set(line) - {"material", "qty", "lot"})
            if unknown:
                raise invalid(
                    f"{prefix}.{unknown[0]}",
                    _("Unknown field “%(name)s”.", name=unknown[0]),
                )
            if line.get("material") in (None, ""):
                raise invalid(f"{prefix}.material", _("Give the material."))
            product = self._material(line["material"], field=f"{prefix}.material")
            qty = body_number(line, "qty", positive=True, field=f"{prefix}.qty")
            vals = {"product_id": product.id, "product_qty": qty}
            lot_name = line.get("lot")
            if lot_name not in (None, ""):
                lot = request.env["stock.lot"].search(
                    [("name", "=", str(lot_name)), ("product_id", "=", product.id)],
                    limit=1,
                )
                if not lot:
                    raise not_found(f"{prefix}.lot")
                vals["lot_id"] = lot.id
            commands.append(Command.create(vals))
        values = {
            "warehouse_id": warehouse.id,
            "company_id": warehouse.company_id.id,
            "cost_center_id": cost_center.id,
            "line_ids": commands,
        }
        if note:
            values["note"] = note
        if date_required:
            values["date_required"] = date_required
        return values

    @api_route(
        "/material-requests/<int:request_id>/submit",
        method="POST",
        write=True,
        doc={
            "tag": "Material Requests",
            "summary": "Submit a draft material request",
            "body": "MaterialRequestSubmit",
            "schema": "MaterialRequest",
        },
    )
    def material_request_submit(self, body, request_id):
        check_fields(body, ("allow_shortage",))
        allow_shortage = body_bool(body, "allow_shortage")
        req = self._get_request(request_id)
        if allow_shortage:
            req.action_submit_with_shortage()
        else:
            req.action_submit()
        return 200, self._request_data(req)

    # ------------------------------------------------------------------
    # production reports
    # ------------------------------------------------------------------

    @api_route(
        "/work-orders",
        doc={
            "tag": "Production Reports",
            "summary": "Open operations of released orders, to report on",
            "params": _page_doc(),
            "item": "Operation",
        },
    )
    def work_orders(self):
        limit, offset = page()
        Report = request.env["factory.production.report"]
        # the reporting screen's own list (its roles, its scope)
        operations = Report.factory_report_operations(limit=offset + limit + 1)
        total = len(operations)
        items = operations[offset : offset + limit]
        if total > offset + limit:
            total = len(Report.factory_report_operations(limit=100000))
        return listing(items, total, limit, offset)

    @api_route(
        "/production-reports",
        method="POST",
        write=True,
        doc={
            "tag": "Production Reports",
            "summary": "Book a production report (报工): good, scrap, minutes, worker",
            "body": "ProductionReportCreate",
            "schema": "ProductionReport",
            "status": 201,
        },
    )
    def production_report_create(self, body):
        check_fields(
            body,
            (
                "work_order",
                "badge",
                "good_qty",
                "scrap_qty",
                "scrap_reason",
                "minutes",
                "date_start",
                "note",
            ),
        )
        values = {
            "workorder_id": body_id(body, "work_order"),
            "good_qty": body_number(body, "good_qty", required=False) or 0.0,
            "scrap_qty": body_number(body, "scrap_qty", required=False) or 0.0,
            "duration": body_number(body, "minutes", required=False) or 0.0,
        }
        badge = body_text(body, "badge", max_length=100)
        if badge:
            values["badge"] = badge
        else:
            employee = request.env.user.employee_id
            if not employee:
                raise invalid("badge", _("Give the worker's badge."))
            values["employee_id"] = employee.id
        reason = body.get("scrap_reason")
        if reason not in (None, ""):
            Reason = request.env["factory.defect.reason"]
            if isinstance(reason, int) and not isinstance(reason, bool):
                found = Reason.search([("id", "=", reason)], limit=1)
            elif isinstance(reason, str):
                found = Reason.search(
                    ["|", ("code", "=", reason.strip()), ("name", "=", reason.strip())],
                    limit=1,
                )
            else:
                raise invalid("scrap_reason", _("Give the scrap reason (id or code)."))
            if not found:
                raise not_found("scrap_reason")
            values["scrap_reason_id"] = found.id
        elif values["scrap_qty"]:
            raise invalid(
                "scrap_reason", _("Give the reason of the scrapped quantity.")
            )
        start = body_datetime(body, "date_start")
        if start:
            values["date_start"] = start
        note = body_text(body, "note", max_length=4000)
        if note:
            values["note"] = note
        if (
            not request.env["mrp.workorder"]
            .sudo()
            .browse(values["workorder_id"])
            .exists()
        ):
            # sudo: only whether the id exists, as the reporting screen does
            raise not_found("work_order")
        # the reporting screen's own call: every check of the report applies
        result = request.env["factory.production.report"].factory_report_submit(values)
        report = request.env["factory.production.report"].browse(result["id"])
        return 201, {
            "id": report.id,
            "name": report.name,
            "state": report.state,
            "work_order": values["workorder_id"],
            # what the reporting screen shows of the operation after the report
            "operation": result.get("operation"),
            "worker": {
                "id": report.employee_id.id,
                "name": report.employee_id.sudo().name,
            },
            "good_qty": report.good_qty,
            "scrap_qty": report.scrap_qty,
            "scrap_reason": ref(report.scrap_reason_id),
            "minutes": report.duration,
            "message": result["message"],
        }

    # ------------------------------------------------------------------
    # receipts
    # ------------------------------------------------------------------

    @api_route(
        "/receipts",
        method="POST",
        write=True,
        doc={
            "tag": "Receipts",
            "summary": "Receive against a purchase order line, with its lot",
            "body": "ReceiptCreate",
            "schema": "Receipt",
            "status": 201,
        },
    )
    def receipt_create(self, body):
        check_fields(
            body, ("purchase_line", "qty", "lot", "expiration_date", "validate")
        )
        line_id = body_id(body, "purchase_line")
        qty = body_number(body, "qty", positive=True)
        lot_name = body_text(body, "lot", max_length=200)
        expiry = body_datetime(body, "expiration_date")
        validate = body_bool(body, "validate")
        Scan = request.env["factory.scan"]
        Scan._check_operation("receive")
        # the user's own receipts (record rules: his warehouses)
        moves = request.env["stock.move"].search(
            [
                ("purchase_line_id", "=", line_id),
                ("picking_id.picking_type_code", "=", "incoming"),
                ("state", "not in", ("draft", "done", "cancel")),
            ],
            order="id",
        )
        if not moves:
            raise not_found("purchase_line")
        picking = Scan._get_picking("receive", moves[0].picking_id.id)
        product = moves[0].product_id
        move = Scan._scan_move_of(picking, product)
        lot = request.env["stock.lot"]
        if product.tracking == "none":
            if lot_name:
                raise invalid("lot", _("This material is not tracked by lot."))
        else:
            if not lot_name:
                raise invalid("lot", _("Give the lot of the received material."))
            lot = lot.search(
                [("name", "=", lot_name), ("product_id", "=", product.id)], limit=1
            )
        empty = request.env["stock.location"]
        line = Scan._book(
            move,
            qty,
            lot=lot,
            lot_name=None if lot else lot_name,
            expiry=expiry,
            source=empty,
            dest=empty,
        )
        data = {
            "move_line": line.id,
            "material": ref(product, "default_code"),
            "qty": qty,
            "uom": product.uom_id.name,
            "lot": line.lot_id.name or line.lot_name or None,
            "location": ref(line.location_dest_id),
        }
        validated = {}
        if validate:
            validated = Scan.validate("receive", picking.id)
        data["receipt"] = {
            "id": picking.id,
            "name": picking.name,
            "state": picking.state,
            "backorders": validated.get("backorders", []),
        }
        return 201, data

    # ------------------------------------------------------------------
    # alerts
    # ------------------------------------------------------------------

    def _alert_data(self, alert):
        return {
            "id": alert.id,
            "rule": ref(alert.rule_id),
            "type": alert.rule_type,
            "state": alert.state,
            "subject": alert.subject or None,
            "material": ref(alert.product_id, "default_code"),
            "warehouse": ref(alert.warehouse_id, "code"),
            "lot": ref(alert.lot_id),
            "qty": alert.qty,
            "threshold": alert.threshold,
            "date": dt(alert.date),
            "opened_on": dt(alert.opened_on),
            "acknowledged_by": ref(alert.acknowledged_by_id),
            "acknowledged_on": dt(alert.acknowledged_on),
        }

    @api_route(
        "/alerts",
        doc={
            "tag": "Alerts",
            "summary": "Alerts (预警) of the alert rules",
            "params": _page_doc("state", "type", "warehouse", "material"),
            "item": "Alert",
        },
    )
    def alerts(self):
        limit, offset = page()
        domain = []
        state = query_choice("state", ALERT_STATES)
        if state:
            domain.append(("state", "=", state))
        rule_type = query("type")
        if rule_type:
            types = dict(
                request.env["factory.alert.rule"]._fields["rule_type"].selection
            )
            if rule_type not in types:
                raise invalid(
                    "type",
                    _(
                        "“%(name)s” must be one of: %(choices)s.",
                        name="type",
                        choices=", ".join(types),
                    ),
                )
            domain.append(("rule_type", "=", rule_type))
        warehouse = self._warehouse(query("warehouse"))
        if warehouse:
            domain.append(("warehouse_id", "=", warehouse.id))
        material = self._material(query("material"))
        if material:
            domain.append(("product_id", "=", material.id))
        Alert = request.env["factory.alert"]
        alerts = Alert.search(domain, limit=limit, offset=offset)
        total = page_total(Alert, domain, alerts, limit, offset)
        return listing([self._alert_data(a) for a in alerts], total, limit, offset)

    @api_route(
        "/alerts/<int:alert_id>/acknowledge",
        method="POST",
        write=True,
        doc={
            "tag": "Alerts",
            "summary": "Acknowledge an open alert (“I am on it”)",
            "body": "Empty",
            "schema": "Alert",
        },
    )
    def alert_acknowledge(self, body, alert_id):
        check_fields(body, ())
        alert = request.env["factory.alert"].search([("id", "=", alert_id)], limit=1)
        if not alert:
            raise not_found()
        alert.action_acknowledge()
        return 200, self._alert_data(alert)
