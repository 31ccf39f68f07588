#!/usr/bin/env python3
"""A scriptable HTTP server for transport and delivery tests (stdlib only).

    python3 http_server.py --port 0 [--log FILE] [--default-status 200] [--default-body ok]

Prints exactly one line "PORT <n>" once listening on 127.0.0.1, then serves
until killed (SIGTERM/SIGINT).

Every non-control request is recorded (method, path, headers, body as text,
time) and, with --log, appended to FILE as one JSON line. Responses come from
a queue:
    POST /_control/responses   JSON list of {"status": 429,
                               "headers": {"Retry-After": "2"},
                               "body": "rate_limited", "delay": 0.5}
                               appended to the queue (all keys optional)
    GET  /_control/requests    the recorded requests as a JSON list
    POST /_control/reset       clears the queue and the recorded requests
With "echo": true, the body is a template, filled from what the request
carried (a hostile receiver that quotes the request back, as error pages
and APIs often do):
    {method}            the method
    {path}              the path and query as sent
    {path|decoded}      ... percent-decoded
    {path|pct}          ... percent-encoded, every reserved byte (upper-case hex)
    {path|pctlower}     ... the same with lower-case hex
    {path|b64}          ... base64
    {path|json}         ... with JSON's escaped slashes ("\\/" for "/")
    {segment:N}         the N-th path segment (Python index: -1 = the last)
    {tail:N}            the last N path segments joined with "/"
    {query:NAME}        the value of query parameter NAME
    {header:NAME}       the value of header NAME (lower-case name)
With "size": N, the body is the body text repeated to exactly N bytes,
streamed (a client that stops reading early is not an error).
When the queue is empty the answer is --default-status with --default-body.
Control requests are not recorded.
"""
import argparse
import base64
import json
import re
import signal
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def fill_template(template, method, path, headers):
    """The echo template filled from the request (see the module summary)."""
    route, _, query = path.partition("?")
    segments = [s for s in route.split("/") if s]
    values = {
        "{method}": method,
        "{path}": path,
        "{path|decoded}": urllib.parse.unquote(path),
        "{path|pct}": urllib.parse.quote(path, safe=""),
        "{path|pctlower}": re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(),
                                  urllib.parse.quote(path, safe="")),
        "{path|b64}": base64.b64encode(path.encode()).decode(),
        "{path|json}": path.replace("/", "\\/"),
    }
    out = template
    for key, value in values.items():
        out = out.replace(key, value)
    for n in range(-len(segments), len(segments)):
        out = out.replace("{segment:%d}" % n, segments[n])
    for n in range(1, len(segments) + 1):
        out = out.replace("{tail:%d}" % n, "/".join(segments[-n:]))
    for name, value in urllib.parse.parse_qsl(query, keep_blank_values=True):
        out = out.replace("{query:%s}" % name, value)
    for name, value in headers.items():
        out = out.replace("{header:%s}" % name.lower(), value)
    return out


class State:
    def __init__(self, log_path, default_status, default_body):
        self.lock = threading.Lock()
        self.queue = []
        self.requests = []
        self.log_path = log_path
        self.default_status = default_status
        self.default_body = default_body

    def record(self, entry):
        with self.lock:
            self.requests.append(entry)
            if self.log_path:
                with open(self.log_path, "a", encoding="utf-8") as f:
                    f.write(json.dumps(entry) + "\n")
                    f.flush()

    def next_response(self):
        with self.lock:
            if self.queue:
                return self.queue.pop(0)
        return {"status": self.default_status, "body": self.default_body}


def make_handler(state):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def version_string(self):
            return "TrackerTestHTTP/1"

        def log_message(self, format, *args):  # silence the access log
            pass

        def _read_body(self):
            length = self.headers.get("Content-Length")
            if length is not None:
                return self.rfile.read(int(length))
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                chunks = []
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                    if size == 0:
                        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                            pass
                        break
                    chunks.append(self.rfile.read(size))
                    self.rfile.readline()
                return b"".join(chunks)
            return b""

        def _send(self, status, body, headers=None):
            data = body.encode("utf-8") if isinstance(body, str) else body
            self.send_response(status)
            names = set()
            for name, value in (headers or {}).items():
                self.send_header(name, str(value))
                names.add(name.lower())
            if "content-type" not in names:
                self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
            self.wfile.flush()

        def _send_sized(self, status, text, size, headers=None):
            """`text` repeated to exactly `size` bytes, written in chunks."""
            unit = (text or "x").encode("utf-8")
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, str(value))
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            chunk = unit * max(1, 65536 // len(unit))
            left = size
            while left > 0 and self.command != "HEAD":
                part = chunk[:left]
                self.wfile.write(part)
                left -= len(part)
            self.wfile.flush()

        def _control(self, body):
            path = self.path.split("?", 1)[0]
            if path == "/_control/responses" and self.command == "POST":
                items = json.loads(body.decode("utf-8") or "[]")
                if isinstance(items, dict):
                    items = [items]
                with state.lock:
                    state.queue.extend(items)
                self._send(200, json.dumps({"queued": len(state.queue)}),
                           {"Content-Type": "application/json"})
            elif path == "/_control/requests" and self.command == "GET":
                with state.lock:
                    data = json.dumps(state.requests)
                self._send(200, data, {"Content-Type": "application/json"})
            elif path == "/_control/reset" and self.command == "POST":
                with state.lock:
                    state.queue.clear()
                    state.requests.clear()
                self._send(200, "reset")
            else:
                self._send(404, "unknown control endpoint")

        def _handle(self):
            body = self._read_body()
            if self.path.startswith("/_control/"):
                self._control(body)
                return
            state.record({
                "method": self.command,
                "path": self.path,
                "headers": {k: v for k, v in self.headers.items()},
                "header_list": [[k, v] for k, v in self.headers.items()],
                "body": body.decode("utf-8", errors="replace"),
                "time": time.time(),
            })
            item = state.next_response()
            delay = float(item.get("delay", 0) or 0)
            if delay > 0:
                time.sleep(delay)
            answer = item.get("body", "")
            if item.get("echo"):
                answer = fill_template(answer, self.command, self.path, self.headers)
            try:
                if item.get("size") is not None:
                    self._send_sized(int(item.get("status", 200)), answer, int(item["size"]),
                                     item.get("headers"))
                else:
                    self._send(int(item.get("status", 200)), answer,
                               item.get("headers"))
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _handle

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--log", default=None)
    parser.add_argument("--default-status", type=int, default=200)
    parser.add_argument("--default-body", default="ok")
    args = parser.parse_args()

    state = State(args.log, args.default_status, args.default_body)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(state))
    server.daemon_threads = True

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    # A parent may spawn us with these signals blocked (Foundation's Process
    # inherits the spawning thread's mask): unblock them or SIGTERM is lost.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    print(f"PORT {server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except SystemExit:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    sys.exit(main())
