"""Access-matrix cases and button records of factory_alerts: added to CASES
and BUTTONS on import. (mail.activity, which factory_alerts extends with the
link of a to-do to its alert, keeps Odoo's own rights: listed, not checked,
like the other Odoo models.)"""

from access_matrix_buttons import BUTTONS
from access_matrix_cases import CASES, Case, _memo

from odoo import Command


def _robot(w):
    return _memo(
        w,
        "alert-robot",
        lambda: w.env["factory.alert.robot"].create(
            {
                "name": "Matrix robot",
                "robot_type": "wecom",
                # nothing listens there: a test message fails fast
                "url": "http://127.0.0.1:9/cgi-bin/webhook/send?key=matrix",
            }
        ),
    )


def _rule(w):
    return _memo(
        w,
        "alert-rule",
        lambda: w.env["factory.alert.rule"].create(
            {
                "name": "Matrix low stock",
                "rule_type": "below_safety",
                "warehouse_ids": [Command.set((w.wh_own | w.wh_other).ids)],
                "user_ids": [Command.set(w.boss.ids)],
                "channel_activity": True,
                "robot_ids": [Command.set(_robot(w).ids)],
            }
        ),
    )


def _alert(w, wh):
    return _memo(
        w,
        ("alert", wh),
        lambda: w.env["factory.alert"]._factory_create(
            [
                {
                    "rule_id": _rule(w).id,
                    "company_id": w.company.id,
                    "key": f"matrix-{wh.code}",
                    "product_id": w.comp.id,
                    "warehouse_id": wh.id,
                    "res_model": "product.product",
                    "res_id": w.comp.id,
                    "qty": 1,
                    "threshold": 5,
                }
            ]
        ),
    )


def _outbox(w):
    return w.env["factory.alert.outbox"]._factory_create(
        [
            {
                "name": "Matrix message",
                "rule_id": _rule(w).id,
                "channel": "robot",
                "robot_id": _robot(w).id,
                "body": "Matrix message",
            }
        ]
    )


def _failed_outbox(w):
    message = _outbox(w)
    message._factory_write({"state": "failed", "attempts": 8, "last_error": "x"})
    return message


CASES.update(
    {
        "factory.alert": Case(
            own=lambda w: _alert(w, w.wh_own),
            other=lambda w: _alert(w, w.wh_other),
            create=lambda w, u, wh: {
                "rule_id": _rule(w).id,
                "company_id": w.company.id,
                "key": f"matrix-new-{u.login}",
                "warehouse_id": wh.id,
            },
        ),
        "factory.alert.rule": Case(
            own=_rule,
            create=lambda w, u, wh: {
                "name": "Matrix new rule",
                "rule_type": "above_max",
                "warehouse_ids": [Command.set(wh.ids)],
                "channel_email": True,
                "email_to": "matrix@example.com",
            },
        ),
        "factory.alert.robot": Case(
            own=_robot,
            create=lambda w, u, wh: {
                "name": "Matrix new robot",
                "robot_type": "dingtalk",
                "url": "http://127.0.0.1:9/robot/send?access_token=new",
            },
        ),
        "factory.alert.outbox": Case(
            own=lambda w: _memo(w, "alert-outbox", lambda: _outbox(w)),
            create=lambda w, u, wh: {
                "name": "Matrix new message",
                "channel": "robot",
                "robot_id": _robot(w).id,
                "body": "x",
            },
        ),
    }
)

BUTTONS.update(
    {
        ("factory.alert", "action_acknowledge"): lambda w: _alert(w, w.wh_own),
        ("factory.alert", "action_resolve"): lambda w: _alert(w, w.wh_own),
        ("factory.alert", "action_open_subject"): lambda w: _alert(w, w.wh_own),
        ("factory.alert.rule", "action_run_now"): _rule,
        ("factory.alert.rule", "action_open_alerts"): _rule,
        ("factory.alert.robot", "action_send_test"): _robot,
        ("factory.alert.outbox", "action_resend"): _failed_outbox,
        ("factory.alert.outbox", "action_send_now"): _outbox,
        ("product.template", "action_factory_open_alerts"): lambda w: (
            w.comp.product_tmpl_id
        ),
        ("stock.lot", "action_factory_open_alerts"): lambda w: w.env[
            "stock.lot"
        ].create({"name": "MX-LOT-ALERT", "product_id": w.lot_mat.id}),
        ("stock.picking", "action_factory_open_alerts"): lambda w: w.picking(w.wh_own),
        ("mrp.production", "action_factory_open_alerts"): lambda w: w.production(
            w.wh_own, "confirmed"
        ),
    }
)
