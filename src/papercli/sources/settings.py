"""Where the metadata sources live and how politely to ask them: ``SourceSettings``.

The CLI reads them as settings (``config.py``: option > environment > config file >
default, the file using the names ``arxiv_api``...); ``from_env`` reads the environment only::

    PAPERCLI_ARXIV_API     the arXiv API query URL     (default https://export.arxiv.org/api/query)
    PAPERCLI_CROSSREF_API  Crossref's API root         (default https://api.crossref.org)
    PAPERCLI_ARXIV_DELAY   seconds between arXiv requests (default 3, as arXiv asks; tests: 0)
    PAPERCLI_HF_API        Hugging Face's API root     (default https://huggingface.co/api)
    PAPERCLI_EMAIL         a contact address for the User-Agent (Crossref's polite pool)
    PAPERCLI_S2_API        Semantic Scholar's Graph API root
                           (default https://api.semanticscholar.org/graph/v1)
    PAPERCLI_S2_KEY        a Semantic Scholar API key, sent as ``x-api-key`` (environment only:
                           a secret is kept out of config files and ``papercli config``)
    PAPERCLI_DBLP_API      DBLP's publication search (default https://dblp.org/search/publ/api)
    PAPERCLI_VENUE_DELAY   seconds between two Semantic Scholar or DBLP requests (default 1)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from papercli.errors import InputError
from papercli.sources.http import HttpClient, user_agent

DEFAULT_ARXIV_API = "https://export.arxiv.org/api/query"
DEFAULT_CROSSREF_API = "https://api.crossref.org"
DEFAULT_ARXIV_DELAY = 3.0
DEFAULT_S2_API = "https://api.semanticscholar.org/graph/v1"
DEFAULT_DBLP_API = "https://dblp.org/search/publ/api"
DEFAULT_VENUE_DELAY = 1.0
DEFAULT_HF_API = "https://huggingface.co/api"
ENV = {
    "hf_api": "PAPERCLI_HF_API",
    "arxiv_api": "PAPERCLI_ARXIV_API",
    "crossref_api": "PAPERCLI_CROSSREF_API",
    "arxiv_delay": "PAPERCLI_ARXIV_DELAY",
    "email": "PAPERCLI_EMAIL",
    "s2_api": "PAPERCLI_S2_API",
    "s2_key": "PAPERCLI_S2_KEY",
    "dblp_api": "PAPERCLI_DBLP_API",
    "venue_delay": "PAPERCLI_VENUE_DELAY",
}


@dataclass(frozen=True)
class SourceSettings:
    """Endpoints, the pauses between requests, the contact e-mail, the S2 key and the timeout."""

    arxiv_api: str = DEFAULT_ARXIV_API
    crossref_api: str = DEFAULT_CROSSREF_API
    arxiv_delay: float = DEFAULT_ARXIV_DELAY
    email: str | None = None
    timeout: float = 20.0
    s2_api: str = DEFAULT_S2_API
    s2_key: str | None = field(default=None, repr=False)
    dblp_api: str = DEFAULT_DBLP_API
    venue_delay: float = DEFAULT_VENUE_DELAY
    hf_api: str = DEFAULT_HF_API

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SourceSettings:
        """Settings from ``PAPERCLI_*`` variables; InputError names a bad one."""
        env = os.environ if environ is None else environ
        return cls(
            arxiv_api=_url(env, "arxiv_api", DEFAULT_ARXIV_API),
            crossref_api=_url(env, "crossref_api", DEFAULT_CROSSREF_API).rstrip("/"),
            arxiv_delay=_seconds(env, "arxiv_delay", DEFAULT_ARXIV_DELAY),
            email=env.get(ENV["email"], "").strip() or None,
            s2_api=_url(env, "s2_api", DEFAULT_S2_API).rstrip("/"),
            s2_key=s2_key(env),
            dblp_api=_url(env, "dblp_api", DEFAULT_DBLP_API),
            venue_delay=_seconds(env, "venue_delay", DEFAULT_VENUE_DELAY),
            hf_api=_url(env, "hf_api", DEFAULT_HF_API).rstrip("/"),
        )

    def client(self, cache_dir: Path | None = None, offline: bool = False) -> HttpClient:
        """An HTTP client with these settings' User-Agent and timeout."""
        return HttpClient(
            user_agent=user_agent(self.email),
            cache_dir=cache_dir,
            offline=offline,
            timeout=self.timeout,
        )


def s2_key(environ: Mapping[str, str] | None = None) -> str | None:
    """``$PAPERCLI_S2_KEY`` (None when unset or blank)."""
    env = os.environ if environ is None else environ
    return env.get(ENV["s2_key"], "").strip() or None


def _url(env: Mapping[str, str], name: str, default: str) -> str:
    value = env.get(ENV[name], "").strip()
    if not value:
        return default
    if not value.startswith(("http://", "https://")):
        raise InputError(f"${ENV[name]} must be an http:// or https:// URL, not {value!r}")
    return value


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    value = env.get(ENV[name], "").strip()
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 600:
        raise InputError(f"${ENV[name]} must be a number of seconds from 0 to 600, not {value!r}")
    return seconds
