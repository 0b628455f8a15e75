"""The arXiv API's Atom feed (``export.arxiv.org/api/query``), as lookups and searches return it.

A feed is an Atom ``feed`` with ``opensearch:totalResults``/``startIndex``/``itemsPerPage``
and one ``entry`` per paper::

    <entry>
      <id>http://arxiv.org/abs/2401.01234v2</id>          versioned abstract URL
      <published>..</published> <updated>..</updated>    first and latest version
      <title>wrapped
        title</title>  <summary>abstract</summary>
      <author><name>..</name><arxiv:affiliation>..</arxiv:affiliation></author>
      <arxiv:doi>..</arxiv:doi> <arxiv:journal_ref>..</arxiv:journal_ref>
      <arxiv:comment>..</arxiv:comment>
      <arxiv:primary_category term=".."/> <category term=".."/>...
    </entry>

An id the API cannot read comes back as an entry whose id is ``.../api/errors#...``: it
becomes a warning. XML is parsed with defusedxml (entity declarations and external
references are refused) and the text is size-capped before parsing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from papercli.model import Entry
from papercli.parsers import arxiv_common as ax
from papercli.parsers.base import ParsedDigest, ParseError, collapse_spaces, find_urls

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

NAME = "arxiv-atom"
NEEDS = ("arxiv_id",)
DESCRIPTION = "arXiv API answer (Atom feed from export.arxiv.org/api/query)"

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
MAX_CHARS = 20_000_000  # a 2,000-result page is ~5 MB; anything far larger is not an answer
MAX_AFFILIATIONS = 20  # kept per entry (collaborations list hundreds)

_ABS_ID = re.compile(rf"/abs/(?P<id>{ax.ARXIV_ID})$")
_VERSION = re.compile(r"v(\d+)$")
_ROOT = re.compile(r"<(?:[\w-]+:)?feed\b[^>]*http://www\.w3\.org/2005/Atom")


@dataclass
class AtomRecord:
    """One paper of a feed: the Entry plus what an Entry does not keep."""

    entry: Entry
    version: int | None = None
    updated: str | None = None
    primary_category: str | None = None
    affiliations: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class AtomFeed:
    """A parsed feed: its records, the opensearch counts, and warnings."""

    records: list[AtomRecord] = field(default_factory=list)
    total_results: int | None = None
    start_index: int | None = None
    items_per_page: int | None = None
    warnings: list[str] = field(default_factory=list)


def sniff(text: str) -> float:
    """Confidence (0-1) that ``text`` is an arXiv API Atom feed."""
    head = text[:4000].lstrip("\ufeff \t\r\n")
    if not (head.startswith("<") and _ROOT.search(head)):
        return 0.0
    return 0.95 if "arxiv.org" in head else 0.1


def _load(text: str) -> Element:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError as XmlError
    from defusedxml.ElementTree import fromstring

    if len(text) > MAX_CHARS:
        raise ParseError(f"arXiv feed refused: {len(text):,} characters (limit {MAX_CHARS:,})")
    try:
        root = fromstring(text.lstrip("\ufeff").encode("utf-8"))
    except DefusedXmlException as exc:
        raise ParseError(f"arXiv feed refused: it declares XML entities or DTDs ({exc})") from None
    except XmlError as exc:
        raise ParseError(f"arXiv feed is not well-formed XML: {exc}") from None
    if root.tag != ATOM + "feed":
        raise ParseError(f"not an arXiv API feed: its root is <{root.tag}>, not an Atom <feed>")
    return root


def _text(element: Element, tag: str) -> str:
    found = element.find(tag)
    return collapse_spaces("".join(found.itertext())) if found is not None else ""


def _count(root: Element, name: str) -> int | None:
    value = _text(root, OPENSEARCH + name)
    return int(value) if value.isdigit() else None


def _authors(element: Element) -> tuple[list[str], dict[str, list[str]]]:
    names: list[str] = []
    affiliations: dict[str, list[str]] = {}
    for author in element.findall(ATOM + "author"):
        name = ax.decode_accents(_text(author, ATOM + "name"))
        if not name:
            continue
        names.append(name)
        places = [t for a in author.findall(ARXIV + "affiliation") if (t := _text(a, "."))]
        if places:
            affiliations[name] = places
    return names, affiliations


def _categories(element: Element) -> tuple[str | None, list[str]]:
    primary_el = element.find(ARXIV + "primary_category")
    primary = (primary_el.get("term") or "").strip() or None if primary_el is not None else None
    terms = [primary] if primary else []
    terms += [(c.get("term") or "").strip() for c in element.findall(ATOM + "category")]
    return primary, [t for t in dict.fromkeys(terms) if t]


def _organization(affiliations: dict[str, list[str]]) -> str | None:
    """Distinct affiliations in order of appearance, ``; ``-joined (first MAX_AFFILIATIONS)."""
    unique = dict.fromkeys(a for places in affiliations.values() for a in places)
    return "; ".join(list(unique)[:MAX_AFFILIATIONS]) or None


def _record(element: Element) -> AtomRecord | str:
    """The record of one ``<entry>``, or a warning when it is not a paper."""
    raw_id = _text(element, ATOM + "id")
    match = _ABS_ID.search(raw_id)
    if not match:
        message = _text(element, ATOM + "summary") or raw_id or "an entry without an id"
        return f"arXiv API: {message[:200]}"
    full_id = match.group("id")
    version = _VERSION.search(full_id)
    arxiv_id = ax.strip_version(full_id)
    authors, affiliations = _authors(element)
    primary, categories = _categories(element)
    comments = _text(element, ARXIV + "comment") or None
    abstract = ax.decode_accents(_text(element, ATOM + "summary"))
    entry = Entry(
        title=ax.decode_accents(_text(element, ATOM + "title")),
        authors=authors,
        author_count=len(authors) or None,
        date=ax.iso_date(_text(element, ATOM + "published")) or ax.id_month(arxiv_id),
        abstract=abstract,
        source=NAME,
        arxiv_id=arxiv_id,
        doi=_text(element, ARXIV + "doi") or None,
        categories=categories,
        comments=comments,
        journal_ref=_text(element, ARXIV + "journal_ref") or None,
        organization=_organization(affiliations),
    )
    urls = [ax.abs_url(arxiv_id), *find_urls(comments or ""), *find_urls(abstract)]
    entry.urls = list(dict.fromkeys(urls))
    if not entry.title:
        return f"skipped arXiv:{arxiv_id}: the feed gives it no title"
    return AtomRecord(
        entry=entry,
        version=int(version.group(1)) if version else None,
        updated=ax.iso_date(_text(element, ATOM + "updated")),
        primary_category=primary,
        affiliations=affiliations,
    )


def parse_feed(text: str) -> AtomFeed:
    """Every paper of an arXiv API feed; ParseError when the text is not a usable feed."""
    root = _load(text)
    feed = AtomFeed(
        total_results=_count(root, "totalResults"),
        start_index=_count(root, "startIndex"),
        items_per_page=_count(root, "itemsPerPage"),
    )
    for element in root.findall(ATOM + "entry"):
        record = _record(element)
        if isinstance(record, str):
            feed.warnings.append(record)
        else:
            feed.records.append(record)
    return feed


def parse(text: str, reference: dt.date) -> ParsedDigest:
    """Parse a saved arXiv API answer; its dates are absolute, so ``reference`` is unused."""
    feed = parse_feed(text)
    return ParsedDigest(entries=[r.entry for r in feed.records], warnings=feed.warnings)
