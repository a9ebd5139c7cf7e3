"""A local stand-in for the DingTalk, WeCom and Feishu robot endpoints.

A real HTTP server (``http.server`` in a thread) that checks what the robots
check — each one's signature, payload format and size limit, 20 messages a
minute per robot — and answers like them: HTTP 200 with ``errcode`` /
``code`` in the body. ``mode`` makes it answer errors; ``stop()`` takes it
down (the port then refuses connections) and ``start()`` brings it back on
the same port.
"""

import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LIMITS = {"dingtalk": 20000, "wecom": 4096, "feishu": 20000}
RATE_LIMIT = {"dingtalk": 130101, "wecom": 45009, "feishu": 9499}


class RobotServer:
    def __init__(self, dingtalk_secret="SECtest", feishu_secret="feishu-test"):
        self.secrets = {"dingtalk": dingtalk_secret, "feishu": feishu_secret}
        self.mode = "ok"  # ok | error | http500 | ratelimit
        self.received = []  # accepted messages: (kind, token, body, time)
        self.refused = []  # (kind, reason)
        self.requests = 0
        self.lock = threading.Lock()
        self.port = None
        self.httpd = None
        self.start()

    # ------------------------------------------------------------------
    def start(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                status, answer = server.handle(self.path, raw)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        ThreadingHTTPServer.allow_reuse_address = True
        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port or 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        if self.httpd:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None

    def url(self, kind, token="t1"):
        base = f"http://127.0.0.1:{self.port}"
        return {
            "dingtalk": f"{base}/robot/send?access_token={token}",
            "wecom": f"{base}/cgi-bin/webhook/send?key={token}",
            "feishu": f"{base}/open-apis/bot/v2/hook/{token}",
        }[kind]

    def texts(self, kind=None):
        return [
            body.get("markdown", {}).get("text")
            or body.get("markdown", {}).get("content")
            or body.get("card", {}).get("elements", [{}])[0].get("content")
            for k, _token, body, _t in self.received
            if kind in (None, k)
        ]

    def max_per_minute(self):
        """The most messages one robot received within any 60 s."""
        best = 0
        by_robot = {}
        for kind, token, _body, at in self.received:
            by_robot.setdefault((kind, token), []).append(at)
        for times in by_robot.values():
            for i, start in enumerate(times):
                best = max(best, sum(1 for t in times[i:] if t - start < 60))
        return best

    # ------------------------------------------------------------------
    def handle(self, path, raw):
        parts = urlsplit(path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if parts.path == "/robot/send":
            kind, token = "dingtalk", query.get("access_token")
        elif parts.path == "/cgi-bin/webhook/send":
            kind, token = "wecom", query.get("key")
        elif parts.path.startswith("/open-apis/bot/v2/hook/"):
            kind, token = "feishu", parts.path.rsplit("/", 1)[1]
        else:
            return 404, {"errcode": 404}
        code_key = "code" if kind == "feishu" else "errcode"
        with self.lock:
            self.requests += 1
            if self.mode == "http500":
                return 500, {"message": "internal error"}
            if self.mode == "error":
                return 200, {code_key: 300001, "errmsg": "system busy", "msg": "busy"}
            now = time.time()
            recent = [
                t
                for k, tok, _b, t in self.received
                if (k, tok) == (kind, token) and now - t < 60
            ]
            if self.mode == "ratelimit" or len(recent) >= 20:
                return 200, {code_key: RATE_LIMIT[kind], "errmsg": "send too fast"}
            try:
                body = json.loads(raw.decode())
            except ValueError:
                return self._refuse(kind, code_key, "not JSON")
            reason = getattr(self, f"_check_{kind}")(query, body, now)
            if reason:
                return self._refuse(kind, code_key, reason)
            self.received.append((kind, token, body, now))
        if kind == "feishu":
            return 200, {"code": 0, "msg": "success", "data": {}}
        return 200, {"errcode": 0, "errmsg": "ok"}

    def _refuse(self, kind, code_key, reason):
        self.refused.append((kind, reason))
        return 200, {code_key: 310000, "errmsg": reason, "msg": reason}

    def _check_dingtalk(self, query, body, now):
        secret = self.secrets["dingtalk"]
        if secret:
            timestamp, sign = query.get("timestamp"), query.get("sign")
            if not timestamp or not sign:
                return "no signature"
            if abs(now * 1000 - int(timestamp)) > 3600 * 1000:
                return "timestamp too old"
            expected = base64.b64encode(
                hmac.new(
                    secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256
                ).digest()
            ).decode()
            if sign != expected:  # parse_qs URL-decoded it once
                return "sign not match"
        markdown = body.get("markdown") or {}
        if body.get("msgtype") != "markdown" or not markdown.get("title"):
            return "not a markdown message"
        if len(markdown.get("text", "").encode()) > LIMITS["dingtalk"]:
            return "message too long"
        return None

    def _check_wecom(self, query, body, now):
        content = (body.get("markdown") or {}).get("content")
        if body.get("msgtype") != "markdown" or not content:
            return "not a markdown message"
        if len(content.encode()) > LIMITS["wecom"]:
            return "content exceed max length"
        return None

    def _check_feishu(self, query, body, now):
        secret = self.secrets["feishu"]
        if secret:
            timestamp, sign = body.get("timestamp"), body.get("sign")
            if not timestamp or not sign:
                return "no signature"
            if abs(now - int(timestamp)) > 3600:
                return "timestamp too old"
            expected = base64.b64encode(
                hmac.new(
                    f"{timestamp}\n{secret}".encode(), b"", hashlib.sha256
                ).digest()
            ).decode()
            if sign != expected:
                return "sign match fail"
        card = body.get("card") or {}
        if body.get("msg_type") != "interactive" or not card.get("elements"):
            return "not a card"
        if len(json.dumps(body, ensure_ascii=False).encode()) > LIMITS["feishu"]:
            return "request body too large"
        return None
