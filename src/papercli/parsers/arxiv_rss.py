"""arXiv feeds: the current RSS 2.0 feed and the legacy RSS 1.0 (RDF) feed.

RSS 2.0 items carry ``arxiv:announce_type``, a description ``arXiv:ID Announce Type: new
Abstract: ...``, ``category`` elements and one ``dc:creator`` with comma-separated names.
Legacy RDF items have titles ``Title. (arXiv:1805.09166v1 [hep-ex] UPDATED)``, HTML
descriptions (escaped) and creators as escaped HTML links. XML is parsed with defusedxml:
entity declarations and external references are refused.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import TYPE_CHECKING

from papercli.latex.accents import decode_accents
from papercli.model import Entry
from papercli.parsers import arxiv_common as ax
from papercli.parsers.base import ParsedDigest, ParseError, collapse_spaces, find_urls

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

NAME = "arxiv-rss"
DESCRIPTION = "arXiv RSS feed (RSS 2.0 since 2024, or the legacy RSS 1.0/RDF feed)"
NEEDS = ("arxiv_id",)

_DESCRIPTION = re.compile(
    rf"^\s*arXiv:(?P<id>{ax.ARXIV_ID})\s+Announce Type:\s*(?P<type>\S+)\s*"
    r"(?:Abstract:\s*)?(?P<abstract>.*)$",
    re.DOTALL,
)
_LEGACY_TITLE = re.compile(
    rf"^(?P<title>.*?)\.?\s*\(arXiv:(?P<id>{ax.ARXIV_ID})\s*(?:\[(?P<cat>[^\]]+)\])?"
    r"\s*(?P<flag>[A-Z ]*?)\s*\)\s*$",
    re.DOTALL,
)
_ITEM_ID = re.compile(rf"(?:oai:arXiv\.org:|arxiv\.org/(?:abs|pdf)/)(?P<id>{ax.ARXIV_ID})")
_ABSTRACT_LABEL = re.compile(r"^\s*Abstract:\s*")
_PREFIXED_NAME = re.compile(r"(</?|\s)(?!xmlns\b)[A-Za-z_][\w.-]*:(?=[A-Za-z_])")
_TAG = re.compile(r"<[^>]+>")
_ROOT = re.compile(r"<(?:[\w-]+:)?(?:rss|RDF)\b")


def sniff(text: str) -> float:
    """Confidence (0-1) that ``text`` is an arXiv RSS or RDF feed."""
    head = text[:4000].lstrip("\ufeff \t\r\n")
    if not (head.startswith("<") and _ROOT.search(head)):
        return 0.0
    return 0.95 if "arxiv" in text[:200_000].lower() else 0.3


def _local(element: Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child) == name]


def _text(element: Element, name: str) -> str:
    found = _children(element, name)
    return "".join(found[0].itertext()) if found else ""


def _plain(markup: str) -> str:
    """HTML (already unescaped once by the XML parser) -> plain text on one line."""
    return collapse_spaces(html.unescape(_TAG.sub(" ", markup)))


def _load(text: str) -> Element:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError as XmlError
    from defusedxml.ElementTree import fromstring

    data = text.lstrip("\ufeff").encode("utf-8")
    try:
        try:
            return fromstring(data)
        except XmlError as exc:
            if "unbound prefix" not in str(exc):
                raise
            # A feed reader kept ``dc:creator`` but dropped the xmlns declarations.
            return fromstring(_drop_prefixes(data.decode("utf-8")).encode("utf-8"))
    except DefusedXmlException as exc:
        raise ParseError(f"feed refused: it declares XML entities or DTDs ({exc})") from None
    except XmlError as exc:
        raise ParseError(f"feed is not well-formed XML: {exc}") from None


def _drop_prefixes(text: str) -> str:
    """``<dc:creator>`` -> ``<creator>`` inside tags only (text and CDATA are left alone)."""
    return _TAG.sub(lambda m: _PREFIXED_NAME.sub(r"\1", m.group(0)), text)


def _feed_date(root: Element) -> str | None:
    """The channel's own date: RSS 2.0 pubDate/lastBuildDate or RDF dc:date."""
    for channel in _children(root, "channel"):
        for name in ("pubDate", "lastBuildDate"):
            if value := _text(channel, name):
                return ax.rfc2822_date(value)
        if value := _text(channel, "date"):
            return ax.iso_date(value)
    return None


