"""Semantic Scholar's Graph API (v1): papers by id in batches, and the best match for a title.

- ``POST {api}/paper/batch?fields=...`` with ``{"ids": ["ARXIV:2401.00001", "DOI:10..."]}``
  (at most ``BATCH`` ids): a list aligned with the ids, a bare ``null`` for an unknown one.
  Each id's answer is saved on its own (``sources.answers``), so a later batch leaves it out.
- ``GET {api}/paper/search/match?query=<title>&fields=...``: ``{"data": [paper]}`` with a
  ``matchScore``; 404 when nothing matches.

What a paper says about its venue (``paper_to_record``), quirks included:

- ``publicationVenue``: null, or ``{"name", "type": "conference"|"journal",
  "alternate_names"}``; ``venue``: "" or a name, often abbreviated ("Nat. Mac. Intell.");
- ``journal``: null, ``{"name"}``, ``{"pages"}`` alone, or ``{"name", "volume", "pages"}``;
  an arXiv-only paper has ``{"name": "ArXiv", "volume": "abs/..."}`` and venue "arXiv.org",
  even with ``publicationTypes`` ``["JournalArticle"]``: that is no venue;
- ``publicationTypes``: null or a list ("Conference", "JournalArticle", "Review"...);
- a DOI of a preprint server (SSRN's "eJournals", bioRxiv) with a venue the table does not
  know is no venue either;
- ``externalIds``: ``ArXiv``, ``DOI``, ``DBLP`` (a ``journals/corr/...`` key is the arXiv
  record's), ``CorpusId`` (a number).

Kind: the publication venue's type, else the venue table's, else "Conference" among the
types, else a journal name means a journal article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import quote, urlencode

from papercli.errors import BadResponseError
from papercli.parsers.base import collapse_spaces
from papercli.sources.answers import PaperAnswers
from papercli.sources.http import HttpClient
from papercli.sources.published import VenueRecord, clean_pages
from papercli.sources.settings import DEFAULT_S2_API, DEFAULT_VENUE_DELAY
from papercli.venues import (
    VenueKind,
    find_venue,
    full_venue_name,
    is_preprint_doi,
    is_preprint_venue,
)

NAME = "Semantic Scholar"
BATCH = 500  # ids per batch request (the API's limit)
FIELDS = "title,authors,year,venue,publicationVenue,journal,publicationTypes,externalIds"
_CONFERENCE_WORDS = ("conference", "proceedings", "workshop", "symposium", "meeting")


class SemanticScholarSource:
    """Batches of ids and title matches against one Graph API root."""

    def __init__(
        self,
        client: HttpClient,
        api_root: str = DEFAULT_S2_API,
        key: str | None = None,
        delay: float = DEFAULT_VENUE_DELAY,
    ) -> None:
        self.client = client
        self.api_root = api_root.rstrip("/")
        self.headers = {"x-api-key": key} if key else {}
        self.delay = delay
        self.answers = PaperAnswers(client, "s2-paper")

    def batch(self, ids: Sequence[str]) -> dict[str, VenueRecord | None]:
        """Each id's record (None: unknown to Semantic Scholar), ``BATCH`` ids a request."""
        saved, wanted = self.answers.split(list(ids))
        for start in range(0, len(wanted), BATCH):
            chunk = wanted[start : start + BATCH]
            papers = self._post_batch(chunk)
            for paper_id, paper in zip(chunk, papers, strict=True):
                self.answers.put(paper_id, paper)
                saved[paper_id] = paper
        return {i: paper_to_record(p) if isinstance(p, dict) else None for i, p in saved.items()}

    def _post_batch(self, ids: list[str]) -> list[dict[str, Any] | None]:
        url = f"{self.api_root}/paper/batch?{urlencode({'fields': FIELDS})}"
        response = self.client.post_json(url, {"ids": ids}, pause=self.delay, headers=self.headers)
        if response.status != 200:
            raise BadResponseError(f"{NAME} answered {response.status} for {url}")
        papers = response.json()
        if not isinstance(papers, list) or len(papers) != len(ids):
            raise BadResponseError(f"{NAME}'s answer for {url} is not a list of {len(ids)} papers")
        for paper in papers:
            if paper is not None and not (isinstance(paper, dict) and _title(paper)):
                raise BadResponseError(f"{NAME}'s answer for {url} holds a paper without a title")
        return papers

    def match_title(self, title: str) -> VenueRecord | None:
        """The paper Semantic Scholar matches to ``title``; None when it matches none (404)."""
        params = {"query": collapse_spaces(title)[:300], "fields": FIELDS}
        url = f"{self.api_root}/paper/search/match?{urlencode(params, quote_via=quote)}"
        response = self.client.get(url, pause=self.delay, headers=self.headers)
        if response.status == 404:
            return None
        data = response.json()
        matches = data.get("data") if isinstance(data, dict) else None
        if not isinstance(matches, list):
            raise BadResponseError(f"{NAME}'s answer for {url} has no list of data")
        papers = [p for p in matches if isinstance(p, dict) and _title(p)]
        return paper_to_record(papers[0]) if papers else None


