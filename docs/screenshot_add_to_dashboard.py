"""Screenshot of Odoo's "Add to my dashboard" on a factory report, in Chinese.

Usage (a demo server running, e.g. on the test database):
    python docs/screenshot_add_to_dashboard.py http://127.0.0.1:8272 factory_rep \
        docs/img/add_to_dashboard.png

Logs in as the demo factory manager (张厂长, zh_CN), opens the inventory
turnover graph, opens the gear menu's Dashboard entry and saves a PNG taken
by headless Chromium (DevTools protocol through websocket-client).
"""

import base64
import json
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket

URL, DB, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
LOGIN = "fs_manager"
ACTION = "factory_reports.factory_report_turnover_action"


def session_id():
    payload = json.dumps(
        {"jsonrpc": "2.0", "params": {"db": DB, "login": LOGIN, "password": LOGIN}}
    ).encode()
    request = urllib.request.Request(
        f"{URL}/web/session/authenticate",
        payload,
        {"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        cookie = response.headers["Set-Cookie"]
    return cookie.split("session_id=")[1].split(";")[0]


class Page:
    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=60)
        self.seq = 0

    def call(self, method, **params):
        self.seq += 1
        self.ws.send(json.dumps({"id": self.seq, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.seq:
                return message.get("result", {})

    def js(self, expression):
        result = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True
        )
        return result.get("result", {}).get("value")

    def wait(self, selector, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            if self.js(f"!!document.querySelector({json.dumps(selector)})"):
                return
            time.sleep(0.3)
        raise TimeoutError(selector)

    def click(self, selector):
        self.wait(selector)
        self.js(f"document.querySelector({json.dumps(selector)}).click()")


def main():
    sid = session_id()
    profile = tempfile.mkdtemp()
    chrome = subprocess.Popen(
        [
            "chromium",
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--remote-debugging-port=9272",
            f"--user-data-dir={profile}",
            "--window-size=1280,760",
            "--lang=zh-CN",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for __ in range(50):
            try:
                with urllib.request.urlopen("http://127.0.0.1:9272/json") as r:
                    targets = json.load(r)
                break
            except OSError:
                time.sleep(0.2)
        target = next(t for t in targets if t["type"] == "page")
        page = Page(target["webSocketDebuggerUrl"])
        page.call("Network.enable")
        host = URL.split("//")[1].split(":")[0]
        page.call(
            "Network.setCookie", name="session_id", value=sid, domain=host, path="/"
        )
        page.call("Page.enable")
        page.call("Page.navigate", url=f"{URL}/odoo/action-{ACTION}?view_type=graph")
        page.wait(".o_graph_renderer canvas")
        page.click(".o_cp_action_menus .dropdown-toggle")
        page.click(".o_add_to_board .dropdown-toggle, .o_add_to_board button")
        page.wait(".o_add_to_board input, .o-dropdown--menu input.o_input")
        time.sleep(1.0)  # the chart's animation
        shot = page.call("Page.captureScreenshot", format="png")
        with open(OUT, "wb") as image:
            image.write(base64.b64decode(shot["data"]))
        print(f"saved {OUT}")
    finally:
        chrome.terminate()
        chrome.wait()


if __name__ == "__main__":
    main()
