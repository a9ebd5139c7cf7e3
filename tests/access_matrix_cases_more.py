"""Access-matrix cases of factory_api, factory_outsourcing, factory_voucher
and factory_reports: added to CASES on import (split from
access_matrix_cases.py, which keeps the cases of the other modules)."""

from access_matrix_buttons import BUTTONS
from access_matrix_cases import CASES, Case, _by_wh, _memo, _spare, _statement

from odoo import fields


def _out_operation(world):
    """An operation of the matrix's plating shop, sent (factory_outsourcing)."""
    from access_matrix_buttons import _outsourcing_order

    return _outsourcing_order(world)


def _out_receipt(world):
    """A receipt of one rejected from the plating shop."""
    from access_matrix_buttons import _rejected_receipt

    return _rejected_receipt(world)


def _report_rows(model, product):
    """Rows of a factory_reports stock report of ``product`` in a warehouse."""

    def rows(w, wh):
        w.env[model].invalidate_model()
        return w.env[model].search(
            [("product_id", "=", product(w).id), ("warehouse_id", "=", wh.id)]
        )

    return rows


def _turnover_rows(w, wh):
    w.receipt(wh)  # moves of the inspected category into the warehouse
    w.env["factory.report.turnover"].invalidate_model()
    return w.env["factory.report.turnover"].search(
        [("categ_id", "=", w.qc_category.id), ("warehouse_id", "=", wh.id)]
    )


def _movement_rows(w, wh):
    """The stock movement rows of a receipt into the warehouse."""
    moves = w.receipt(wh).move_ids
    w.env["factory.report.movement"].invalidate_model()
    return w.env["factory.report.movement"].search(
        [("move_id", "in", moves.ids), ("warehouse_id", "=", wh.id)]
    )


def _supplier_rows(w, wh):
    inspection = w.inspection(wh, "inspected")
    w.env["factory.report.supplier"].invalidate_model()
    return w.env["factory.report.supplier"].search(
        [("inspection_id", "=", inspection.id)]
    )


def _export_job(w, user):
    return (
        w.env["factory.report.export.job"]
        .sudo()
        .create(
            {
                "user_id": user.id,
                "report": "factory.report.abc",
                "file_name": f"matrix-{user.login}.xlsx",
            }
        )
    )


def _buttons(name):
    """A fixture of access_matrix_buttons.py (imported late: it imports this
    module)."""
    import access_matrix_buttons

    return getattr(access_matrix_buttons, name)


def _idempotency(w, user):
    """An answered idempotency key of ``user`` (factory_api)."""
    return (
        w.env["factory.api.idempotency"]
        .sudo()
        .create(
            {
                "user_id": user.id,
                "key": f"matrix-{user.login}",
                "endpoint": "POST /factory/api/v1/alerts/1/acknowledge",
                "request_hash": "0" * 64,
                "state": "done",
                "status": 200,
                "response": {"ok": True},
            }
        )
        .sudo(False)
    )


def _voucher_account(w):
    return w.env["account.account"].search(
        [("company_ids", "in", w.env.company.ids)], limit=1
    )


def _analytic(w):
    def make():
        plan = w.env["account.analytic.plan"].create({"name": "Matrix plan"})
        return w.env["account.analytic.account"].create(
            {"name": "Matrix workshop", "plan_id": plan.id}
        )

    return _memo(w, "analytic", make)