def _text(value: Any) -> str:
    return collapse_spaces(value) if isinstance(value, str) else ""


def _title(paper: dict[str, Any]) -> str:
    return _text(paper.get("title"))


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _venue_names(paper: dict[str, Any]) -> tuple[list[str], str]:
    """(every non-preprint venue name the paper gives, the journal's name if one)."""
    where = _dict(paper.get("publicationVenue"))
    journal = _text(_dict(paper.get("journal")).get("name"))
    journal = "" if is_preprint_venue(journal) else journal
    alternates = [_text(a) for a in where.get("alternate_names") or [] if _text(a)]
    names = [_text(where.get("name")), journal, _text(paper.get("venue")), *alternates]
    return [n for n in dict.fromkeys(names) if n and not is_preprint_venue(n)], journal


def _kind(paper: dict[str, Any], names: list[str], journal: str) -> VenueKind:
    venue_type = _text(_dict(paper.get("publicationVenue")).get("type")).lower()
    if venue_type in ("conference", "journal"):
        return "inproceedings" if venue_type == "conference" else "article"
    known = next((v for n in names if (v := find_venue(n))), None)
    if known:
        return known.kind
    types = paper.get("publicationTypes")
    if isinstance(types, list) and "Conference" in types:
        return "inproceedings"
    if journal:
        return "article"
    return "inproceedings" if any(w in names[0].lower() for w in _CONFERENCE_WORDS) else "article"


def _stored_name(names: list[str], journal: str, kind: VenueKind) -> str:
    known = next((v for n in names if (v := find_venue(n))), None)
    if known:
        return known.full
    return full_venue_name(journal if kind == "article" and journal else names[0])


def paper_to_record(paper: dict[str, Any]) -> VenueRecord:
    """One Graph API paper as a VenueRecord (``kind`` None when it names no venue)."""
    ids = _dict(paper.get("externalIds"))
    given_doi = _text(ids.get("DOI")) or None
    preprint = is_preprint_doi(given_doi)
    doi = None if preprint else given_doi
    authors = [n for a in paper.get("authors") or [] if (n := _text(_dict(a).get("name")))]
    year = paper.get("year")
    record = VenueRecord(
        source=NAME,
        label=f"S2:{_text(paper.get('paperId')) or ids.get('CorpusId') or '?'}",
        title=_title(paper),
        authors=authors,
        year=year if isinstance(year, int) and not isinstance(year, bool) else None,
        doi=doi,
        arxiv_id=_text(ids.get("ArXiv")) or None,
        dblp_key=_text(ids.get("DBLP")) or None,
    )
    names, journal = _venue_names(paper)
    if not names or (preprint and not any(find_venue(n) for n in names)):
        return record  # arXiv only, or an SSRN "eJournal": no venue
    kind = _kind(paper, names, journal)
    details = _dict(paper.get("journal"))
    volume = _text(details.get("volume"))
    return replace(
        record,
        kind=kind,
        venue=_stored_name(names, journal, kind),
        volume=volume if volume and not volume.startswith("abs/") else None,
        pages=clean_pages(_text(details.get("pages"))),
    )
