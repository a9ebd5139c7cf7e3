"""The HTTPS checks of `make deploy-check` (setup/deploy_check.sh).

Against nginx in front of a prefork Odoo: prints one line per check and
exits 1 when one fails.
"""

import argparse
import hashlib
import ssl
import sys

import requests
import websocket

HEADERS = ("Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options")


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--https", required=True)
    parser.add_argument("--http", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--ca", required=True, help="the certificate nginx serves")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    args = parser.parse_args(argv)
    failed = []

    def check(name, ok, detail=""):
        print(f"  {'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}")
        if not ok:
            failed.append(name)

    base = args.https
    s = requests.Session()
    s.trust_env = False  # no proxy or CA bundle of the environment
    s.verify = args.ca  # the self-signed certificate: verified, name included

    r = s.get(f"{args.http}/web/login", allow_redirects=False, timeout=30)
    check(
        "HTTP redirects to HTTPS",
        r.status_code == 301
        and r.headers.get("Location", "").startswith(f"{base}/web/login"),
        f"{r.status_code} {r.headers.get('Location')}",
    )

    r = s.get(f"{base}/web/login", timeout=60)
    check("login page", r.status_code == 200 and "login" in r.text, str(r.status_code))
    missing = [h for h in HEADERS if h not in r.headers]
    check("security headers", not missing, f"missing {missing}" if missing else "")
    r = s.get(f"{base}/web/login", headers={"Accept-Encoding": "gzip"}, timeout=60)
    check(
        "gzip",
        r.headers.get("Content-Encoding") == "gzip",
        r.headers.get("Content-Encoding", "none"),
    )

    r = s.post(
        f"{base}/jsonrpc",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"service": "common", "method": "version", "args": []},
        },
        timeout=60,
    )
    version = r.json().get("result", {}).get("server_version", "")
    check("JSON-RPC common.version", version.startswith("18.0"), version)

    r = s.post(
        f"{base}/web/session/authenticate",
        json={
            "params": {"db": args.db, "login": args.login, "password": args.password}
        },
        timeout=60,
    )
    uid = (r.json().get("result") or {}).get("uid")
    check("session authenticate", bool(uid), f"uid {uid}")
    r = s.post(
        f"{base}/web/dataset/call_kw/stock.quant/search_count",
        json={
            "params": {
                "model": "stock.quant",
                "method": "search_count",
                "args": [[]],
                "kwargs": {},
            }
        },
        timeout=60,
    )
    quants = r.json().get("result")
    check(
        "call_kw stock.quant.search_count",
        isinstance(quants, int) and quants > 0,
        str(quants),
    )
    r = s.post(
        f"{base}/web/dataset/call_kw/ir.attachment/search_read",
        json={
            "params": {
                "model": "ir.attachment",
                "method": "search_read",
                "args": [[("store_fname", "!=", False), ("file_size", ">", 0)]],
                "kwargs": {"fields": ["checksum", "name"], "limit": 1, "order": "id"},
            }
        },
        timeout=60,
    )
    rows = r.json().get("result") or []
    if rows:
        att = rows[0]
        r = s.get(f"{base}/web/content/{att['id']}?download=true", timeout=60)
        same = hashlib.sha1(r.content).hexdigest() == att["checksum"]
        check(
            "attachment download",
            r.status_code == 200 and same,
            f"{r.status_code}, {len(r.content)} bytes, "
            f"sha1 {'matches' if same else 'differs'}",
        )
    else:
        check("attachment download", False, "no stored attachment")

    ws_url = base.replace("https://", "wss://") + "/websocket?version=18.0-1"
    cookie = "; ".join(f"{k}={v}" for k, v in s.cookies.items())
    try:
        ws = websocket.create_connection(
            ws_url,
            sslopt={"cert_reqs": ssl.CERT_REQUIRED, "ca_certs": args.ca},
            cookie=cookie,
            origin=base,
            timeout=30,
        )
        status = ws.getstatus()
        ws.close()
    except Exception as error:  # noqa: BLE001 - reported as the check's result
        status = f"{type(error).__name__}: {error}"
    check("websocket upgrade", status == 101, str(status))

    print("deploy check:", "FAILED " + ", ".join(failed) if failed else "all passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