CASES.update(
    {
        "factory.api.idempotency": Case(
            own=lambda w: _memo(w, "idem-boss", lambda: _idempotency(w, w.boss)),
            other=lambda w: _memo(w, "idem-plain", lambda: _idempotency(w, w.plain)),
            owned=_idempotency,
            # only the API's own code records a key
            create=lambda w, u, wh: {
                "user_id": u.id,
                "key": "matrix-new",
                "endpoint": "GET /factory/api/v1/stock",
                "request_hash": "1" * 64,
            },
        ),
        "factory.outsourcing.operation.receive": Case(
            own=lambda w: _memo(
                w, "out-receive", lambda: _buttons("_receive_wizard")(w)
            ),
            create=lambda w, u, wh: {
                "operation_id": _memo(w, "out-operation", lambda: _out_operation(w)).id,
                "qty_passed": 1,
            },
        ),
        "factory.voucher.account.map": Case(
            own=lambda w: _spare(
                w,
                "factory.voucher.account.map",
                account_id=_voucher_account(w).id,
                code="9901",
            ),
            create=lambda w, u, wh: {
                "account_id": _voucher_account(w).id,
                "code": "9902",
            },
        ),
        "factory.voucher.journal.map": Case(
            own=lambda w: _spare(
                w,
                "factory.voucher.journal.map",
                journal_id=_buttons("_voucher_journal")(w).id,
            ),
            create=lambda w, u, wh: {
                "journal_id": w.env["account.journal"]
                .search([("company_id", "=", w.env.company.id)], limit=1)
                .id,
            },
        ),
        "factory.voucher.partner.map": Case(
            own=lambda w: _spare(
                w, "factory.voucher.partner.map", partner_id=w.supplier.id, code="99001"
            ),
            create=lambda w, u, wh: {"partner_id": w.supplier.id, "code": "99002"},
        ),
        "factory.voucher.analytic.map": Case(
            own=lambda w: _spare(
                w,
                "factory.voucher.analytic.map",
                analytic_account_id=_analytic(w).id,
                code="D01",
            ),
            create=lambda w, u, wh: {
                "analytic_account_id": _analytic(w).id,
                "dimension": "project",
                "code": "P01",
            },
        ),
        "factory.voucher.export": Case(
            own=lambda w: _memo(
                w, "voucher-export", lambda: _buttons("_voucher_export")(w)
            ),
            # only the export wizard's method records an export
            create=lambda w, u, wh: {
                "name": "Matrix forged export",
                "company_id": w.env.company.id,
                "target": "kingdee",
                "date_from": "2001-03-01",
                "date_to": "2001-03-31",
                "user_id": u.id,
                "export_date": fields.Datetime.now(),
            },
        ),
        "factory.voucher.export.cancel": Case(
            own=lambda w: _memo(
                w, "voucher-cancel", lambda: _buttons("_voucher_cancel")(w)
            ),
            create=lambda w, u, wh: {
                "export_id": _memo(
                    w, "voucher-export", lambda: _buttons("_voucher_export")(w)
                ).id,
                "reason": "Matrix: again",
            },
        ),
        "factory.voucher.export.wizard": Case(
            own=lambda w: _memo(
                w, "voucher-wizard", lambda: _buttons("_voucher_wizard")(w)
            ),
            create=lambda w, u, wh: {
                "target": "yonyou",
                "date_from": "2001-02-01",
                "date_to": "2001-02-28",
            },
        ),
        "factory.outsourcing.statement": Case(
            own=lambda w: _memo(w, "statement", lambda: _statement(w)),
            create=lambda w, u, wh: {
                "partner_id": _statement(w).partner_id.id,
                "date_from": fields.Date.today(),
                "date_to": fields.Date.today(),
            },
        ),
        "factory.outsourcing.operation": Case(
            own=lambda w: _memo(w, "out-operation", lambda: _out_operation(w)),
            create=lambda w, u, wh: {
                "workorder_id": _memo(
                    w, "out-operation", lambda: _out_operation(w)
                ).workorder_id.id,
                "qty": 1,
            },
        ),
        "factory.outsourcing.operation.receipt": Case(
            own=lambda w: _memo(w, "out-receipt", lambda: _out_receipt(w)),
            create=lambda w, u, wh: {
                "operation_id": _memo(w, "out-operation", lambda: _out_operation(w)).id,
                "qty_passed": 1,
            },
        ),
        "factory.outsourcing.charge": Case(
            own=lambda w: _memo(
                w,
                "out-charge",
                lambda: (
                    _out_receipt(w)
                    .with_user(w.boss)
                    .action_factory_scrap_charge()
                    .sudo(False)
                ),
            ),
            # nobody may create a charge: only the receipt's actions do
            create=lambda w, u, wh: {
                "partner_id": _memo(
                    w, "out-operation", lambda: _out_operation(w)
                ).partner_id.id,
                "company_id": w.env.company.id,
                "kind": "loss",
                "date": fields.Datetime.now(),
                "name": "Matrix charge",
                "quantity": 1,
            },
        ),
        "factory.outsourcing.statement.deduction": Case(
            own=lambda w: _memo(w, "statement", lambda: _statement(w)).deduction_ids,
            create=lambda w, u, wh: {
                "statement_id": _memo(w, "statement", lambda: _statement(w)).id,
                "kind": "other",
                "name": "Matrix deduction",
                "amount": 2,
            },
        ),
        "factory.report.abc": Case(
            own=lambda w: w.env["factory.report.abc"].search(
                [("product_id", "=", w.comp.id)]
            ),
            create=lambda w, u, wh: {},
        ),
        "factory.report.aging": Case(
            *_by_wh(_report_rows("factory.report.aging", lambda w: w.comp)),
            create=lambda w, u, wh: {},
        ),
        "factory.report.dead.stock": Case(
            *_by_wh(_report_rows("factory.report.dead.stock", lambda w: w.comp)),
            create=lambda w, u, wh: {},
        ),
        "factory.report.export": Case(
            own=lambda w: _memo(
                w, "report-export", lambda: w.env["factory.report.export"].create({})
            ),
            create=lambda w, u, wh: {"report": "factory.report.aging"},
        ),
        "factory.report.export.job": Case(
            own=lambda w: _memo(w, "export-job-boss", lambda: _export_job(w, w.boss)),
            other=lambda w: _memo(
                w, "export-job-plain", lambda: _export_job(w, w.plain)
            ),
            owned=_export_job,
            create=lambda w, u, wh: {"report": "factory.report.abc"},
        ),
        "factory.report.movement": Case(
            *_by_wh(_movement_rows),
            create=lambda w, u, wh: {},
        ),
        "factory.report.supplier": Case(
            *_by_wh(_supplier_rows),
            create=lambda w, u, wh: {},
        ),
        "factory.report.turnover": Case(
            *_by_wh(_turnover_rows),
            create=lambda w, u, wh: {},
        ),
    }
)

# the buttons of these models' rows (added to BUTTONS, as the cases to CASES)
BUTTONS[("factory.report.movement", "action_open_move")] = lambda w: _movement_rows(
    w, w.wh_own
)[:1]
