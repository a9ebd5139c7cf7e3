"""The OpenAPI 3 document of the Factory API, built from the routes
(common.ROUTES) and the schemas below. The module serves the committed file
openapi/openapi.json; a test checks that it equals ``build_document()``.
Regenerate it after changing an endpoint::

    odoo-bin shell ... <<< "from odoo.addons.factory_api.controllers.openapi \
import write_document; write_document()"
"""

import json
import re
from pathlib import Path

from .common import DEFAULT_LIMIT, MAX_LIMIT, PREFIX, ROUTES

OPENAPI_FILE = Path(__file__).resolve().parent.parent / "openapi" / "openapi.json"
VERSION = "1.0.0"


def _obj(properties, required=()):
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


def _nullable(schema):
    return {**schema, "nullable": True}


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


NUMBER = {"type": "number"}
INTEGER = {"type": "integer"}
STRING = {"type": "string"}
BOOLEAN = {"type": "boolean"}
DATETIME = _nullable({"type": "string", "example": "2026-01-31 08:00:00"})
REF = _nullable(_ref("Ref"))
CODED_REF = _nullable(_ref("CodedRef"))

SCHEMAS = {
    "Error": _obj(
        {
            "error": _obj(
                {
                    "code": {
                        "type": "string",
                        "description": "Stable code: unauthenticated, "
                        "invalid_api_key, forbidden, not_found, unknown_endpoint, "
                        "invalid_json, invalid_payload, validation_error, rejected, "
                        "idempotency_key_reused, idempotency_in_progress.",
                    },
                    "message": {
                        "type": "string",
                        "description": "In the user's language (or Accept-Language).",
                    },
                    "field": _nullable(
                        {
                            "type": "string",
                            "description": "The payload field or query parameter "
                            "the error is about, e.g. lines[0].qty.",
                        }
                    ),
                },
                ("code", "message", "field"),
            )
        },
        ("error",),
    ),
    "Ref": _obj({"id": INTEGER, "name": STRING}, ("id", "name")),
    "CodedRef": _obj(
        {"id": INTEGER, "name": STRING, "code": _nullable(STRING)}, ("id", "name")
    ),
    "Empty": _obj({}),
    "StockRow": _obj(
        {
            "material": CODED_REF,
            "warehouse": CODED_REF,
            "uom": STRING,
            "on_hand": NUMBER,
            "reserved": NUMBER,
            "available": NUMBER,
            "quarantine": NUMBER,
            "rejected": NUMBER,
            "incoming": NUMBER,
            "outgoing": NUMBER,
            "forecast": NUMBER,
            "safety_stock": NUMBER,
            "max_stock": NUMBER,
            "status": {"type": "string", "enum": ["below", "normal", "above"]},
        }
    ),
    "QuantRow": _obj(
        {
            "material": CODED_REF,
            "warehouse": CODED_REF,
            "location": REF,
            "lot": REF,
            "expiration_date": DATETIME,
            "uom": STRING,
            "on_hand": NUMBER,
            "reserved": NUMBER,
            "available": NUMBER,
            "quarantine": NUMBER,
            "rejected": NUMBER,
        }
    ),
    "Material": _obj(
        {
            "id": INTEGER,
            "code": _nullable(STRING),
            "name": STRING,
            "specification": _nullable(STRING),
            "barcode": _nullable(STRING),
            "category": REF,
            "uom": STRING,
            "tracking": {"type": "string", "enum": ["none", "lot", "serial"]},
            "active": BOOLEAN,
        }
    ),
    "Component": _obj(
        {
            "material": CODED_REF,
            "uom": STRING,
            "required": NUMBER,
            "reserved": NUMBER,
            "open": NUMBER,
            "free_in_warehouse": NUMBER,
            "free_elsewhere": NUMBER,
            "at_subcontractors": NUMBER,
            "incoming": NUMBER,
            "shortage": NUMBER,
        }
    ),
    "ManufacturingOrder": _obj(
        {
            "id": INTEGER,
            "name": STRING,
            "material": CODED_REF,
            "qty": NUMBER,
            "uom": STRING,
            "state": STRING,
            "released": BOOLEAN,
            "warehouse": CODED_REF,
            "date_start": DATETIME,
            "work_orders": {
                "type": "array",
                "items": _obj({"id": INTEGER, "name": STRING, "state": STRING}),
            },
            "components": {"type": "array", "items": _ref("Component")},
            "short": BOOLEAN,
        }
    ),
    "MaterialRequest": _obj(
        {
            "id": INTEGER,
            "name": STRING,
            "state": {
                "type": "string",
                "enum": [
                    "draft",
                    "submitted",
                    "approved",
                    "partial",
                    "issued",
                    "closed",
                    "cancel",
                ],
            },
            "warehouse": CODED_REF,
            "manufacturing_order": REF,
            "cost_center": CODED_REF,
            "requested_by": REF,
            "date_required": DATETIME,
            "shortage_submitted": BOOLEAN,
            "approved_by": REF,
            "approved_on": DATETIME,
            "note": _nullable(STRING),
            "lines": {
                "type": "array",
                "items": _obj(
                    {
                        "material": CODED_REF,
                        "qty": NUMBER,
                        "uom": STRING,
                        "lot": REF,
                        "issued": NUMBER,
                        "returned": NUMBER,
                    }
                ),
            },
        }
    ),
    "MaterialRequestCreate": _obj(
        {
            "warehouse": {
                "oneOf": [INTEGER, STRING],
                "description": "Warehouse id or code (ad hoc requests).",
            },
            "cost_center": {
                "oneOf": [INTEGER, STRING],
                "description": "Cost center id or code (ad hoc requests).",
            },
            "manufacturing_order": {
                "type": "integer",
                "description": "Request the order's remaining needs instead "
                "(no warehouse, cost center or lines then).",
            },
            "date_required": DATETIME,
            "note": STRING,
            "lines": {
                "type": "array",
                "items": _obj(
                    {
                        "material": {
                            "oneOf": [INTEGER, STRING],
                            "description": "Material id or material code.",
                        },
                        "qty": {
                            "type": "number",
                            "minimum": 0,
                            "exclusiveMinimum": True,
                        },
                        "lot": {"type": "string", "description": "Preferred lot."},
                    },
                    ("material", "qty"),
                ),
            },
            "submit": {"type": "boolean", "default": True},
            "allow_shortage": {
                "type": "boolean",
                "default": False,
                "description": "Submit even when stock is short (purchasing "
                "gets a to-do).",
            },
        }
    ),
    "MaterialRequestSubmit": _obj(
        {"allow_shortage": {"type": "boolean", "default": False}}
    ),
    "Operation": _obj(
        {
            "id": INTEGER,
            "name": STRING,
            "order": STRING,
            "product": STRING,
            "workcenter": STRING,
            "state": STRING,
            "state_label": STRING,
            "current": BOOLEAN,
            "qty": NUMBER,
            "good": NUMBER,
            "scrap": NUMBER,
            "available": NUMBER,
            "remaining": NUMBER,
            "uom": STRING,
            "digits": INTEGER,
        }
    ),
    "ProductionReportCreate": _obj(
        {
            "work_order": {"type": "integer", "description": "Operation id."},
            "badge": {
                "type": "string",
                "description": "The worker's badge; without it the key's user "
                "reports as his own employee.",
            },
            "good_qty": {"type": "number", "minimum": 0},
            "scrap_qty": {"type": "number", "minimum": 0},
            "scrap_reason": {
                "oneOf": [INTEGER, STRING],
                "description": "Defect reason id or code; required with scrap.",
            },
            "minutes": {"type": "number", "minimum": 0},
            "date_start": DATETIME,
            "note": STRING,
        },
        ("work_order",),
    ),
    "ProductionReport": _obj(
        {
            "id": INTEGER,
            "name": STRING,
            "state": STRING,
            "work_order": INTEGER,
            "operation": _nullable(_ref("Operation")),
            "worker": _ref("Ref"),
            "good_qty": NUMBER,
            "scrap_qty": NUMBER,
            "scrap_reason": REF,
            "minutes": NUMBER,
            "message": STRING,
        }
    ),
    "ReceiptCreate": _obj(
        {
            "purchase_line": {
                "type": "integer",
                "description": "Purchase order line id.",
            },
            "qty": {"type": "number", "minimum": 0, "exclusiveMinimum": True},
            "lot": {
                "type": "string",
                "description": "Lot number (required for tracked materials).",
            },
            "expiration_date": DATETIME,
            "validate": {
                "type": "boolean",
                "default": False,
                "description": "Validate the receipt afterwards (the rest goes "
                "to a backorder).",
            },
        },
        ("purchase_line", "qty"),
    ),
    "Receipt": _obj(
        {
            "move_line": INTEGER,
            "material": CODED_REF,
            "qty": NUMBER,
            "uom": STRING,
            "lot": _nullable(STRING),
            "location": REF,
            "receipt": _obj(
                {
                    "id": INTEGER,
                    "name": STRING,
                    "state": STRING,
                    "backorders": {"type": "array", "items": STRING},
                }
            ),
        }
    ),
    "Alert": _obj(
        {
            "id": INTEGER,
            "rule": REF,
            "type": STRING,
            "state": {"type": "string", "enum": ["open", "acknowledged", "resolved"]},
            "subject": _nullable(STRING),
            "material": CODED_REF,
            "warehouse": CODED_REF,
            "lot": REF,
            "qty": NUMBER,
            "threshold": NUMBER,
            "date": DATETIME,
            "opened_on": DATETIME,
            "acknowledged_by": REF,
            "acknowledged_on": DATETIME,
        }
    ),
}

