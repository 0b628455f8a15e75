"""The metadata sources a command asks: one HTTP client (its cache in the library), arXiv
and Crossref. ``add`` and ``enrich`` open them here, so both are polite and cached alike."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from papercli.sources.arxiv import ArxivSource
from papercli.sources.crossref import CrossrefSource
from papercli.sources.http import HttpClient
from papercli.sources.settings import SourceSettings
from papercli.store import Store

CACHE_NAME = "http"


@dataclass
class Sources:
    """arXiv and Crossref behind one client (one cache, one request count)."""

    client: HttpClient
    arxiv: ArxivSource
    crossref: CrossrefSource

    @property
    def requests(self) -> int:
        """Requests actually sent (answers from the cache are not counted)."""
        return self.client.requests_made


def open_sources(settings: SourceSettings, cache_dir: Path | None, offline: bool) -> Sources:
    """Sources with ``settings``' endpoints; answers cached in ``cache_dir`` (None: none)."""
    client = settings.client(cache_dir=cache_dir, offline=offline)
    arxiv = ArxivSource(client, settings.arxiv_api, settings.arxiv_delay)
    return Sources(client, arxiv, CrossrefSource(client, settings.crossref_api))


def cache_dir_for(store: Store, dry_run: bool = False) -> Path | None:
    """The library's HTTP cache folder; None for a dry run on a library not yet created
    (which must not leave a folder behind)."""
    return None if dry_run and not store.exists() else store.cache_dir(CACHE_NAME)
