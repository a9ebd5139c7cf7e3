"""The record each action button of the access matrix is called on.

``BUTTONS[model, method](world)`` makes, in the role users' own warehouse
and through the models' own flows (as the world's administrators), a record
in the state the button expects; the matrix then calls the button on it as
each role, every call in its own rolled-back savepoint. A button without an
entry is listed as not exercised.
"""

import itertools
from datetime import date

from odoo import Command


def _request(state, qty=1.0, reason=False):
    def make(w):
        request = w.request(w.wh_own, state, qty=qty)
        if reason:
            request.write({"over_issue_reason": "Matrix: a spare for the test"})
        return request

    return make


def _production(state, **kwargs):
    return lambda w: w.production(w.wh_own, state, **kwargs)


def _reported_order(w):
    return w.report(w.wh_own).production_id


def _order_with_issue(w):
    """A done order whose components a material request issued."""
    production = w.production(w.wh_own, "released", qty=2)
    action = production.with_user(w.boss).action_factory_material_request()
    request = w.env["factory.material.request"].browse(action["res_id"])
    request.with_user(w.boss).action_submit_with_shortage()
    request.with_user(w.boss2).action_approve()
    w.env["factory.production.report"].with_user(w.boss).sudo().create(
        {
            "workorder_id": production.workorder_ids[:1].id,
            "employee_id": w.employees[w.boss].id,
            "good_qty": 2,
            "duration": 5,
        }
    )
    production.with_user(w.boss).action_factory_close_from_reports()
    return production


def _production_with_reason(w):
    production = w.production(w.wh_own, "confirmed")
    production.write({"factory_over_issue_reason": "Matrix: a trial run"})
    return production


def _override_log_row(w):
    production = _production_with_reason(w)
    production.with_user(w.boss).action_factory_approve_over_issue()
    return w.env["factory.override.log"].search(
        [("res_model", "=", "mrp.production"), ("res_id", "=", production.id)]
    )


def _stocktake(state):
    return lambda w: w.stocktake(w.wh_own, state)


def _inspection(state, **kwargs):
    return lambda w: w.inspection(w.wh_own, state, **kwargs)


def _qc_record(w):
    """The result entry of an inspection to inspect, filled in (as
    action_record_result opens it)."""
    inspection = w.inspection(w.wh_own, "todo")
    return w.env["factory.qc.inspection.record"].create(
        {"inspection_id": inspection.id, "qty_passed": inspection.qty_received}
    )


def _receipt(state, **kwargs):
    return lambda w: w.inspection(w.wh_own, state, **kwargs).picking_id


def _shortage_rows(bom):
    def make(w):
        production = w.production(w.wh_own, "confirmed", bom=getattr(w, bom))
        Shortage = w.env["factory.mrp.shortage"]
        Shortage.invalidate_model()
        return Shortage.search([("production_id", "=", production.id)])

    return make


def _board_row(w):
    Board = w.env["factory.stock.board"]
    Board.invalidate_model()
    return Board.search(
        [("product_id", "=", w.comp.id), ("warehouse_id", "=", w.wh_own.id)]
    )


def _own_report_row(model):
    def make(w):
        Report = w.env[model]
        Report.invalidate_model()
        return Report.search(
            [("product_id", "=", w.comp.id), ("warehouse_id", "=", w.wh_own.id)]
        )

    return make


def _turnover_row(w):
    w.receipt(w.wh_own)
    Turnover = w.env["factory.report.turnover"]
    Turnover.invalidate_model()
    return Turnover.search(
        [("categ_id", "=", w.qc_category.id), ("warehouse_id", "=", w.wh_own.id)],
        limit=1,
    )


def _supplier_row(w):
    inspection = w.inspection(w.wh_own, "inspected")
    Supplier = w.env["factory.report.supplier"]
    Supplier.invalidate_model()
    return Supplier.search([("inspection_id", "=", inspection.id)])


def _done_export_job(w):
    """A finished background export of the administrator, with its file."""
    attachment = w.env["ir.attachment"].create(
        {
            "name": "matrix.xlsx",
            "raw": b"matrix",
            "mimetype": "application/octet-stream",
        }
    )
    job = (
        w.env["factory.report.export.job"]
        .sudo()
        .create(
            {
                "user_id": w.boss.id,
                "report": "factory.report.abc",
                "state": "done",
                "progress": 100,
                "attachment_id": attachment.id,
            }
        )
    )
    attachment.write({"res_model": job._name, "res_id": job.id})
    return job.sudo(False)


def _wip_row(w):
    production = w.production(w.wh_own, "confirmed")
    Wip = w.env["factory.mrp.wip"]
    Wip.invalidate_model()
    return Wip.search([("production_id", "=", production.id)])


def _return_wizard(w):
    request = w.request(w.wh_own, "issued")
    action = request.with_user(w.boss).action_return()
    return w.env["factory.material.return"].browse(action["res_id"])


def _release_wizard(w):
    production = w.production(w.wh_own, "confirmed", bom=w.bom_short)
    return w.env["factory.mrp.release"].create(
        {
            "production_ids": [Command.set(production.ids)],
            "reason": "Matrix: the customer waits",
        }
    )


