"""Factory API v1: the write endpoints. Each one writes as the API key's
user, through the models and methods the screens use (record rules,
warehouse scope and every check of the suite apply)."""

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
    invalid,
    not_found,
    ref,
)
from .helpers import FactoryApiHelpers


class FactoryApiWrite(FactoryApiHelpers, http.Controller):
    # ------------------------------------------------------------------
    # material requests
    # ------------------------------------------------------------------

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