PARAMETERS = {
    "limit": {
        "schema": {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_LIMIT,
            "default": DEFAULT_LIMIT,
        },
        "description": "Items per page.",
    },
    "offset": {
        "schema": {"type": "integer", "minimum": 0, "default": 0},
        "description": "Items to skip.",
    },
    "material": {
        "schema": STRING,
        "description": "Material id or material code.",
    },
    "warehouse": {
        "schema": STRING,
        "description": "Warehouse id or code (one of yours: 404 otherwise).",
    },
    "location": {"schema": INTEGER, "description": "Location id (and its children)."},
    "lot": {"schema": STRING, "description": "Lot number."},
    "status": {
        "schema": {"type": "string", "enum": ["below", "normal", "above"]},
        "description": "Against safety and maximum stock.",
    },
    "code": {"schema": STRING, "description": "Material code (exact)."},
    "barcode": {"schema": STRING, "description": "Barcode (exact)."},
    "search": {"schema": STRING, "description": "Part of the code or name."},
    "category": {"schema": INTEGER, "description": "Category id (and children)."},
    "released": {"schema": BOOLEAN, "description": "Released orders only (or not)."},
    "short": {"schema": BOOLEAN, "description": "Orders with a shortage only."},
    "state": {"schema": STRING, "description": "State."},
    "manufacturing_order": {
        "schema": INTEGER,
        "description": "Manufacturing order id.",
    },
    "mine": {"schema": BOOLEAN, "description": "Only the user's own requests."},
    "type": {"schema": STRING, "description": "Alert rule type."},
}