def _id_and_abstract(item: Element) -> tuple[str, str, str] | None:
    """arXiv id, announce type and abstract, from the description or else guid/link."""
    description = _text(item, "description")
    if match := _DESCRIPTION.match(description):
        return match.group("id"), match.group("type"), match.group("abstract")
    # A reader that rewrote the description kept the id in guid or link.
    for name in ("guid", "link", "id"):
        if found := _ITEM_ID.search(_text(item, name)):
            abstract = _ABSTRACT_LABEL.sub("", _plain(description))
            return found.group("id"), "", abstract
    return None


def _rss2_item(item: Element, feed_date: str | None) -> Entry | None:
    found = _id_and_abstract(item)
    if not found:
        return None
    raw_id, announce_type, abstract = found
    arxiv_id = ax.strip_version(raw_id)
    entry = Entry(
        title=decode_accents(collapse_spaces(_text(item, "title"))),
        authors=ax.split_authors(_text(item, "creator")),
        abstract=decode_accents(collapse_spaces(abstract)),
        source=NAME,
        arxiv_id=arxiv_id,
        categories=[
            c for el in _children(item, "category") if (c := collapse_spaces(el.text or ""))
        ],
        doi=collapse_spaces(_text(item, "DOI") or _text(item, "doi")) or None,
        journal_ref=collapse_spaces(_text(item, "journal_reference")) or None,
        comments=collapse_spaces(_text(item, "comment") or _text(item, "comments")) or None,
    )
    announce = collapse_spaces(_text(item, "announce_type")) or announce_type
    if announce.startswith("replace"):
        entry.date = ax.id_month(arxiv_id)
    else:
        pub = _text(item, "pubDate")
        entry.date = (ax.rfc2822_date(pub) if pub else None) or feed_date
    return entry


def _rdf_item(item: Element, feed_date: str | None) -> Entry | None:
    match = _LEGACY_TITLE.match(collapse_spaces(_text(item, "title")))
    if not match:
        return None
    arxiv_id = ax.strip_version(match.group("id"))
    creators = _plain(_text(item, "creator"))
    entry = Entry(
        title=decode_accents(collapse_spaces(match.group("title"))),
        authors=ax.split_authors(creators),
        abstract=decode_accents(_plain(_text(item, "description"))),
        source=NAME,
        arxiv_id=arxiv_id,
        categories=[match.group("cat").strip()] if match.group("cat") else [],
    )
    entry.date = ax.id_month(arxiv_id) if "UPDATED" in match.group("flag") else feed_date
    return entry


def parse(text: str, reference: dt.date) -> ParsedDigest:
    """Parse an arXiv feed; its dates are absolute, so ``reference`` is unused."""
    root = _load(text)
    feed_date = _feed_date(root)
    legacy = _local(root) == "RDF"
    result = ParsedDigest()
    for item in root.iter():
        if _local(item) != "item":
            continue
        entry = _rdf_item(item, feed_date) if legacy else _rss2_item(item, feed_date)
        if entry is None or not entry.title:
            title = collapse_spaces(_text(item, "title"))[:60]
            result.warnings.append(f"skipped a feed item that is not an arXiv paper: {title!r}")
            continue
        entry.author_count = len(entry.authors) if entry.authors else None
        urls = [ax.abs_url(entry.arxiv_id or ""), *find_urls(entry.abstract)]
        entry.urls = list(dict.fromkeys(urls))
        result.entries.append(entry)
    return result
