"""Talks to a Faramesh server the way Faramesh 0.3's Python SDK and CLI did.

Every request has the shape 0.3 sent: the SDK's session with `Content-Type: application/json`
and a bearer token on every call (GET and body-less POST included), the CLI's bare
`requests.request`, the CLI's approval body with `"reason": null`, and the event stream read
with `stream=True` and `iter_lines()` at its default chunk size. Prints one JSON object; the
vitest suite beside this file makes the assertions.

    python3 client03.py routes <base-url> <token>
    python3 client03.py stream <base-url> <token>
"""

import json
import sys
import threading
import time

import requests

MODE, BASE, TOKEN = sys.argv[1], sys.argv[2].rstrip("/"), sys.argv[3]
AUTH = {"Authorization": f"Bearer {TOKEN}"}

# The 0.3 SDK: one session, JSON content type and the token on every request.
sdk = requests.Session()
sdk.headers.update({"Content-Type": "application/json", **AUTH})


def sdk_call(method, path, body=None, params=None):
    return sdk.request(method, f"{BASE}{path}", json=body, params=params, timeout=30)


def cli_call(method, path, **kwargs):
    """The 0.3 CLI: plain requests.request, the token only in Authorization."""
    return requests.request(method, f"{BASE}{path}", headers=dict(AUTH), timeout=30, **kwargs)


def submission(tool, operation, params):
    return {"agent_id": "py-03", "tool": tool, "operation": operation, "params": params, "context": {}}


def record(results, name, response):
    try:
        body = response.json()
    except ValueError:
        body = response.text
    results.append({"name": name, "status": response.status_code, "body": body})
    return body


def routes():
    out = []
    allowed = record(out, "sdk submit", sdk_call("POST", "/v1/actions", submission("http", "get", {"url": "https://example.com"})))
    pending = [
        record(out, f"sdk submit pending {k}", sdk_call("POST", "/v1/actions", submission("shell", "run", {"cmd": f"ls {k}"})))
        for k in range(3)
    ]
    record(out, "sdk get", sdk_call("GET", f"/v1/actions/{allowed['id']}"))
    record(out, "sdk list", sdk_call("GET", "/v1/actions", params={"limit": 20, "offset": 0, "agent_id": "py-03", "status": "pending_approval"}))
    record(out, "cli list", cli_call("GET", "/v1/actions", params={"limit": 1000}))
    record(out, "sdk gate decide", sdk_call("POST", "/v1/gate/decide", submission("http", "get", {"url": "https://example.com"})))
    record(out, "sdk approve", sdk_call("POST", f"/v1/actions/{pending[0]['id']}/approval", {"token": pending[0]["approval_token"], "approve": True}))
    record(out, "cli approve", cli_call("POST", f"/v1/actions/{pending[1]['id']}/approval", json={"token": pending[1]["approval_token"], "approve": True, "reason": None}))
    record(out, "sdk deny", sdk_call("POST", f"/v1/actions/{pending[2]['id']}/approval", {"token": pending[2]["approval_token"], "approve": False, "reason": "Too dangerous"}))
    record(out, "sdk start", sdk_call("POST", f"/v1/actions/{allowed['id']}/start"))
    record(out, "result success", sdk_call("POST", f"/v1/actions/{allowed['id']}/result", {"success": True}))
    record(out, "result failure", sdk_call("POST", f"/v1/actions/{pending[0]['id']}/result", {"success": False, "error": "exit 1"}))
    record(out, "cli events", cli_call("GET", f"/v1/actions/{allowed['id']}/events"))
    record(out, "policy info", sdk_call("GET", "/v1/policy/info"))
    for path in ("/health", "/ready", "/metrics"):
        record(out, f"get {path}", requests.get(f"{BASE}{path}", timeout=30))
    return {"results": out}


def stream():
    """Opens the stream, submits one action from another thread, and times the frame's arrival."""
    response = requests.get(
        f"{BASE}/v1/events",
        headers={"Accept": "text/event-stream", **AUTH},
        stream=True,
        timeout=(10, 30),
    )
    response.raise_for_status()
    submitted = {}

    def submit():
        started = time.monotonic()
        action = sdk_call("POST", "/v1/actions", submission("http", "get", {"url": "https://stream.example"})).json()
        submitted.update(id=action["id"], started=started, answered=time.monotonic())

    thread = threading.Thread(target=submit)
    thread.start()
    named = False
    try:
        for line in response.iter_lines():
            if line.startswith(b"event:"):
                named = True
            if not line.startswith(b"data:"):
                continue
            arrived = time.monotonic()
            event = json.loads(line[len(b"data:"):])
            thread.join()
            if event["data"]["id"] != submitted["id"]:
                continue
            return {
                "type": event["type"],
                "id": event["data"]["id"],
                "submitted_id": submitted["id"],
                "named": named,
                "transfer_encoding": response.headers.get("Transfer-Encoding"),
                "ms_after_answer": (arrived - submitted["answered"]) * 1000,
                "ms_after_submit": (arrived - submitted["started"]) * 1000,
            }
    except requests.exceptions.RequestException as error:
        thread.join()
        return {"error": f"{type(error).__name__}: {error}"}
    finally:
        response.close()
    return {"error": "the stream ended without the event"}


print(json.dumps(routes() if MODE == "routes" else stream()))