ERRORS = {
    "401": "Missing, invalid, expired or revoked API key.",
    "403": "The user's role may not do this.",
    "404": "Not found, or not visible to the user (nothing tells them apart).",
    "409": "Idempotency-Key reused with another request, or still running.",
    "422": "Bad payload or query parameter (error.field), or refused by a rule.",
}


def openapi_path(path):
    """werkzeug ``/x/<int:y_id>`` → OpenAPI ``/x/{y_id}``."""
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", path)


def _operation(route):
    doc = route["doc"]
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": INTEGER}
        for name in re.findall(r"<(?:\w+:)?(\w+)>", route["path"])
    ]
    parameters += [
        {"name": name, "in": "query", "required": False, **PARAMETERS[name]}
        for name in doc.get("params", ())
    ]
    if route["write"]:
        parameters.append(
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "schema": {"type": "string", "maxLength": 200},
                "description": "Send the same key again (same body) to get the "
                "first answer back; nothing is booked twice.",
            }
        )
    if "item" in doc:
        schema = _obj(
            {
                "items": {"type": "array", "items": _ref(doc["item"])},
                "total": INTEGER,
                "limit": INTEGER,
                "offset": INTEGER,
            },
            ("items", "total", "limit", "offset"),
        )
    else:
        schema = _ref(doc["schema"])
    status = str(doc.get("status", 200))
    responses = {
        status: {
            "description": "OK" if status == "200" else "Created",
            "content": {"application/json": {"schema": schema}},
        }
    }
    for code, text in ERRORS.items():
        if code == "409" and not route["write"]:
            continue
        responses[code] = {
            "description": text,
            "content": {"application/json": {"schema": _ref("Error")}},
        }
    operation = {
        "operationId": route["name"],
        "tags": [doc["tag"]],
        "summary": doc["summary"],
        "responses": responses,
    }
    if parameters:
        operation["parameters"] = parameters
    if route["write"]:
        operation["requestBody"] = {
            "required": doc["body"] != "Empty",
            "content": {"application/json": {"schema": _ref(doc["body"])}},
        }
    return operation


def build_document():
    paths = {}
    for route in sorted(ROUTES, key=lambda r: (r["path"], r["method"])):
        paths.setdefault(openapi_path(route["path"]), {})[route["method"]] = _operation(
            route
        )
    paths["/openapi.json"] = {
        "get": {
            "operationId": "openapi",
            "tags": ["Documentation"],
            "summary": "This OpenAPI document (no key needed)",
            "security": [],
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Factory Suite API",
            "version": VERSION,
            "description": "Stock, materials, manufacturing orders, material "
            "requests, production reports, receipts and alerts of a Factory "
            "Suite (Odoo 18) database. Every call runs as the API key's user, "
            "with that user's rights and warehouses.",
        },
        "servers": [{"url": PREFIX}],
        "security": [{"apiKey": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "apiKey": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An Odoo API key (Preferences → Account "
                    "Security → New API Key): Authorization: Bearer <key>.",
                }
            },
            "schemas": SCHEMAS,
        },
    }


def document_text(document=None):
    document = build_document() if document is None else document
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_document():
    OPENAPI_FILE.write_text(document_text(), encoding="utf-8")
