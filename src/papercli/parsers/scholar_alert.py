"""Google Scholar alert e-mails: the saved ``.eml`` (or mbox), or just its HTML body.

One result in the body looks like::

    <h3><span>[PDF]</span> <a href="http://scholar.google.com/scholar_url?url=https://...&hl=en"
        class="gse_alrt_title">Title</a></h3>
    <div style="color:#006621">A Author, B Author… - Venue name, 2019</div>
    <div class="gse_alrt_sni">Snippet of the abstract, with <br> breaks …</div>

The publisher's URL is the ``url`` parameter of the ``scholar_url`` link. The green byline
gives authors (initials and surname, as Scholar prints them; a trailing ``…`` means the list
is cut, recorded as ``extra['authors-truncated']: 'yes'``), the venue (kept in
``journal_ref``, a leading ``…`` included) and the year. The badge (``[PDF]``,
``[CITATION]``, ``[HTML]``, ``[BOOK]``) is kept in ``extra['scholar-badge']``; the snippet,
itself cut, is the abstract. ``[CITATION]`` results have no link.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from papercli.identifiers import parse_identifier
from papercli.model import Entry
from papercli.parsers import arxiv_common as ax
from papercli.parsers import mail
from papercli.parsers.base import ParsedDigest, collapse_spaces

NAME = "scholar-alert"
DESCRIPTION = "Google Scholar alert e-mail (.eml or mbox, or its HTML body)"
NEEDS = ("urls", "abstract", "authors")

_MARKERS = re.compile(r"scholar_url\?|gse_alrt_title|gse_alrt_sni|scholaralerts-noreply@google")
_BADGE = re.compile(r"^\s*\[(?P<badge>[A-Z]+)\]\s*")
_YEAR = re.compile(r"(?:^|,\s*)(?P<year>(?:19|20)\d{2})\s*$")
_ARXIV = re.compile(rf"(?:arxiv\.org/(?:abs|pdf)/|arXiv:)(?P<id>{ax.ARXIV_ID})", re.I)
_ELLIPSIS = ("…", "...")


def sniff(text: str) -> float:
    """Confidence (0-1) that ``text`` is a Google Scholar alert."""
    head = text[:400_000]
    hits = len(_MARKERS.findall(head))
    if hits >= 2:
        return 1.0
    return 0.6 if hits else 0.0


@dataclass
class _Result:
    heading: list[str] = field(default_factory=list)
    href: str | None = None
    byline: list[str] = field(default_factory=list)
    snippet: list[str] = field(default_factory=list)


class _Alert(HTMLParser):
    """Collects one :class:`_Result` per ``<h3>`` and the byline/snippet divs after it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.results: list[_Result] = []
        self.into: list[str] | None = None
        self.depth = 0  # div nesting inside the byline/snippet being read
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag in ("style", "script"):
            self.skip += 1
        elif tag == "h3":
            self.results.append(_Result())
            self.into = self.results[-1].heading
        elif tag == "a" and self.into is not None and self.results and not self.depth:
            self.results[-1].href = self.results[-1].href or found.get("href")
        elif tag == "br" and self.into is not None:
            self.into.append(" ")
        elif tag == "div" and self.into is not None and self.depth:
            self.depth += 1
        elif tag == "div" and self.results:
            self._div(found)

    def _div(self, attrs: dict[str, str]) -> None:
        current = self.results[-1]
        style = attrs.get("style", "").replace(" ", "").lower()
        if "color:#006621" in style and not current.byline:
            self.into, self.depth = current.byline, 1
        elif "gse_alrt_sni" in attrs.get("class", "") and not current.snippet:
            self.into, self.depth = current.snippet, 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self.skip = max(0, self.skip - 1)
        elif tag == "h3":
            self.into = None
        elif tag == "div" and self.depth:
            self.depth -= 1
            if not self.depth:
                self.into = None

    def handle_data(self, data: str) -> None:
        if self.into is not None and not self.skip:
            self.into.append(data)


def _target(href: str | None) -> str | None:
    """The publisher URL inside ``scholar_url?url=...``, or the link itself."""
    if not href:
        return None
    parts = urlsplit(href)
    if parts.path.endswith("/scholar_url"):
        values = parse_qs(parts.query).get("url")
        return values[0] if values else None
    return href if parts.scheme in ("http", "https") else None


def _byline(entry: Entry, text: str) -> None:
    """``A Author, B Author… - Venue, 2019`` into authors, venue and year."""
    parts = [collapse_spaces(p) for p in re.split(r"\s+[-–]\s+", text)]
    names = parts[0] if parts else ""
    if names.endswith(_ELLIPSIS):
        entry.extra["authors-truncated"] = "yes"
        names = names.rstrip("….").strip().rstrip(",")
    entry.authors = [n for n in (collapse_spaces(x) for x in names.split(",")) if n]
    entry.author_count = None
    source = parts[1] if len(parts) > 1 else ""
    if match := _YEAR.search(source):
        entry.date = match.group("year")
        source = source[: match.start()].strip().rstrip(",")
    elif match := re.match(r"(?P<year>(?:19|20)\d{2})\s", source):
        entry.date = match.group("year")  # "2019 IEEE International Conference on …"
    entry.journal_ref = source or None
    if len(parts) > 2:
        entry.extra["host"] = parts[2]


def _entry(result: _Result) -> Entry | None:
    heading = collapse_spaces("".join(result.heading))
    entry = Entry(source=NAME)
    if match := _BADGE.match(heading):
        entry.extra["scholar-badge"] = match.group("badge")
        heading = heading[match.end() :]
    entry.title = heading.strip()
    if not entry.title:
        return None
    _byline(entry, collapse_spaces("".join(result.byline)))
    entry.abstract = collapse_spaces("".join(result.snippet))
    if entry.abstract.endswith(_ELLIPSIS):
        entry.extra["abstract-truncated"] = "yes"
    if url := _target(result.href):
        entry.urls = [url]
    found = _ARXIV.search(" ".join([*entry.urls, entry.journal_ref or ""]))
    if found:
        entry.arxiv_id = ax.strip_version(found.group("id"))
        entry.urls = list(dict.fromkeys([*entry.urls, ax.abs_url(entry.arxiv_id)]))
    named = parse_identifier(entry.urls[0]) if entry.urls else None
    if named is not None and named.kind == "doi":  # the result links its DOI page
        entry.doi = named.value
    if entry.extra.get("scholar-badge") == "BOOK":
        entry.type = "book"
    return entry


def _html_bodies(text: str) -> list[str]:
    if mail.is_mail(text):
        return [body for kind, body in mail.bodies(text, ("html",)) if kind == "html"]
    return [text]


def parse(text: str, reference: dt.date) -> ParsedDigest:
    """Parse an alert; its years are absolute, so ``reference`` is unused."""
    result = ParsedDigest()
    for body in _html_bodies(text):
        parser = _Alert()
        parser.feed(body)
        parser.close()
        for raw in parser.results:
            if (entry := _entry(raw)) is not None:
                result.entries.append(entry)
    return result
