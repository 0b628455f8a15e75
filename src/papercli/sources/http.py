"""One small HTTP client for the metadata sources: polite, patient, cached, capped.

Built on the standard library's ``urllib``: papercli only ever GETs a few small documents
(and POSTs one JSON list of ids to Semantic Scholar's batch endpoint), so a dependency
(httpx and its four packages) would buy nothing but start-up time.

- Every request carries a User-Agent naming papercli and, when set, a contact e-mail
  (Crossref routes such requests to its "polite pool"; arXiv asks for it).
- Timeouts on connect and read; 429 and 5xx answers, timeouts and dropped connections are
  retried with exponential backoff, honouring ``Retry-After`` (seconds or an HTTP date), with
  every single wait capped at ``max_wait``.
- ``pause`` keeps at least that many seconds between two requests to one host (arXiv asks
  for 3); answers served from the cache do not wait.
- Bodies larger than ``max_bytes`` are refused: an answer is untrusted input.
- An on-disk cache keyed by URL keeps 200 and 404 answers, so a second run makes no request;
  ``offline=True`` answers from the cache only and says so when an answer is missing;
  ``refresh=True`` reads no saved answer (but saves the new ones).
- A POST is never cached by URL (its body differs); a batch's answer is kept per paper
  instead, through ``recall``/``remember`` (see ``sources.answers``).
"""

from __future__ import annotations

import email.utils
import hashlib
import http.client
import json
import os
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from papercli import __version__
from papercli.errors import BadResponseError, NetworkError, SourceError

CACHED_STATUSES = (200, 404)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_BYTES = 20_000_000


def user_agent(email_address: str | None = None) -> str:
    """``papercli/0.1.0 (+https://pypi.org/project/papercli/; mailto:me@example.org)``."""
    contact = f"; mailto:{email_address}" if email_address else ""
    return f"papercli/{__version__} (+https://pypi.org/project/papercli/{contact})"


