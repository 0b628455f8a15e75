"""DBLP's publication search: ``GET {api}?q=<title words>&format=json&h=<n>``.

The answer is ``{"result": {"hits": {"@total": "12", "@sent": "2", "hit": [...]}}}`` with
every value a string; ``hit`` is a list (absent when nothing was found), each ``info``:

- ``title`` ending with "." (dropped), ``venue`` ("NeurIPS", "ECCV (3)", "CoRR"), ``year``;
- ``type``: "Conference and Workshop Papers", "Journal Articles", or "Informal and Other
  Publications" (CoRR: no venue), among others;
- ``authors.author``: a list of ``{"@pid", "text"}`` OR a single such object; names may
  carry a homonym number ("Xiaopeng Zhang 0009"), removed here;
- ``pages``, ``volume``, ``number``, ``doi``, ``ee``, ``key`` (``conf/nips/...``,
  ``journals/corr/abs-...``).

``completions.c`` (a list or one object) is not read.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any
from urllib.parse import quote, urlencode

from papercli.errors import BadResponseError
from papercli.identifiers import arxiv_match
from papercli.model import normalise_title
from papercli.parsers.base import collapse_spaces
from papercli.sources.http import HttpClient
from papercli.sources.published import VenueRecord, clean_pages
from papercli.sources.settings import DEFAULT_DBLP_API, DEFAULT_VENUE_DELAY
from papercli.venues import (
    VenueKind,
    find_venue,
    full_venue_name,
    is_preprint_doi,
    is_preprint_venue,
)

NAME = "DBLP"
HITS = 10
MAX_QUERY_WORDS = 16
TYPES: dict[str, VenueKind] = {
    "Conference and Workshop Papers": "inproceedings",
    "Journal Articles": "article",
}
_HOMONYM = re.compile(r"\s+\d{4}$")


class DblpSource:
    """Title searches against one DBLP publication-search endpoint."""

    def __init__(
        self,
        client: HttpClient,
        api_url: str = DEFAULT_DBLP_API,
        delay: float = DEFAULT_VENUE_DELAY,
    ) -> None:
        self.client = client
        self.api_url = api_url
        self.delay = delay

    def search(self, title: str, hits: int = HITS) -> list[VenueRecord]:
        """The records DBLP finds for ``title``'s words, best first (none: empty)."""
        words = normalise_title(title).split()[:MAX_QUERY_WORDS]
        if not words:
            return []
        params = {"q": " ".join(words), "format": "json", "h": hits}
        url = f"{self.api_url}?{urlencode(params, quote_via=quote)}"
        response = self.client.get(url, pause=self.delay, accept="application/json")
        if response.status == 404:
            raise BadResponseError(f"{NAME} has no search at {url}; check $PAPERCLI_DBLP_API")
        return hits_to_records(response.json(), url)


def hits_to_records(data: Any, url: str = "DBLP") -> list[VenueRecord]:
    """Every usable hit of a search answer as a VenueRecord."""
    result = data.get("result") if isinstance(data, dict) else None
    hits = result.get("hits") if isinstance(result, dict) else None
    if not isinstance(hits, dict):
        raise BadResponseError(f"{NAME}'s answer for {url} has no result.hits")
    found = hits.get("hit", [])
    if isinstance(found, dict):
        found = [found]
    if not isinstance(found, list):
        raise BadResponseError(f"{NAME}'s answer for {url} has hits that are not a list")
    records = []
    for hit in found:
        info = hit.get("info") if isinstance(hit, dict) else None
        if isinstance(info, dict) and (record := info_to_record(info)) is not None:
            records.append(record)
    return records


def _text(value: Any) -> str:
    return collapse_spaces(value) if isinstance(value, str) else ""


def _authors(info: dict[str, Any]) -> list[str]:
    block = info.get("authors")
    people = block.get("author") if isinstance(block, dict) else None
    if isinstance(people, dict):
        people = [people]
    names = []
    for person in people if isinstance(people, list) else []:
        name = _text(person.get("text")) if isinstance(person, dict) else _text(person)
        if name:
            names.append(_HOMONYM.sub("", name))
    return names


def info_to_record(info: dict[str, Any]) -> VenueRecord | None:
    """One hit's ``info`` as a VenueRecord; None without a title. CoRR records: no kind."""
    title = _text(info.get("title")).removesuffix(".")
    if not title:
        return None
    key = _text(info.get("key"))
    venue = _text(info.get("venue"))
    year = _text(info.get("year"))
    doi = _text(info.get("doi")) or None
    arxiv = arxiv_match(_text(info.get("ee")))
    kind = TYPES.get(_text(info.get("type")))
    if key.startswith("journals/corr/") or is_preprint_venue(venue) or not venue:
        kind = None
    if is_preprint_doi(doi):
        kind, doi = (kind if find_venue(venue) else None), None
    record = VenueRecord(
        source=NAME,
        label=f"dblp:{key}" if key else f"dblp:{title[:40]!r}",
        title=title,
        authors=_authors(info),
        year=int(year) if year.isdigit() else None,
        kind=kind,
        doi=doi,
        arxiv_id=arxiv,
        dblp_key=key or None,
    )
    if kind is None:
        return record
    return replace(
        record,
        venue=full_venue_name(venue),
        volume=_text(info.get("volume")) or None,
        number=_text(info.get("number")) or None,
        pages=clean_pages(_text(info.get("pages"))),
    )
