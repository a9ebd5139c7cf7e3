"""How the access matrix exercises each model and each button.

``CASES[model]``: a record in the role's own warehouse (``own``), one in the
other warehouse or of another user (``other``), a record of a given user
(``owned``, for rules on the user's own records) and the values of a create
in a warehouse (``create``). The record each button needs, in the
state the button expects is in access_matrix_buttons.py.

A model without an entry is listed in the matrix as not checked. The cases
of factory_api, factory_outsourcing, factory_voucher and factory_reports are
in access_matrix_cases_more.py (those of factory_alerts in
access_matrix_alerts.py), added to CASES when access_matrix.py imports them.
"""

from datetime import timedelta

from odoo import Command, fields


class Case:
    def __init__(self, own, other=None, owned=None, create=None):
        self.own = own
        self.other = other
        self.owned = owned
        self.create = create

    @property
    def has_other(self):
        return self.other is not None

    def build(self, world):
        """Make the case's records once (kept on the world); None, or why
        they could not be made."""
        try:
            with world.env.cr.savepoint():
                own = self.own(world)
                other = self.other(world) if self.other else None
                if not own or (self.other and not other):
                    return "no test record"
        except Exception as error:  # noqa: BLE001 - reported in the matrix
            return f"test records failed: {type(error).__name__}"
        world.case_records[self] = (own, other)
        return None

    def records(self, world):
        return world.case_records[self]


def _memo(world, key, make):
    if key not in world.memo:
        world.memo[key] = make()
    return world.memo[key]


def _statement(world, state="draft"):
    """A reconciliation statement of the matrix's subcontractor with one
    deduction (factory_outsourcing), brought to ``state`` by its actions."""
    partner = _memo(
        world,
        "out-partner",
        lambda: world.env["res.partner"].create(
            {"name": "Matrix subcontractor", "is_company": True}
        ),
    )
    today = fields.Date.today()
    statement = world.env["factory.outsourcing.statement"].create(
        {"partner_id": partner.id, "date_from": today, "date_to": today}
    )
    world.env["factory.outsourcing.statement.deduction"].create(
        {"statement_id": statement.id, "kind": "other", "name": "Matrix", "amount": 1}
    )
    if state in ("sent", "confirmed"):
        statement.action_send()
    if state == "confirmed":
        statement.action_confirm()
    return statement


def _by_wh(make):
    """own / other record makers from ``make(world, warehouse)``."""
    return (
        lambda w: _memo(w, (make, "own"), lambda: make(w, w.wh_own)),
        lambda w: _memo(w, (make, "other"), lambda: make(w, w.wh_other)),
    )


def _spare(w, model, **vals):
    """A record nothing refers to (so that an unlink can go through)."""
    return _memo(w, ("spare", model), lambda: w.env[model].create(vals))


def _request(w, wh):
    return w.request(wh)


def _stocktake(w, wh):
    return w.stocktake(wh)


def _counting(w, wh):
    return w.stocktake(wh, "counting")


def _production(w, wh):
    return w.production(wh)


def _confirmed(w, wh):
    return w.production(wh, "confirmed")


def _released(w, wh):
    return w.production(wh, "released", qty=20)


def _picking(w, wh):
    return w.picking(wh)


def _assigned(w, wh):
    return w.picking(wh, assign=True)


def _inspection(w, wh):
    return w.inspection(wh)


def _report(w, wh):
    return w.report(wh, employee=w.other_employee)


def _view_rows(model, field, make):
    def rows(w, wh):
        record = make(w, wh)
        w.env[model].invalidate_model()
        return w.env[model].search([(field, "=", record.id)])

    return rows


def _board(w, wh):
    w.env["factory.stock.board"].invalidate_model()
    return w.env["factory.stock.board"].search(
        [("product_id", "=", w.comp.id), ("warehouse_id", "=", wh.id)]
    )


def _scan_log(w, user):
    return (
        w.env["factory.scan.log"]
        .sudo()
        .create(
            {
                "user_id": user.id,
                "key": f"matrix-{user.login}",
                "operation": "lookup",
                "barcode": w.comp.default_code,
                "state": "done",
            }
        )
    )


