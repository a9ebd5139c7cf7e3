"""The clients of the soak test (bench/soak.py): each a JSON-RPC session of
its own (/web/session/authenticate, then /web/dataset/call_kw as the web
client and the barcode view call the server), run in threads that start
their flow together.

Every call's outcome is kept: an answer, a refusal (UserError /
ValidationError: a message the client shows) or an error (anything else:
MissingError, AccessError, a PostgreSQL error reaching the client, HTTP 5xx,
a time-out).
"""

import http.cookiejar
import json
import re
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter

REFUSALS = {
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.RedirectWarning",
}
# a reference or id inside a message (RMW/OUT/00012, SOAK-D-1234, #12) does not
# make another message
_VARYING = re.compile(r"\b[\w-]+/[\w-]+/\d+\b|\bSOAK-\w+-\d+\b|\b\d+(?:\.\d+)?\b")


def normalize(message):
    first = (message or "").strip().splitlines()[0] if message else ""
    return _VARYING.sub("#", first)[:160]


class RpcError(Exception):
    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message

    @property
    def refused(self):
        return self.name in REFUSALS


class Session:
    """One client: a cookie jar (its session) and a count of its calls."""

    def __init__(self, url, db, login, timeout=180.0):
        self.url, self.db, self.login, self.timeout = url, db, login, timeout
        self.calls = 0
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def _post(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params})
        request = urllib.request.Request(
            self.url + path, body.encode(), {"Content-Type": "application/json"}
        )
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                answer = json.loads(response.read())
        except urllib.error.HTTPError as exc:
            raise RpcError(f"HTTP {exc.code}", exc.reason) from None
        except (OSError, ValueError) as exc:
            raise RpcError(type(exc).__name__, str(exc)) from None
        if answer.get("error"):
            error = answer["error"]
            data = error.get("data") or {}
            raise RpcError(
                data.get("name") or error.get("message") or "error",
                data.get("message") or error.get("message") or "",
            )
        return answer["result"]

    def authenticate(self):
        result = self._post(
            "/web/session/authenticate",
            {"db": self.db, "login": self.login, "password": self.login},
        )
        if not result or not result.get("uid"):
            raise RuntimeError(f"login {self.login} refused")
        return self

    def call(self, model, method, *args, **kwargs):
        self.calls += 1
        return self._post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


class Refused(Exception):
    """A flow that ended on an answer refusing it (not an exception): the
    barcode view's refused scan."""


def run_together(sessions, flow):
    """Run ``flow(index, session)`` in one thread per session, started at
    once; returns (outcomes in session order, wall seconds). An outcome is
    {"outcome": done | refused | error, "name", "message", "ops"}."""
    barrier = threading.Barrier(len(sessions))
    outcomes = [None] * len(sessions)

    def run(index, session):
        barrier.wait()
        before = session.calls
        try:
            outcome = {"outcome": "done" if flow(index, session) else "refused"}
            outcome.setdefault("message", "")
        except Refused as exc:
            outcome = {"outcome": "refused", "name": "refusal", "message": str(exc)}
        except RpcError as exc:
            outcome = {
                "outcome": "refused" if exc.refused else "error",
                "name": exc.name,
                "message": exc.message,
            }
        except Exception as exc:  # noqa: BLE001 - a harness failure is an error too
            outcome = {
                "outcome": "error",
                "name": type(exc).__name__,
                "message": str(exc),
            }
        outcome["ops"] = session.calls - before
        outcomes[index] = outcome

    threads = [
        threading.Thread(target=run, args=(i, s), daemon=True)
        for i, s in enumerate(sessions)
    ]
    started = time.time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, time.time() - started


def summarize(name, outcomes, seconds):
    refused, errors, samples = Counter(), Counter(), {}
    for o in outcomes:
        if o["outcome"] == "refused":
            key = normalize(o["message"])
            refused[key] += 1
        elif o["outcome"] == "error":
            key = f"{o['name']}: {normalize(o['message'])}"
            errors[key] += 1
        else:
            continue
        samples.setdefault(key, (o["message"] or "").strip().splitlines()[0][:200])
    return {
        "case": name,
        "clients": len(outcomes),
        "operations": sum(o["ops"] for o in outcomes),
        "done": sum(o["outcome"] == "done" for o in outcomes),
        "refused": dict(refused),
        "errors": dict(errors),
        "samples": samples,
        "seconds": round(seconds, 1),
        "outcomes": outcomes,
    }


# --------------------------------------------------------------------- flows
def delivery_flow(prep):
    """Odoo's own delivery flow: create, confirm, check availability, set the
    quantity (on the move for odd clients, on its move lines for even ones:
    the web client's two ways), validate."""
    d = prep["delivery"]

    def flow(index, s):
        picking_id = s.call(
            "stock.picking",
            "create",
            {
                "picking_type_id": prep["out_type"],
                "location_id": prep["stock"],
                "location_dest_id": prep["customers"],
                "origin": f"soak delivery {index + 1}",
                "move_ids": [
                    [
                        0,
                        0,
                        {
                            "name": "soak",
                            "product_id": d["product"],
                            "product_uom_qty": 1,
                            "product_uom": d["uom"],
                            "location_id": prep["stock"],
                            "location_dest_id": prep["customers"],
                        },
                    ]
                ],
            },
        )
        s.call("stock.picking", "action_confirm", [picking_id])
        s.call("stock.picking", "action_assign", [picking_id])
        moves = s.call(
            "stock.move",
            "search_read",
            [["picking_id", "=", picking_id]],
            fields=["quantity", "move_line_ids"],
        )
        lines = [line for move in moves for line in move["move_line_ids"]]
        if lines and index % 2:
            s.call(
                "stock.move",
                "write",
                [m["id"] for m in moves],
                {"quantity": 1, "picked": True},
            )
        elif lines:
            s.call("stock.move.line", "write", lines, {"quantity": 1, "picked": True})
        result = s.call("stock.picking", "button_validate", [picking_id])
        if isinstance(result, dict):
            raise RpcError("wizard", f"validation opened {result.get('res_model')}")
        state = s.call("stock.picking", "read", [picking_id], ["state"])[0]["state"]
        if state != "done":
            raise RpcError("state", f"validated transfer is {state}")
        return True

    return flow


def scan_flow(prep):
    """The barcode view's pick: the list, the transfer, a scan of the lot
    (with its idempotency key, as the phone sends it), validate."""
    scan = prep["scan"]

    def flow(index, s):
        picking_id = scan["pickings"][index]
        s.call("factory.scan", "pickings", "pick")
        s.call("factory.scan", "picking", "pick", picking_id)
        result = s.call(
            "factory.scan",
            "scan",
            "pick",
            scan["barcode"],
            picking_id=picking_id,
            qty=0,
            ctx={},
            key=uuid.uuid4().hex,
        )
        if not result.get("ok"):
            raise Refused(result.get("message") or "refused")
        result = s.call("factory.scan", "validate", "pick", picking_id)
        if result.get("state") != "done":
            raise RpcError("state", f"validated transfer is {result.get('state')}")
        return True

    return flow


APPROVALS = {
    # kind: (model, method) of the approver's button
    "stocktake": ("factory.stocktake", "action_approve"),
    "inspection": ("stock.picking", "action_factory_qc_confirm"),
    "request": ("factory.material.request", "action_approve"),
}


def approval_flow(kind, record_id):
    model, method = APPROVALS[kind]

    def flow(index, s):
        s.call(model, method, [record_id])
        return True

    return flow
