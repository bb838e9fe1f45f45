"""A fault-injecting HTTP proxy on 127.0.0.1, for testing collection against a flaky AWS.

It forwards every request to an upstream endpoint (moto's server on 127.0.0.1) and answers a
seeded random share of them itself with an error the real services send under load: a
throttling error spelled the way the request's protocol spells it (``Throttling`` for the
query APIs, ``RequestLimitExceeded`` for EC2, ``ThrottlingException`` for JSON APIs, ``SlowDown``
for S3) or a bare ``503 Service Unavailable``. Used by the throttling tests and
``benchmarks/faults.py``; it binds to the loopback interface only.
"""

from __future__ import annotations

import http.client
import random
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

_SCOPE = re.compile(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/")
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection"}


def _throttle(service: str, json_protocol: bool) -> tuple[int, dict[str, str], bytes]:
    if json_protocol:
        body = b'{"__type": "ThrottlingException", "message": "Rate exceeded"}'
        return 400, {"Content-Type": "application/x-amz-json-1.1", "x-amzn-ErrorType": "ThrottlingException"}, body
    if service == "s3":
        return (
            503,
            {"Content-Type": "application/xml"},
            (b"<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"),
        )
    if service == "ec2":
        return (
            400,
            {"Content-Type": "text/xml"},
            (
                b"<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded."
                b"</Message></Error></Errors><RequestID>f</RequestID></Response>"
            ),
        )
    return (
        400,
        {"Content-Type": "text/xml"},
        (
            b"<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message>"
            b"</Error><RequestId>f</RequestId></ErrorResponse>"
        ),
    )


class FaultProxy:
    """``with FaultProxy(upstream, rate=0.3, seed=1) as proxy:`` then point clients at ``proxy.url``.

    ``rate`` is the share of requests answered with a fault (half throttling, half 503);
    ``only``, when given, limits faults to requests whose path or body contains it (an action
    name such as ``DescribeSecurityGroups``); ``requests`` and ``faults`` count what it saw.
    """

    def __init__(self, upstream: str, rate: float = 0.3, seed: int = 0, only: str | None = None) -> None:
        parts = urlsplit(upstream)
        if parts.hostname not in ("127.0.0.1", "localhost"):
            raise ValueError("the fault proxy only forwards to 127.0.0.1")
        self.upstream = (parts.hostname, parts.port or 80)
        self.rate = rate
        self.only = only.encode() if only else None
        self.requests = 0
        self.faults = 0
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _decide(self, path: str, body: bytes) -> str | None:
        with self._lock:
            self.requests += 1
            if self.only is not None and self.only not in body and self.only.decode() not in path:
                return None
            if self._random.random() >= self.rate:
                return None
            self.faults += 1
            return "throttle" if self._random.random() < 0.5 else "unavailable"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_: Any) -> None:
                pass

            def _answer(self, status: int, headers: dict[str, str], body: bytes) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                fault = proxy._decide(self.path, body)
                if fault == "unavailable":
                    # What a load balancer in front of an API sends: an HTML page, no error code.
                    self._answer(503, {"Content-Type": "text/html"}, b"<html><body>Service Unavailable</body></html>")
                    return
                if fault == "throttle":
                    match = _SCOPE.search(self.headers.get("Authorization", ""))
                    json_protocol = "json" in self.headers.get("Content-Type", "")
                    self._answer(*_throttle(match.group(1) if match else "", json_protocol))
                    return
                upstream = http.client.HTTPConnection(*proxy.upstream, timeout=60)
                try:
                    headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
                    upstream.request(self.command, self.path, body=body, headers=headers)
                    response = upstream.getresponse()
                    payload = response.read()
                    passed = {
                        k: v
                        for k, v in response.getheaders()
                        if k.lower() not in _HOP_BY_HOP and k.lower() != "content-length"
                    }
                    self._answer(response.status, passed, payload)
                finally:
                    upstream.close()

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _forward

        return Handler
