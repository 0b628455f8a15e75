"""A real HTTP server on 127.0.0.1 in a thread, answering from a script (tests only).

``server.route("/api/query", Reply(200, body), Reply(...))`` queues answers for a path: each
request takes the next one and the last one repeats. Every request is logged with its
path, query, headers and (for a POST) body, so tests can assert how many requests were
made and what they asked. ``server.handle(path, fn)`` answers with ``fn(seen)`` instead, for
answers that depend on the question (a batch aligned with the ids posted). Unrouted paths
answer 404. ``running_server()`` stops it on leaving the block.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

DATA = Path(__file__).resolve().parent / "data" / "sources"


def fixture_text(name: str) -> str:
    """A made-up answer body from ``tests/data/sources``."""
    return (DATA / name).read_text(encoding="utf-8")


@dataclass
class Reply:
    """One scripted answer; ``delay`` seconds pass before it is sent (for timeouts)."""

    status: int = 200
    body: str | bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Seen:
    """One logged request."""

    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    method: str = "GET"
    body: bytes = b""


class FakeServer:
    """The scripted server; ``url`` is its root, ``requests`` the log."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Reply]] = {}
        self.handlers: dict[str, Callable[[Seen], Reply]] = {}
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def route(self, path: str, *replies: Reply) -> None:
        """Answer requests for ``path`` with ``replies`` in turn (the last one repeats)."""
        self.routes[path] = list(replies)

    def handle(self, path: str, fn: Callable[[Seen], Reply]) -> None:
        """Answer requests for ``path`` with ``fn(request)``."""
        self.handlers[path] = fn

    def requests_to(self, path: str) -> list[Seen]:
        """The logged requests for ``path``."""
        return [r for r in self.requests if r.path == path]

    def next_reply(self, path: str, seen: Seen | None = None) -> Reply:
        if path in self.handlers and seen is not None:
            return self.handlers[path](seen)
        with self._lock:
            queue = self.routes.get(path)
            if not queue:
                return Reply(404, b'{"status": "error", "message": "not found"}')
            return queue.pop(0) if len(queue) > 1 else queue[0]

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


def _handler(server: FakeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._answer(b"")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self._answer(self.rfile.read(length))

        def _answer(self, body: bytes) -> None:
            parts = urlsplit(self.path)
            headers = dict(self.headers.items())
            seen = Seen(parts.path, parse_qs(parts.query), headers, self.command, body)
            with server._lock:
                server.requests.append(seen)
            reply = server.next_reply(parts.path, seen)
            if reply.delay:
                time.sleep(reply.delay)
            payload = reply.body
            body = payload.encode("utf-8") if isinstance(payload, str) else payload
            try:
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def running_server() -> Iterator[FakeServer]:
    """A started FakeServer, stopped on leaving the block (a test's fixture wraps it)."""
    server = FakeServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
