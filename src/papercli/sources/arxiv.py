"""The arXiv API: papers by id (many per request through ``id_list``) and by title.

arXiv asks clients to batch ids and to wait 3 seconds between requests; the wait is the
``delay`` given here (``SourceSettings.arxiv_delay``), spent by the HTTP client only before
a real request, never before an answer from the cache.

Answers are saved per paper (``sources.answers``): an id's record, or a title's candidates,
so a later run whose batches differ asks only about papers not answered before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote, urlencode

from papercli.errors import BadResponseError
from papercli.identifiers import strip_version
from papercli.model import Entry, normalise_title
from papercli.parsers import arxiv_atom
from papercli.parsers.arxiv_atom import AtomFeed, AtomRecord
from papercli.parsers.base import ParseError
from papercli.sources.answers import PaperAnswers
from papercli.sources.feeds import arxiv_category
from papercli.sources.http import HttpClient
from papercli.sources.matching import compare_titles
from papercli.sources.settings import DEFAULT_ARXIV_API, DEFAULT_ARXIV_DELAY

ID_BATCH = 100  # ids per id_list request (arXiv's examples use hundreds; URLs stay < 2 kB)
TITLE_BATCH = 10  # titles OR-ed into one search_query
MAX_TITLE_WORDS = 20
ATOM_TYPES = "application/atom+xml, application/xml;q=0.9"
LISTING_PAGE = 200  # results per page of a day's listing (arXiv allows up to 2,000)
MAX_LISTING = 10_000  # a day of one category is at most a few thousand papers


class ArxivSource:
    """Lookups and title searches against one arXiv API endpoint."""

    def __init__(
        self,
        client: HttpClient,
        api_url: str = DEFAULT_ARXIV_API,
        delay: float = DEFAULT_ARXIV_DELAY,
    ) -> None:
        self.client = client
        self.api_url = api_url
        self.delay = delay
        self.warnings: list[str] = []
        self.by_id = PaperAnswers(client, "arxiv-id")
        self.by_title = PaperAnswers(client, "arxiv-title")

    def fetch(self, params: dict[str, str | int]) -> AtomFeed:
        """One API request; BadResponseError when the answer is not a usable feed."""
        url = f"{self.api_url}?{urlencode(params, quote_via=quote)}"
        response = self.client.get(url, pause=self.delay, accept=ATOM_TYPES)
        if response.status != 200:
            raise BadResponseError(f"the arXiv API answered {response.status} for {url}")
        try:
            feed = arxiv_atom.parse_feed(response.text())
        except ParseError as exc:
            raise BadResponseError(f"unusable answer from the arXiv API: {exc}") from None
        self.warnings.extend(feed.warnings)
        return feed

    def lookup(self, ids: Iterable[str]) -> dict[str, AtomRecord]:
        """Records of the given arXiv ids, keyed by id without version; unknown ids absent."""
        wanted = list(dict.fromkeys(strip_version(i) for i in ids if i.strip()))
        saved, wanted = self.by_id.split(wanted)
        found = {i: _record_from_json(v) for i, v in saved.items() if v is not None}
        for start in range(0, len(wanted), ID_BATCH):
            batch = wanted[start : start + ID_BATCH]
            params = {"id_list": ",".join(batch), "start": 0, "max_results": len(batch)}
            asked = {i.lower(): i for i in batch}
            for record in self.fetch(params).records:
                arxiv_id = record.entry.arxiv_id or ""
                if arxiv_id.lower() in asked:
                    found[asked[arxiv_id.lower()]] = record
            for arxiv_id in batch:
                record = found.get(arxiv_id)
                self.by_id.put(arxiv_id, _record_to_json(record) if record else None)
        return found

    def listing(self, category: str, day: dt.date) -> list[AtomRecord]:
        """Every paper first submitted to ``category`` on ``day`` (UTC), page by page."""
        stamp = day.strftime("%Y%m%d")
        query = f"cat:{arxiv_category(category)} AND submittedDate:[{stamp}0000 TO {stamp}2359]"
        records: dict[str, AtomRecord] = {}
        start = 0
        while start < MAX_LISTING:
            params: dict[str, str | int] = {
                "search_query": query,
                "sortBy": "submittedDate",
                "sortOrder": "ascending",
                "start": start,
                "max_results": LISTING_PAGE,
            }
            feed = self.fetch(params)
            for record in feed.records:
                records.setdefault(record.entry.arxiv_id or "", record)
            start += LISTING_PAGE
            if not feed.records or feed.total_results is None or start >= feed.total_results:
                break
        return list(records.values())

    def search_titles(self, titles: Sequence[str], per_title: int = 3) -> list[AtomRecord]:
        """Candidates for each title (``ti:"..."`` phrases OR-ed, TITLE_BATCH per request).

        Each phrase's candidates (the records whose title is not unrelated to it) are saved
        on their own, so a phrase answered once is not searched again in another batch.
        """
        phrases = list(dict.fromkeys(p for t in titles if (p := title_phrase(t))))
        saved, phrases = self.by_title.split(phrases)
        records: dict[str, AtomRecord] = {}
        for values in saved.values():
            for value in values or []:
                record = _record_from_json(value)
                records.setdefault(record.entry.arxiv_id or "", record)
        for start in range(0, len(phrases), TITLE_BATCH):
            batch = phrases[start : start + TITLE_BATCH]
            query = " OR ".join(f'ti:"{phrase}"' for phrase in batch)
            params = {"search_query": query, "start": 0, "max_results": per_title * len(batch)}
            fresh = self.fetch(params).records
            for record in fresh:
                records.setdefault(record.entry.arxiv_id or "", record)
            for phrase in batch:
                related = [r for r in fresh if compare_titles(phrase, r.entry.title) != "different"]
                self.by_title.put(phrase, [_record_to_json(r) for r in related])
        return list(records.values())


def _record_to_json(record: AtomRecord) -> dict[str, Any]:
    return {
        "entry": record.entry.to_dict(),
        "version": record.version,
        "updated": record.updated,
        "primary_category": record.primary_category,
        "affiliations": record.affiliations,
    }


def _record_from_json(value: dict[str, Any]) -> AtomRecord:
    return AtomRecord(
        entry=Entry(**value["entry"]),
        version=value.get("version"),
        updated=value.get("updated"),
        primary_category=value.get("primary_category"),
        affiliations=value.get("affiliations") or {},
    )


def title_phrase(title: str) -> str:
    """A title as words a quoted ``ti:`` phrase can hold: no quotes, colons or brackets."""
    words = normalise_title(title).split()
    return " ".join(words[:MAX_TITLE_WORDS])