def _owned_report(w, user):
    production = _memo(w, "owned-report-order", lambda: _released(w, w.wh_own))
    return (
        w.env["factory.production.report"]
        .with_user(user)
        .sudo()
        .create(
            {
                "workorder_id": production.workorder_ids[:1].id,
                "employee_id": w.employees[user].id,
                "good_qty": 1,
                "duration": 1,
            }
        )
    )


def _report_vals(w, user, wh):
    production = _memo(w, ("report-order", wh), lambda: _released(w, wh))
    return {
        "workorder_id": production.workorder_ids[:1].id,
        "employee_id": w.employees[user].id,
        "good_qty": 1,
        "duration": 1,
    }


def _time_record(w, wh):
    workorder = _released(w, wh).workorder_ids[:1]
    loss = w.env["mrp.workcenter.productivity.loss"].search(
        [("loss_type", "=", "productive")], limit=1
    )
    now = fields.Datetime.now()
    return {
        "workorder_id": workorder.id,
        "workcenter_id": workorder.workcenter_id.id,
        "loss_id": loss.id,
        "date_start": now - timedelta(minutes=5),
        "date_end": now,
    }


def _orderpoint(w, wh):
    return w.env["stock.warehouse.orderpoint"].create(
        {
            "product_id": w.comp.id,
            "warehouse_id": wh.id,
            "location_id": wh.lot_stock_id.id,
            "product_min_qty": 1,
            "product_max_qty": 5,
        }
    )


def _issued_return(w, _wh=None):
    request = _memo(w, "issued-request", lambda: w.request(w.wh_own, "issued"))
    return w.env["factory.material.return"].create({"request_id": request.id})


def _location(w, wh):
    return w.env["stock.location"].create(
        {"name": "Matrix bin", "location_id": wh.lot_stock_id.id}
    )


def _move_vals(w, wh):
    stock = wh.lot_stock_id
    return {
        "name": "Matrix move",
        "product_id": w.comp.id,
        "product_uom_qty": 1,
        "product_uom": w.comp.uom_id.id,
        "location_id": stock.id,
        "location_dest_id": stock.id,
        "picking_type_id": wh.int_type_id.id,
    }


