"""Load case of the issue by scanning (扫码发料, issue 8).

20 clerks, each on the reserved transfer of an approved material request
(``mrp_data.py``: 20 orders of warehouse BW1, which picks components in a
transfer first), scan the request's items one unit at a time, as the
barcode view does: session login, ``factory.scan.scan(operation, barcode,
transfer, 1, ctx, key)`` through /web/dataset/call_kw against a 4-worker Odoo
on loopback. Every scan books: the request's refusals (wrong item,
over-issue) are checked and the unit is booked on the transfer's move lines,
its idempotency log committed. The transfers are put back as approved
(nothing scanned, reserved again) before and after the run, so every run
measures the same thing.

Two rows, as the move scan case: a person's pace (one scan every 2 s each,
target p95 < 50 ms) and back to back (saturation, no latency target), each
followed by the floor of the server (the no-op call, same clients and pace,
``case_scan.py``). On the same server, then, the location scan back to back
(the move case's scan of a bin). Two rows judged on ratios (issue 19): the
paced issue scan's p95 within 3x the floor's, and back-to-back issue scans
at least half the location scans' throughput.

The operation is ``issue`` (material request issue); on a tree without it,
the case says so and measures ``putaway``, the booking path of the same
internal transfers.
"""

import time

import load
from case_scan import (
    MAX_P95_VS_FLOOR,
    MIN_RPS_VS_LOCATION,
    WORKERS,
    location_call,
    measure,
    ratio_row,
    scan_phases,
    vs_floor,
)
from common import BENCH_LOGIN, BenchError, say
from mrp_data import scan_pickings

ISSUE_OP = "issue"
FALLBACK_OP = "putaway"


class _Rollback(Exception):
    pass


def _reset(env, pickings):
    """Nothing scanned, everything reserved again, as when approved."""
    moves = pickings.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
    moves.move_line_ids.unlink()
    moves.write({"picked": False})
    pickings.action_assign()
    env.flush_all()


def _prepare(registry, clients, operation=None):
    """The operation, and (transfer id, barcodes) per client; the transfers
    reset and one trial scan (rolled back) that must be accepted."""
    import odoo

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        user = env["res.users"].search([("login", "=", BENCH_LOGIN)], limit=1)
        scan = env["factory.scan"].with_user(user)
        available = {op["key"] for op in scan._operations()}
        if not operation:
            operation = ISSUE_OP if ISSUE_OP in available else FALLBACK_OP
            if operation != ISSUE_OP:
                say(
                    f"issue scan: factory.scan has no '{ISSUE_OP}' operation on this "
                    f"tree; measuring '{FALLBACK_OP}' on the request transfers instead"
                )
        if operation not in available:
            raise BenchError(f"{BENCH_LOGIN} cannot scan '{operation}'")
        pickings = scan_pickings(env)
        if len(pickings) < clients:
            raise BenchError(
                f"only {len(pickings)} approved request transfers for {clients} clients"
            )
        pickings = pickings[:clients]
        _reset(env, pickings)
        plan = []
        for picking in pickings:
            codes = [
                m.product_id.default_code
                for m in picking.move_ids
                if m.product_id.tracking == "none" and m.quantity > 0
            ]
            if not codes:
                raise BenchError(f"{picking.name} has nothing reserved to scan")
            plan.append((picking.id, codes))
        picking_id, codes = plan[0]
        try:
            with cr.savepoint():
                trial = scan.scan(operation, codes[0], picking_id, 1, {}, False)
                raise _Rollback
        except _Rollback:
            pass
        if not trial.get("ok"):
            raise BenchError(f"trial {operation} scan refused: {trial.get('message')}")
        capacity = sum(pickings.move_ids.mapped("product_qty"))
    return operation, plan, capacity


def _outcome(registry, prefix):
    import odoo

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env.cr.execute(
            "SELECT state, COUNT(*) FROM factory_scan_log WHERE key LIKE %s GROUP BY 1",
            [prefix + "%"],
        )
        return dict(env.cr.fetchall())


def _put_back(registry, clients):
    import odoo

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        _reset(env, scan_pickings(env)[:clients])


def case_issue_scan_load(db, conf, args, registry, operation=None):
    operation, plan, capacity = _prepare(registry, args.clients, operation)
    say(
        f"issue scan: '{operation}' on {len(plan)} request transfers, "
        f"{capacity:,.0f} units to issue"
    )
    run = time.strftime("%Y%m%d%H%M%S")
    phase = {"name": "warm"}

    def call(client, iteration):
        picking_id, codes = plan[client % len(plan)]
        return (
            "factory.scan",
            "scan",
            [operation, codes[iteration % len(codes)], picking_id, 1, {}],
            {"key": f"bench-issue-{run}-{phase['name']}-{client}-{iteration}"},
        )

    rows = []
    paced = back_to_back = location = None
    try:
        with load.odoo_server(db, conf, port=args.port, workers=WORKERS) as url:
            phases = scan_phases(
                url,
                db,
                call,
                args.clients,
                args.seconds,
                "issue scan round trip",
                on_phase=lambda pace: phase.update(name=f"p{pace:g}"),
                timeout=60.0,
            )
            for pace, result, floor in phases:
                result["operation"] = operation
                outcome = _outcome(registry, f"bench-issue-{run}-{phase['name']}-")
                result["accepted"] = outcome.get("done", 0)
                result["refused"] = outcome.get("refused", 0)
                say(
                    f"{result['case']}: {result['accepted']} booked, "
                    f"{result['refused']} refused"
                )
                rows += [result, floor]
                if pace:
                    paced = (result, floor)
                else:
                    back_to_back = (result, floor)
            location = measure(
                url,
                db,
                location_call(run, prefix="bench-issue-loc"),
                args.clients,
                args.seconds,
                0.0,
            )
            location["case"] = (
                f"location scan round trip: {args.clients} clients, back to back, "
                f"{WORKERS} workers"
            )
            vs_floor(location, back_to_back[1])
            rows.append(location)
    finally:
        _put_back(registry, args.clients)
    rows.append(
        ratio_row(
            "issue scan paced p95 / floor p95",
            paced[0]["p95_ms"],
            paced[1]["p95_ms"],
            max_ratio=MAX_P95_VS_FLOOR,
        )
    )
    rows.append(
        ratio_row(
            "issue-scan / location-scan throughput (back to back)",
            back_to_back[0]["rps"],
            location["rps"],
            min_ratio=MIN_RPS_VS_LOCATION,
        )
    )
    return rows
