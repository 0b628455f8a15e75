"""The HTTP client against a real local server: retries, pauses, caps, cache, offline."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from papercli.errors import BadResponseError, NetworkError, SourceError
from papercli.sources.http import HttpClient, user_agent
from tests.fake_http import FakeServer, Reply, running_server


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with running_server() as srv:
        yield srv


class Sleeps(list):
    """Records the waits instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(round(seconds, 3))


def client(**kwargs) -> HttpClient:
    kwargs.setdefault("sleep", Sleeps())
    kwargs.setdefault("timeout", 2.0)
    return HttpClient(**kwargs)


def one_line(exc: pytest.ExceptionInfo) -> str:
    message = str(exc.value)
    assert "\n" not in message
    return message


def test_ok_answer_and_user_agent(server: FakeServer) -> None:
    server.route("/x", Reply(200, "hello"))
    http = client(user_agent=user_agent("me@example.org"))
    response = http.get(server.url + "/x?a=1")
    assert (response.status, response.text(), response.from_cache) == (200, "hello", False)
    agent = server.requests[0].headers["User-Agent"]
    assert agent.startswith("papercli/") and "mailto:me@example.org" in agent
    assert server.requests[0].query == {"a": ["1"]}


def test_429_then_ok_honours_retry_after(server: FakeServer) -> None:
    server.route("/x", Reply(429, "slow down", {"Retry-After": "2"}), Reply(200, "ok"))
    http = client()
    assert http.get(server.url + "/x").text() == "ok"
    assert http.sleep == [2.0]
    assert len(server.requests) == 2


def test_503_twice_then_ok(server: FakeServer) -> None:
    busy = Reply(503, "busy", {"Retry-After": "1"})
    server.route("/x", busy, busy, Reply(200, "ok"))
    http = client()
    assert http.get(server.url + "/x").text() == "ok"
    assert http.sleep == [1.0, 1.0]


def test_backoff_without_retry_after_and_cap(server: FakeServer) -> None:
    server.route("/x", Reply(500), Reply(502), Reply(503, "", {"Retry-After": "3600"}), Reply(200))
    http = client(backoff=0.5, max_wait=10, retries=3)
    assert http.get(server.url + "/x").status == 200
    assert http.sleep == [0.5, 1.0, 10.0]  # exponential, then Retry-After capped at max_wait


def test_retries_used_up_is_one_clear_line(server: FakeServer) -> None:
    server.route("/x", Reply(503, "busy", {"Retry-After": "0"}))
    http = client(retries=2)
    with pytest.raises(NetworkError) as caught:
        http.get(server.url + "/x")
    assert "HTTP 503 (gave up after 3 tries)" in one_line(caught)
    assert len(server.requests) == 3


def test_real_retry_after_wait_is_short(server: FakeServer) -> None:
    """With the real sleep, a Retry-After of 1 second is waited for and then retried."""
    server.route("/x", Reply(429, "", {"Retry-After": "1"}), Reply(200, "ok"))
    http = HttpClient(timeout=2.0)
    assert http.get(server.url + "/x").text() == "ok"


def test_timeout_is_retried_then_reported(server: FakeServer) -> None:
    server.route("/x", Reply(200, "late", delay=1.0))
    http = client(timeout=0.2, retries=1)
    with pytest.raises(NetworkError) as caught:
        http.get(server.url + "/x")
    assert "no answer within 0.2 s" in one_line(caught)
    assert len(server.requests) == 2


def test_client_error_is_not_retried(server: FakeServer) -> None:
    server.route("/x", Reply(400, "bad"))
    with pytest.raises(SourceError) as caught:
        client().get(server.url + "/x")
    assert "HTTP 400" in one_line(caught)
    assert len(server.requests) == 1


def test_no_network_is_one_clear_line() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(NetworkError) as caught:
        client().get(f"http://127.0.0.1:{port}/x")
    assert one_line(caught).startswith(f"cannot reach 127.0.0.1:{port}")


def test_oversized_answer_is_refused(server: FakeServer) -> None:
    server.route("/x", Reply(200, b"x" * 5000))
    with pytest.raises(BadResponseError) as caught:
        client(max_bytes=1000).get(server.url + "/x")
    assert "more than 1,000 bytes" in one_line(caught)


def test_malformed_json(server: FakeServer) -> None:
    server.route("/x", Reply(200, "{not json"))
    with pytest.raises(BadResponseError) as caught:
        client().get(server.url + "/x").json()
    assert "malformed JSON" in one_line(caught)


def test_cache_second_call_makes_no_request(server: FakeServer, tmp_path: Path) -> None:
    server.route("/x", Reply(200, "first"), Reply(200, "second"))
    cache = tmp_path / "cache"
    assert client(cache_dir=cache).get(server.url + "/x?q=1").text() == "first"
    again = client(cache_dir=cache).get(server.url + "/x?q=1")
    assert (again.text(), again.from_cache) == ("first", True)
    assert len(server.requests) == 1
    client(cache_dir=cache).get(server.url + "/x?q=2")  # another URL is another key
    assert len(server.requests) == 2


def test_cache_keeps_404_but_not_errors(server: FakeServer, tmp_path: Path) -> None:
    server.route("/gone", Reply(404, "{}"))
    server.route("/flaky", Reply(500), Reply(200, "ok"))
    http = client(cache_dir=tmp_path, retries=0)
    assert http.get(server.url + "/gone").status == 404
    assert http.get(server.url + "/gone").from_cache
    with pytest.raises(NetworkError):
        http.get(server.url + "/flaky")
    assert http.get(server.url + "/flaky").text() == "ok"
    assert len(server.requests_to("/gone")) == 1


def test_damaged_cache_file_is_a_miss(server: FakeServer, tmp_path: Path) -> None:
    server.route("/x", Reply(200, "fresh"))
    http = client(cache_dir=tmp_path)
    http.get(server.url + "/x")
    for path in tmp_path.iterdir():
        path.write_bytes(b"garbage")
    assert http.get(server.url + "/x").text() == "fresh"
    assert len(server.requests) == 2


def test_offline_uses_cache_only(server: FakeServer, tmp_path: Path) -> None:
    server.route("/x", Reply(200, "saved"))
    client(cache_dir=tmp_path).get(server.url + "/x")
    offline = client(cache_dir=tmp_path, offline=True)
    assert offline.get(server.url + "/x").text() == "saved"
    with pytest.raises(NetworkError) as caught:
        offline.get(server.url + "/other")
    assert one_line(caught).startswith("offline: no saved answer for")
    assert len(server.requests) == 1


def test_pause_between_requests_to_one_host(server: FakeServer) -> None:
    server.route("/x", Reply(200, "ok"))
    now = [100.0]
    http = client(clock=lambda: now[0])
    http.get(server.url + "/x?n=1", pause=3)
    now[0] += 1.0
    http.get(server.url + "/x?n=2", pause=3)
    assert http.sleep == [2.0]
    now[0] += 10.0
    http.get(server.url + "/x?n=3", pause=3)
    assert http.sleep == [2.0]


def test_retry_after_forms() -> None:
    import email.utils
    import time

    from papercli.sources.http import _retry_after

    assert _retry_after("7") == 7.0
    assert _retry_after(None) is None and _retry_after("soon") is None
    later = email.utils.formatdate(time.time() + 60, usegmt=True)
    assert 55 <= _retry_after(later) <= 61
    assert _retry_after(email.utils.formatdate(0, usegmt=True)) == 0.0
