"""Crossref's REST API: a work by DOI (``/works/{doi}``) and bibliographic title search.

Answers are JSON ``{"status": "ok", "message-type": "work", "message": {...}}`` (a search:
``"work-list"`` with ``message.items``). ``work_to_entry`` maps one ``message`` to an Entry:

- ``author[]``: ``given`` + ``family`` -> ``"Given Family"``, or ``"Family, Given"`` when the
  family name has several words (so the exporters split it where Crossref did); an author
  with only ``name`` (a consortium) is kept whole;
- the date from ``published`` (else ``issued``, ``published-print``, ``published-online``)
  ``date-parts``, as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``;
- ``container-title`` -> ``journal_ref``; ``volume``/``issue``/``page`` -> ``extra`` as
  BibTeX ``volume``/``number``/``pages``; ``type`` -> a BibTeX type;
- an arXiv DOI (``10.48550/arXiv.ID``) gives the arXiv id too; JATS abstracts become text.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import quote, urlencode

from papercli import identifiers as ids
from papercli.errors import BadResponseError
from papercli.model import Entry
from papercli.parsers.base import collapse_spaces
from papercli.sources.http import HttpClient
from papercli.sources.settings import DEFAULT_CROSSREF_API

NAME = "crossref"
TYPES = {
    "journal-article": "article",
    "proceedings-article": "inproceedings",
    "book-chapter": "incollection",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "dissertation": "phdthesis",
    "report": "techreport",
}
_DATE_KEYS = ("published", "issued", "published-print", "published-online")
_TAG = re.compile(r"<[^>]*>")
# Inline markup that some deposits escape twice (``&lt;i&gt;``): removed after unescaping.
_INLINE = re.compile(r"</?(?:i|b|em|strong|sub|sup|scp|u|tt|(?:jats|mml):[\w-]+)\b[^>]*>")
_JATS_TITLE = re.compile(r"<jats:title>.*?</jats:title>", re.DOTALL)
_SAFE_EXTRA = re.compile(r"^[\w .:/–-]{1,40}$")


class CrossrefSource:
    """Works by DOI and title searches against one Crossref API root."""

    def __init__(self, client: HttpClient, api_root: str = DEFAULT_CROSSREF_API) -> None:
        self.client = client
        self.api_root = api_root.rstrip("/")

    def work(self, doi: str) -> Entry | None:
        """The work with this DOI, or None when Crossref does not know it (404)."""
        url = f"{self.api_root}/works/{quote(doi, safe='/')}"
        response = self.client.get(url, accept="application/json")
        if response.status == 404:
            return None
        return work_to_entry(_message(response.json(), "work", url))

    def works(self, dois: list[str]) -> dict[str, Entry | None]:
        """Each DOI's work (None when not found), one request each (Crossref has no batch)."""
        return {doi: self.work(doi) for doi in dict.fromkeys(dois)}

    def search_title(self, title: str, rows: int = 5) -> list[Entry]:
        """The ``rows`` best bibliographic matches for ``title``, best first."""
        params = {"query.bibliographic": collapse_spaces(title)[:500], "rows": rows}
        url = f"{self.api_root}/works?{urlencode(params, quote_via=quote)}"
        response = self.client.get(url, accept="application/json")
        if response.status == 404:
            raise BadResponseError(f"Crossref has no search at {url}; check $PAPERCLI_CROSSREF_API")
        items = _message(response.json(), "work-list", url).get("items")
        if not isinstance(items, list):
            raise BadResponseError(f"Crossref's answer for {url} has no list of items")
        return [work_to_entry(item) for item in items if isinstance(item, dict)]


def _message(data: Any, kind: str, url: str) -> dict[str, Any]:
    if not isinstance(data, dict) or data.get("message-type") != kind:
        raise BadResponseError(f"Crossref's answer for {url} is not a {kind} message")
    message = data.get("message")
    if not isinstance(message, dict):
        raise BadResponseError(f"Crossref's answer for {url} has no message object")
    return message


def _plain(value: Any) -> str:
    """Crossref text (may hold HTML/JATS tags and entities) as one plain line."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), "")
    if not isinstance(value, str):
        return ""
    text = html.unescape(_TAG.sub(" ", _INLINE.sub("", value)))
    return collapse_spaces(_INLINE.sub("", text))


def author_name(author: Any) -> str:
    """One Crossref author as a stored name (see the module docstring)."""
    if not isinstance(author, dict):
        return ""
    given, family = _plain(author.get("given")), _plain(author.get("family"))
    if family and given:
        if " " in family or "," in family or "," in given:
            return f"{family}, {given}"
        return f"{given} {family}"
    return family or given or _plain(author.get("name"))


def crossref_date(message: dict[str, Any]) -> str | None:
    """``YYYY[-MM[-DD]]`` from the first date with usable ``date-parts``."""
    for key in _DATE_KEYS:
        block = message.get(key)
        parts = block.get("date-parts") if isinstance(block, dict) else None
        if not (isinstance(parts, list) and parts and isinstance(parts[0], list)):
            continue
        numbers = [p for p in parts[0][:3] if isinstance(p, int) and not isinstance(p, bool)]
        if not numbers or not 1000 <= numbers[0] <= 9999:
            continue
        limits = (12, 31)
        text = f"{numbers[0]:04d}"
        for value, limit in zip(numbers[1:], limits, strict=False):
            if not 1 <= value <= limit:
                break
            text += f"-{value:02d}"
        return text
    return None


def _venue(message: dict[str, Any]) -> dict[str, str]:
    """Volume, number and pages (the Entry's venue fields), as Crossref gives them."""
    venue: dict[str, str] = {}
    for source, name in (("volume", "volume"), ("issue", "number"), ("page", "pages")):
        value = _plain(message.get(source))
        if value and _SAFE_EXTRA.match(value):
            venue[name] = re.sub(r"(?<=\d)[-–](?=\d)", "--", value) if name == "pages" else value
    return venue


def work_to_entry(message: dict[str, Any]) -> Entry:
    """One Crossref work ``message`` as an Entry (source ``crossref``)."""
    authors = [n for a in message.get("author") or [] if (n := author_name(a))]
    doi = _plain(message.get("DOI")) or None
    abstract = message.get("abstract")
    entry = Entry(
        title=_plain(message.get("title")),
        authors=authors,
        author_count=len(authors) or None,
        date=crossref_date(message),
        abstract=_plain(_JATS_TITLE.sub(" ", abstract)) if isinstance(abstract, str) else "",
        source=NAME,
        type=TYPES.get(_plain(message.get("type")), "misc"),
        doi=doi,
        arxiv_id=ids.arxiv_of_doi(doi),
        journal_ref=_plain(message.get("container-title")) or None,
        urls=[f"https://doi.org/{doi}"] if doi else [],
        **_venue(message),
    )
    return entry
