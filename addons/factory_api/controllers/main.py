"""Factory API v1: the OpenAPI document, the unknown-endpoint answer and
the read endpoints (the writes are in write.py). Each one reads as the API
key's user, through the models and methods the screens use (record rules,
warehouse scope and every check of the suite apply)."""

from pathlib import Path

from odoo import http
from odoo.http import request

from .common import (
    _,
    api_route,
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
from .helpers import FactoryApiHelpers
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
# material code, then the board's id (material id × 2^20 + warehouse id)
BOARD_ORDER = "default_code, id"
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


class FactoryApi(FactoryApiHelpers, http.Controller):
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
        # the page and its count, then the page's rows (helpers._page_fetch),
        # in the order of the view's own columns (material code, then material and
        # warehouse ids: the board's id): the board's order sorts on the
        # product's order, a join of every row to the products and templates
        # (in two steps, the second narrowed to the page's materials, unless
        # a material narrows the view already)
        rows, total = self._page_fetch(
            Board,
            domain,
            BOARD_FIELDS,
            limit,
            offset,
            BOARD_ORDER,
            key=None if material else "product_id",
        )
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

    # ------------------------------------------------------------------
    # alerts
    # ------------------------------------------------------------------

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
