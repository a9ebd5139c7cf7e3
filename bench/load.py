"""Load driver: N concurrent JSON-RPC clients against a multi-worker Odoo.

    with odoo_server(db, conf, port=8869, workers=2) as url:
        call = ("factory.stock.board", "search_read", [[]], {"limit": 80})
        result = run_load(url, db, login, password, call, clients=20, duration=10)

``odoo_server`` starts Odoo in prefork mode on loopback and always stops it
(process group SIGTERM, then SIGKILL).  ``run_load`` is bounded in clients,
time and requests and returns latency percentiles (ms), throughput and the
errors seen.  Later benchmark cases reuse both.
"""

import contextlib
import http.cookiejar
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
from common import BenchError

MAX_CLIENTS = 200
MAX_DURATION = 600.0


def _port_busy(port):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _jsonrpc(url, service, method, args, timeout=60.0):
    body = json.dumps(
        {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"service": service, "method": method, "args": args},
            "id": 1,
        }
    ).encode()
    request = urllib.request.Request(
        f"{url}/jsonrpc", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        answer = json.loads(response.read())
    if answer.get("error"):
        error = answer["error"]
        raise RuntimeError(error.get("data", {}).get("message") or error.get("message"))
    return answer["result"]


class WebSession:
    """A browser-like client: logs in once (session cookie), then calls the
    ORM through /web/dataset/call_kw as the web client and the barcode view
    do (no password check per call, unlike the external /jsonrpc API)."""

    def __init__(self, url, timeout=60.0):
        self.url = url
        self.timeout = timeout
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def _post(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params})
        request = urllib.request.Request(
            f"{self.url}{path}", body.encode(), {"Content-Type": "application/json"}
        )
        with self.opener.open(request, timeout=self.timeout) as response:
            answer = json.loads(response.read())
        if answer.get("error"):
            error = answer["error"]
            raise RuntimeError(
                error.get("data", {}).get("message") or error.get("message")
            )
        return answer["result"]

    def authenticate(self, db, login, password):
        result = self._post(
            "/web/session/authenticate",
            {"db": db, "login": login, "password": password},
        )
        if not result or not result.get("uid"):
            raise BenchError(f"login {login} refused by {self.url} (database {db})")

    def call_kw(self, model, method, args, kwargs):
        return self._post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )


@contextlib.contextmanager
def odoo_server(db, conf, port=8869, workers=2, start_timeout=90.0, log_path=None):
    """A prefork Odoo serving ``db`` on 127.0.0.1:``port``; yields its URL."""
    if workers < 1:
        raise BenchError("the load driver needs a multi-worker server (workers >= 1)")
    for p in (port, port + 1):
        if _port_busy(p):
            raise BenchError(f"port {p} on 127.0.0.1 is in use: choose another --port")
    log_path = Path(log_path or common.CACHE / f"bench-server-{db}.log")
    cmd = [
        sys.executable,
        str(common.ODOO_BIN),
        "-c",
        str(conf),
        "-d",
        db,
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--gevent-port={port + 1}",
        f"--workers={workers}",
        "--max-cron-threads=0",
        "--limit-time-real=300",
        "--log-level=" + os.environ.get("BENCH_SERVER_LOG", "warn"),
    ]
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            cmd,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=common.REPO,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + start_timeout
        while True:
            if proc.poll() is not None:
                raise BenchError(
                    f"the Odoo server exited with {proc.returncode}: see {log_path}"
                )
            try:
                _jsonrpc(url, "common", "version", [], timeout=5)
                break
            except (OSError, urllib.error.URLError, RuntimeError):
                if time.time() > deadline:
                    raise BenchError(
                        f"the Odoo server did not answer within {start_timeout:.0f} s: "
                        f"see {log_path}"
                    ) from None
                time.sleep(0.5)
        yield url
    finally:
        _stop(proc)


def _stop(proc):
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def percentile(sorted_values, pct):
    if not sorted_values:
        return None
    k = (len(sorted_values) - 1) * pct / 100.0
    lo, hi = int(k), min(int(k) + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def run_load(
    url,
    db,
    login,
    password,
    call,
    clients=20,
    duration=10.0,
    max_requests=None,
    timeout=60.0,
    pace=0.0,
    web_session=False,
):
    """Run ``clients`` threads calling Odoo for ``duration`` seconds.

    ``pace`` > 0: each client starts a call at most every ``pace`` seconds
    (people scanning), instead of calling back to back (saturation).
    ``web_session``: each client logs in once and calls like the web client
    (WebSession) instead of the external JSON-RPC API.

    ``call`` is ``(model, method, args, kwargs)`` or a function
    ``(client_index, iteration) -> (model, method, args, kwargs)``.
    Returns a dict: requests, errors, error samples, rps, p50/p95/p99/max ms.
    """
    if not 1 <= clients <= MAX_CLIENTS:
        raise BenchError(f"clients must be between 1 and {MAX_CLIENTS}, not {clients}")
    if not 0 < duration <= MAX_DURATION:
        raise BenchError(f"duration must be in (0, {MAX_DURATION:.0f}] seconds")
    uid = _jsonrpc(url, "common", "login", [db, login, password], timeout=timeout)
    if not uid:
        raise BenchError(f"login {login} refused by {url} (database {db})")
    make_call = call if callable(call) else (lambda _c, _i: call)
    latencies, errors = [], []
    lock = threading.Lock()
    counter = itertools.count()

    sessions = [None] * clients
    if web_session:  # log in before the clock starts: logins are not scans
        for index in range(clients):
            sessions[index] = WebSession(url, timeout=timeout)
            sessions[index].authenticate(db, login, password)
    stop_at = time.time() + duration

    def client(index):
        session = sessions[index]
        if pace:  # spread the clients over the period, as people are
            time.sleep(pace * index / clients)
        for iteration in itertools.count():
            if time.time() >= stop_at:
                return
            if max_requests is not None and next(counter) >= max_requests:
                return
            model, method, args, kwargs = make_call(index, iteration)
            started = time.perf_counter()
            next_start = started + pace
            try:
                if session:
                    session.call_kw(model, method, args, kwargs)
                else:
                    _jsonrpc(
                        url,
                        "object",
                        "execute_kw",
                        [db, uid, password, model, method, args, kwargs],
                        timeout=timeout,
                    )
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
            except Exception as exc:  # noqa: BLE001 - every failure is counted
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}"[:200])
            wait = next_start - time.perf_counter()
            if wait > 0:
                time.sleep(wait)

    threads = [
        threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)
    ]
    started = time.time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + timeout + 5)
    wall = time.time() - started
    values = sorted(latencies)
    return {
        "clients": clients,
        "duration_s": round(wall, 2),
        "requests": len(values),
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:5],
        "rps": round(len(values) / wall, 1) if wall else 0.0,
        "p50_ms": _r(percentile(values, 50)),
        "p95_ms": _r(percentile(values, 95)),
        "p99_ms": _r(percentile(values, 99)),
        "max_ms": _r(values[-1] if values else None),
    }


def _r(value):
    return None if value is None else round(value, 1)