_OUT_SERIAL = itertools.count(1)


def _outsourced_operation(w):
    """A released one-operation order whose operation is done by the
    matrix's plating shop (factory_outsourcing), sent to it by the boss."""
    env = w.env
    partner = env["res.partner"].create(
        {"name": "Matrix plating shop", "is_company": True}
    )
    location = env["stock.location"].create(
        {
            "name": "Matrix plating shop",
            "usage": "internal",
            "location_id": env.company.subcontracting_location_id.id,
            "is_subcontracting_location": True,
            "factory_subcontractor_id": partner.id,
        }
    )
    partner.with_company(env.company).property_stock_subcontractor = location
    serial = next(_OUT_SERIAL)
    product = w.material(f"MX-FG-OUT{serial}", "Matrix plated motor")
    bom = w.make_bom(product, w.comp)
    bom.operation_ids.write(
        {"factory_subcontractor_id": partner.id, "factory_operation_fee": 1.0}
    )
    production = w.production(w.wh_own, "released", bom=bom)
    return production.workorder_ids


def _outsourcing_order(w):
    workorder = _outsourced_operation(w)
    workorder.with_user(w.boss)._factory_outsource()
    return workorder.factory_outsourcing_ids


def _receive_wizard(w):
    operation = _outsourcing_order(w)
    return w.env["factory.outsourcing.operation.receive"].create(
        {"operation_id": operation.id, "qty_passed": 1}
    )


def _rejected_receipt(w):
    """A receipt of the plating shop with one rejected, undecided."""
    operation = _outsourcing_order(w)
    operation.picking_id.move_ids.write({"quantity": 1, "picked": True})
    operation.picking_id.with_user(w.boss).button_validate()
    return operation.with_user(w.boss).action_factory_receive(0, 1).sudo(False)


def _statement(state):
    from access_matrix_cases import _statement as make

    return lambda w: make(w, state)


def _voucher_journal(w):
    """A journal of the matrix with one posted entry in January and one in
    February 2001 on two mapped accounts (factory_voucher)."""
    env = w.env
    journal = env["account.journal"].search([("code", "=", "MXV")], limit=1)
    if journal:
        return journal
    journal = env["account.journal"].create(
        {"name": "Matrix vouchers", "code": "MXV", "type": "general"}
    )
    accounts = env["account.account"].search(
        [("company_ids", "in", env.company.ids), ("account_type", "=", "expense")],
        limit=2,
    )
    env["factory.voucher.account.map"].create(
        [{"account_id": a.id, "code": f"MX{a.id}"} for a in accounts]
    )
    for day in ("2001-01-15", "2001-02-15"):
        move = env["account.move"].create(
            {
                "journal_id": journal.id,
                "date": day,
                "line_ids": [
                    Command.create({"account_id": accounts[0].id, "debit": 10.0}),
                    Command.create({"account_id": accounts[1].id, "credit": 10.0}),
                ],
            }
        )
        move.action_post()
    return journal


def _voucher_wizard(w):
    journal = _voucher_journal(w)
    return w.env["factory.voucher.export.wizard"].create(
        {
            "target": "kingdee",
            "date_from": "2001-02-01",
            "date_to": "2001-02-28",
            "journal_ids": [Command.set(journal.ids)],
        }
    )


def _voucher_export(w):
    journal = _voucher_journal(w)
    export = w.env["factory.voucher.export"].search(
        [("journal_ids", "in", journal.ids), ("state", "=", "done")], limit=1
    )
    return export or w.env["factory.voucher.export"]._factory_export(
        w.env.company, "yonyou", date(2001, 1, 1), date(2001, 1, 31), journal
    )


def _voucher_cancel(w):
    return w.env["factory.voucher.export.cancel"].create(
        {"export_id": _voucher_export(w).id, "reason": "Matrix: corrected"}
    )