CASES = {
    "mrp.routing.workcenter": Case(
        own=lambda w: w.bom.operation_ids,
        create=lambda w, u, wh: {
            "name": "Matrix new operation",
            "workcenter_id": w.workcenter.id,
            "bom_id": w.bom.id,
        },
    ),
    "factory.cost.center": Case(
        own=lambda w: _spare(w, "factory.cost.center", name="Spare", code="MX-SP"),
        create=lambda w, u, wh: {"name": "Matrix new center", "code": "MX-NEW"},
    ),
    "factory.defect.reason": Case(
        own=lambda w: _spare(w, "factory.defect.reason", name="Spare", code="MX-SP"),
        create=lambda w, u, wh: {"name": "Matrix new reason", "code": "MX-NEW"},
    ),
    "factory.material.request": Case(
        *_by_wh(_request),
        create=lambda w, u, wh: {
            "warehouse_id": wh.id,
            "cost_center_id": w.cost_center.id,
        },
    ),
    "factory.material.request.line": Case(
        *_by_wh(lambda w, wh: _request(w, wh).line_ids),
        create=lambda w, u, wh: {
            "request_id": _memo(w, ("line-request", wh), lambda: w.request(wh)).id,
            "product_id": w.comp2.id,
            "product_qty": 1,
        },
    ),
    "factory.material.return": Case(
        own=lambda w: _memo(w, "return", lambda: _issued_return(w)),
        create=lambda w, u, wh: {"reason": "surplus"},
    ),
    "factory.material.return.line": Case(
        own=lambda w: _memo(
            w,
            "return-line",
            lambda: w.env["factory.material.return.line"].create(
                {
                    "wizard_id": _memo(w, "return", lambda: _issued_return(w)).id,
                    "product_id": w.comp.id,
                    "product_qty": 1,
                }
            ),
        ),
        create=lambda w, u, wh: {
            "wizard_id": _memo(w, "return", lambda: _issued_return(w)).id,
            "product_id": w.comp.id,
            "product_qty": 1,
        },
    ),
    "factory.mrp.product.cost": Case(
        own=lambda w: w.env["factory.mrp.product.cost"].search(
            [("product_id", "=", w.done_production.product_id.id)]
        ),
        create=lambda w, u, wh: {},
    ),
    "factory.mrp.release": Case(
        own=lambda w: _memo(
            w,
            "release",
            lambda: w.env["factory.mrp.release"].create(
                {"production_ids": [Command.set(_confirmed(w, w.wh_own).ids)]}
            ),
        ),
        create=lambda w, u, wh: {},
    ),
    "factory.mrp.shortage": Case(
        *_by_wh(_view_rows("factory.mrp.shortage", "production_id", _confirmed)),
        create=lambda w, u, wh: {},
    ),
    "factory.mrp.wip": Case(
        *_by_wh(_view_rows("factory.mrp.wip", "production_id", _confirmed)),
        create=lambda w, u, wh: {},
    ),
    "factory.mrp.workcenter.load": Case(
        own=lambda w: _memo(w, "load", lambda: _load_rows(w)),
        create=lambda w, u, wh: {},
    ),
    "factory.production.report": Case(
        own=lambda w: _memo(w, "report-own", lambda: w.report(w.wh_own)),
        other=lambda w: _memo(w, "report-other", lambda: _report(w, w.wh_other)),
        owned=_owned_report,
        create=_report_vals,
    ),
    "factory.qc.inspection": Case(
        *_by_wh(_inspection),
        create=lambda w, u, wh: {},
    ),
    "factory.qc.inspection.record": Case(
        own=lambda w: _memo(
            w,
            "qc-record",
            lambda: w.env["factory.qc.inspection.record"].create(
                {
                    "inspection_id": _memo(
                        w, "qc-record-insp", lambda: w.inspection(w.wh_own)
                    ).id
                }
            ),
        ),
        create=lambda w, u, wh: {
            "inspection_id": _memo(
                w, "qc-record-insp", lambda: w.inspection(w.wh_own)
            ).id
        },
    ),
    "factory.scan.log": Case(
        own=lambda w: _memo(w, "scan-boss", lambda: _scan_log(w, w.boss)),
        other=lambda w: _memo(w, "scan-plain", lambda: _scan_log(w, w.plain)),
        owned=_scan_log,
        create=lambda w, u, wh: {"user_id": u.id, "key": "matrix-new"},
    ),
    "factory.stock.board": Case(
        *_by_wh(_board),
        create=lambda w, u, wh: {},
    ),
    "factory.stocktake": Case(
        *_by_wh(_stocktake),
        create=lambda w, u, wh: {"warehouse_id": wh.id},
    ),
    "factory.stocktake.assignment": Case(
        *_by_wh(
            lambda w, wh: w.env["factory.stocktake.assignment"].create(
                {
                    "stocktake_id": _stocktake(w, wh).id,
                    "location_id": wh.lot_stock_id.id,
                    "user_id": w.boss.id,
                }
            )
        ),
        create=lambda w, u, wh: {
            "stocktake_id": _memo(w, ("assign-st", wh), lambda: w.stocktake(wh)).id,
            "location_id": wh.lot_stock_id.id,
            "user_id": u.id,
        },
    ),
    "factory.stocktake.line": Case(
        *_by_wh(lambda w, wh: _counting(w, wh).line_ids),
        create=lambda w, u, wh: {
            "stocktake_id": _memo(
                w, ("line-st", wh), lambda: w.stocktake(wh, "counting")
            ).id,
            "location_id": wh.lot_stock_id.id,
            "product_id": w.comp2.id,
        },
    ),
    "mrp.production": Case(
        *_by_wh(_production),
        create=lambda w, u, wh: {
            "product_id": w.fg.id,
            "product_qty": 1,
            "bom_id": w.bom.id,
            "picking_type_id": wh.manu_type_id.id,
        },
    ),
    "mrp.workcenter": Case(
        own=lambda w: _spare(w, "mrp.workcenter", name="Spare", code="MXSP"),
        create=lambda w, u, wh: {"name": "Matrix new work center", "code": "MXNEW"},
    ),
    "mrp.workcenter.productivity": Case(
        *_by_wh(
            lambda w, wh: w.env["mrp.workcenter.productivity"].create(
                _time_record(w, wh)
            )
        ),
        create=lambda w, u, wh: _memo(w, ("time", wh), lambda: _time_record(w, wh)),
    ),
    "mrp.workorder": Case(
        *_by_wh(lambda w, wh: _confirmed(w, wh).workorder_ids[:1]),
        create=lambda w, u, wh: {
            "production_id": _memo(w, ("wo-mo", wh), lambda: _production(w, wh)).id,
            "workcenter_id": w.workcenter.id,
            "name": "Matrix operation",
            "product_uom_id": w.fg.uom_id.id,
        },
    ),
    "product.category": Case(
        own=lambda w: _spare(w, "product.category", name="Matrix spare"),
        create=lambda w, u, wh: {"name": "Matrix new category"},
    ),
    "product.product": Case(
        own=lambda w: w.comp2,
        create=lambda w, u, wh: {"name": "Matrix new product", "is_storable": True},
    ),
    "product.template": Case(
        own=lambda w: w.comp2.product_tmpl_id,
        create=lambda w, u, wh: {"name": "Matrix new product", "is_storable": True},
    ),
    "res.company": Case(
        own=lambda w: w.company,
        create=lambda w, u, wh: {"name": "Matrix new company"},
    ),
    "res.config.settings": Case(
        own=lambda w: _memo(
            w, "settings", lambda: w.env["res.config.settings"].create({})
        ),
        create=lambda w, u, wh: {},
    ),
    "res.partner": Case(
        own=lambda w: w.supplier,
        create=lambda w, u, wh: {"name": "Matrix new partner"},
    ),
    "res.users": Case(
        own=lambda w: w.plain,
        create=lambda w, u, wh: {"name": "Matrix new user", "login": "mx_new"},
    ),
    "stock.location": Case(
        *_by_wh(_location),
        create=lambda w, u, wh: {
            "name": "Matrix new bin",
            "location_id": wh.lot_stock_id.id,
        },
    ),
    "stock.lot": Case(
        own=lambda w: _memo(
            w,
            "lot",
            lambda: w.env["stock.lot"].create(
                {"name": "MX-LOT-1", "product_id": w.lot_mat.id}
            ),
        ),
        create=lambda w, u, wh: {"name": "MX-LOT-2", "product_id": w.lot_mat.id},
    ),
    "stock.move": Case(
        *_by_wh(lambda w, wh: _picking(w, wh).move_ids),
        create=lambda w, u, wh: _move_vals(w, wh),
    ),
    "stock.move.line": Case(
        *_by_wh(lambda w, wh: _assigned(w, wh).move_line_ids),
        create=lambda w, u, wh: {
            "move_id": _memo(w, ("ml-move", wh), lambda: _assigned(w, wh)).move_ids.id,
            "product_id": w.comp.id,
            "product_uom_id": w.comp.uom_id.id,
            "location_id": wh.lot_stock_id.id,
            "location_dest_id": wh.lot_stock_id.id,
            "quantity": 1,
        },
    ),
    "stock.picking": Case(
        *_by_wh(_picking),
        create=lambda w, u, wh: {
            "picking_type_id": wh.int_type_id.id,
            "location_id": wh.lot_stock_id.id,
            "location_dest_id": wh.lot_stock_id.id,
        },
    ),
    "stock.quant": Case(
        *_by_wh(
            lambda w, wh: w.env["stock.quant"].search(
                [
                    ("product_id", "=", w.comp.id),
                    ("location_id", "=", wh.lot_stock_id.id),
                ]
            )
        ),
        create=lambda w, u, wh: {
            "product_id": w.comp2.id,
            "location_id": wh.lot_stock_id.id,
            "inventory_quantity": 1,
        },
    ),
    "stock.warehouse": Case(
        own=lambda w: w.wh_own,
        other=lambda w: w.wh_other,
        create=lambda w, u, wh: {"name": "Matrix new warehouse", "code": "MXNEW"},
    ),
    "stock.warehouse.orderpoint": Case(
        *_by_wh(_orderpoint),
        create=lambda w, u, wh: {
            "product_id": w.comp2.id,
            "warehouse_id": wh.id,
            "location_id": wh.lot_stock_id.id,
            "product_min_qty": 1,
            "product_max_qty": 5,
        },
    ),
}


def _load_rows(w):
    _confirmed(w, w.wh_own)
    Load = w.env["factory.mrp.workcenter.load"]
    Load.invalidate_model()
    return Load.search([("workcenter_id", "=", w.workcenter.id)])