@dataclass(frozen=True)
class Response:
    """An answer: its status (200 or 404), body, and whether it came from the cache."""

    url: str
    status: int
    body: bytes
    from_cache: bool = False

    def text(self) -> str:
        """The body decoded as UTF-8 (invalid bytes replaced)."""
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body as JSON; BadResponseError when it is not JSON."""
        try:
            return json.loads(self.body)
        except (ValueError, RecursionError) as exc:
            where = _where(self.url)
            raise BadResponseError(f"{where} answered with malformed JSON ({exc})") from None


@dataclass
class HttpClient:
    """GETs with retries, per-host pauses, a size cap and an optional response cache."""

    user_agent: str = field(default_factory=user_agent)
    cache_dir: Path | None = None
    offline: bool = False
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 1.0
    max_wait: float = 30.0
    max_bytes: int = MAX_BYTES
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    refresh: bool = False
    requests_made: int = 0
    _last_request: dict[str, float] = field(default_factory=dict, repr=False)

    def get(
        self,
        url: str,
        *,
        pause: float = 0.0,
        accept: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """The answer at ``url`` (200 or 404); NetworkError/SourceError when there is none."""
        cached = self._cached(url)
        if cached is not None:
            return cached
        if self.offline:
            raise _offline(url)
        response = self._fetch(url, pause, accept, headers)
        self._store(response)
        return response

    def post_json(
        self,
        url: str,
        payload: Any,
        *,
        pause: float = 0.0,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """POST ``payload`` as JSON (retried, paced, capped like a GET; never cached by URL)."""
        if self.offline:
            raise _offline(url)
        body = json.dumps(payload).encode("utf-8")
        sent = {**(headers or {}), "Content-Type": "application/json"}
        return self._fetch(url, pause, "application/json", sent, body)

    def recall(self, key: str) -> Response | None:
        """A saved answer stored under ``key`` by ``remember`` (None: not saved)."""
        return self._cached(key)

    def remember(self, key: str, body: bytes, status: int = 200) -> None:
        """Save ``body`` under ``key`` (a name, not a URL) in the cache, when there is one."""
        self._store(Response(key, status, body))

    def _fetch(
        self,
        url: str,
        pause: float,
        accept: str | None,
        headers: dict[str, str] | None = None,
        data: bytes | None = None,
    ) -> Response:
        attempt = 0
        while True:
            self._wait_turn(url, pause)
            wait, problem = self._attempt(url, accept, headers, data)
            if isinstance(wait, Response):
                return wait
            if attempt >= self.retries:
                tries = f"{attempt + 1} tries" if attempt else "1 try"
                raise NetworkError(f"{_where(url)}: {problem} (gave up after {tries})")
            attempt += 1
            self.sleep(min(self.max_wait, wait if wait is not None else self._backoff(attempt)))

    def _attempt(
        self,
        url: str,
        accept: str | None,
        extra: dict[str, str] | None = None,
        data: bytes | None = None,
    ) -> tuple[Response | float | None, str]:
        """One request: (response, "") or (seconds to wait or None for backoff, problem)."""
        headers = {**(extra or {}), "User-Agent": self.user_agent, "Accept-Encoding": "identity"}
        if accept:
            headers["Accept"] = accept
        request = urllib.request.Request(url, data=data, headers=headers)
        self.requests_made += 1
        self._last_request[_host(url)] = self.clock()
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                return Response(url, answer.status, self._read(answer, url)), ""
        except urllib.error.HTTPError as exc:
            with exc:
                if exc.code == 404:
                    return Response(url, 404, self._read(exc, url)), ""
                if exc.code in RETRY_STATUSES:
                    return _retry_after(exc.headers.get("Retry-After")), f"HTTP {exc.code}"
            problem = f"HTTP {exc.code} {exc.reason}"
            raise SourceError(f"{_where(url)} refused the request: {problem}") from None
        except TimeoutError:
            return None, f"no answer within {self.timeout:g} s"
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                return None, f"no answer within {self.timeout:g} s"
            if isinstance(reason, (ConnectionResetError, ConnectionAbortedError)):
                return None, "the connection was dropped"
            problem = f"cannot reach {_host(url)} ({_reason(reason)})"
            raise NetworkError(f"{problem}; is the network up?") from None
        except (ConnectionResetError, ConnectionAbortedError, http.client.HTTPException) as exc:
            return None, f"the connection was dropped ({type(exc).__name__})"

    def _read(self, answer: Any, url: str) -> bytes:
        body = answer.read(self.max_bytes + 1)
        if len(body) > self.max_bytes:
            raise BadResponseError(
                f"{_where(url)} sent more than {self.max_bytes:,} bytes; the answer was refused"
            )
        return body

    def _wait_turn(self, url: str, pause: float) -> None:
        last = self._last_request.get(_host(url))
        if pause > 0 and last is not None:
            remaining = last + pause - self.clock()
            if remaining > 0:
                self.sleep(remaining)

    def _backoff(self, attempt: int) -> float:
        return self.backoff * 2 ** (attempt - 1)

    def _cache_file(self, url: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / (hashlib.sha256(url.encode("utf-8")).hexdigest() + ".http")

    def _cached(self, url: str) -> Response | None:
        path = self._cache_file(url)
        if path is None or self.refresh or not path.is_file():
            return None
        try:
            head, _, body = path.read_bytes().partition(b"\n")
            meta = json.loads(head)
            if meta.get("url") != url or meta.get("status") not in CACHED_STATUSES:
                return None
            return Response(url, int(meta["status"]), body, from_cache=True)
        except (OSError, ValueError, KeyError, TypeError):
            return None  # a damaged cache file is only a cache miss

    def _store(self, response: Response) -> None:
        path = self._cache_file(response.url)
        if path is None or response.status not in CACHED_STATUSES:
            return
        meta = {"url": response.url, "status": response.status, "saved": int(time.time())}
        data = json.dumps(meta).encode("utf-8") + b"\n" + response.body
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".http")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        except OSError:
            Path(tmp).unlink(missing_ok=True)  # the cache is best effort


def _offline(url: str) -> NetworkError:
    return NetworkError(
        f"offline: no saved answer for {url}; run once without --offline to fetch it"
    )


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta or HTTP date); None when absent/unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - time.time()) if when else None


def _host(url: str) -> str:
    return urlsplit(url).netloc or url


def _where(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}" if parts.netloc else url


def _reason(reason: object) -> str:
    text = str(getattr(reason, "strerror", None) or reason)
    return " ".join(text.split())[:120]