BUTTONS = {
    # accounting vouchers (factory_voucher)
    ("factory.voucher.export.wizard", "action_export"): _voucher_wizard,
    ("factory.voucher.export", "action_download"): _voucher_export,
    ("factory.voucher.export", "action_open_cancel"): _voucher_export,
    ("factory.voucher.export.cancel", "action_confirm"): _voucher_cancel,
    # outsourcing statements (factory_outsourcing)
    ("factory.outsourcing.statement", "action_load_receipts"): _statement("draft"),
    ("factory.outsourcing.statement", "action_send"): _statement("draft"),
    ("factory.outsourcing.statement", "action_export_xlsx"): _statement("draft"),
    ("factory.outsourcing.statement", "action_view_material_balance"): _statement(
        "draft"
    ),
    ("factory.outsourcing.statement", "action_back_to_draft"): _statement("sent"),
    ("factory.outsourcing.statement", "action_confirm"): _statement("sent"),
    ("factory.outsourcing.statement", "action_bill"): _statement("confirmed"),
    ("factory.outsourcing.statement", "action_view_bill"): _statement("confirmed"),
    ("mrp.workorder", "action_factory_outsource"): _outsourced_operation,
    ("factory.outsourcing.operation", "action_open_receive"): _outsourcing_order,
    # without quantities: refused with "enter the quantity" after the rights
    ("factory.outsourcing.operation", "action_factory_receive"): _outsourcing_order,
    ("factory.outsourcing.operation.receive", "action_confirm"): _receive_wizard,
    ("factory.outsourcing.operation.receipt", "action_factory_rework"): (
        _rejected_receipt
    ),
    ("factory.outsourcing.operation.receipt", "action_factory_scrap_charge"): (
        _rejected_receipt
    ),
    ("res.partner", "action_factory_create_subcontract_location"): lambda w: w.env[
        "res.partner"
    ].create({"name": "Matrix machining shop", "is_company": True}),
    # material requests
    ("factory.material.request", "action_submit"): _request("draft"),
    ("factory.material.request", "action_submit_with_shortage"): _request(
        "draft", qty=1000
    ),
    ("factory.material.request", "action_approve"): _request("submitted"),
    ("factory.material.request", "action_approve_over_issue"): _request(
        "approved", reason=True
    ),
    ("factory.material.request", "action_scan_issue"): _request("approved"),
    ("factory.material.request", "action_return"): _request("issued"),
    ("factory.material.request", "action_close"): _request("approved"),
    ("factory.material.request", "action_cancel"): _request("draft"),
    ("factory.material.request", "action_view_pickings"): _request("approved"),
    ("factory.material.return", "action_confirm"): _return_wizard,
    # manufacturing orders, operations, reports
    ("mrp.production", "action_factory_release"): _production("confirmed"),
    ("mrp.production", "action_factory_shortages"): _production("confirmed"),
    ("mrp.production", "action_factory_material_request"): _production("confirmed"),
    ("mrp.production", "action_factory_material_requests"): _production("confirmed"),
    ("mrp.production", "action_factory_material_return"): _order_with_issue,
    ("mrp.production", "action_factory_reports"): _production("released"),
    ("mrp.production", "action_factory_close_from_reports"): _reported_order,
    ("factory.mrp.release", "action_release"): _release_wizard,
    ("mrp.production", "action_factory_approve_over_issue"): _production_with_reason,
    ("factory.override.log", "action_open_document"): _override_log_row,
    ("mrp.workorder", "action_factory_report"): lambda w: w.production(
        w.wh_own, "released"
    ).workorder_ids[:1],
    ("mrp.workorder", "action_factory_reports"): lambda w: w.production(
        w.wh_own, "released"
    ).workorder_ids[:1],
    ("factory.production.report", "action_factory_cancel"): lambda w: w.report(
        w.wh_own
    ),
    ("factory.mrp.shortage", "action_factory_create_requests"): _shortage_rows("bom"),
    ("factory.mrp.shortage", "action_factory_create_rfqs"): _shortage_rows("bom_short"),
    ("factory.mrp.wip", "action_open_production"): _wip_row,
    # incoming inspection
    ("factory.qc.inspection", "action_inspect"): _inspection("todo", filled=True),
    ("factory.qc.inspection", "action_reset"): _inspection("inspected"),
    ("factory.qc.inspection", "action_record_result"): _inspection("todo"),
    ("factory.qc.inspection.record", "action_confirm"): _qc_record,
    ("stock.picking", "action_factory_qc_confirm"): _receipt("inspected"),
    ("stock.picking", "action_factory_qc_return"): _receipt("confirmed", rejected=2),
    ("stock.picking", "action_factory_qc_inspections"): _receipt("todo"),
    # stocktakes
    ("factory.stocktake", "action_start"): _stocktake("draft"),
    ("factory.stocktake", "action_submit"): _stocktake("counted"),
    ("factory.stocktake", "action_approve"): _stocktake("to_approve"),
    ("factory.stocktake", "action_export_xlsx"): _stocktake("to_approve"),
    ("factory.stocktake", "action_cancel"): _stocktake("draft"),
    ("factory.stocktake", "action_reset_draft"): _stocktake("cancel"),
    ("factory.stocktake", "action_view_moves"): _stocktake("draft"),
    ("factory.stocktake.line", "action_reset_count"): lambda w: (
        w.stocktake(w.wh_own, "counted").line_ids
    ),
    # stock board
    ("factory.stock.board", "action_open_quants"): _board_row,
    ("factory.stock.board", "action_open_moves"): _board_row,
    # factory reports
    ("factory.report.aging", "action_open_moves"): _own_report_row(
        "factory.report.aging"
    ),
    ("factory.report.dead.stock", "action_open_moves"): _own_report_row(
        "factory.report.dead.stock"
    ),
    ("factory.report.turnover", "action_open_moves"): _turnover_row,
    ("factory.report.supplier", "action_open_document"): _supplier_row,
    ("factory.report.export.job", "action_download"): _done_export_job,
    ("factory.report.export", "action_export"): lambda w: w.env[
        "factory.report.export"
    ].create({"report": "factory.report.abc"}),
}
