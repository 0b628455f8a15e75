"""CSL-JSON (pandoc, Zotero, Better BibTeX, ``papercli export -f csl-json``) read as entries.

The inverse of ``exporters.csl_json``: ``id`` is the citation key (kept when BibTeX
accepts it), CSL types map back to BibTeX types (``article`` -> ``misc``), names are
joined in reading order (``{"literal": "others"}`` marks a truncated list), ``issued``
gives the date, ``container-title`` the journal (a conference paper's or chapter's
booktitle), ``keyword`` the tags; a ``number`` that is an arXiv id is one, and so is an
``archive_location`` of ``arXiv:ID [class]``. papercli's ``custom`` data is read back: the
one literal author that only labels a paper without author names (``custom.label``: the
organisation or a short title) is not an author, ``custom.author-count`` is the count,
``custom.original`` holds a page range as stored. A ``URL`` that is only the arXiv or DOI
page is not kept (the export makes it from the id).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from papercli.exporters.reference import derived_pages
from papercli.model import Entry, split_author_count
from papercli.parsers import arxiv_common as ax
from papercli.parsers.base import ParsedDigest, ParseError

NAME = "csl-json"
DESCRIPTION = "CSL-JSON from pandoc, Zotero, Better BibTeX or papercli export"
BIBTEX_TYPES = {
    "article-journal": "article",
    "paper-conference": "inproceedings",
    "book": "book",
    "chapter": "incollection",
    "thesis": "phdthesis",
    "report": "techreport",
    "manuscript": "unpublished",
    "webpage": "online",
    "software": "software",
    "dataset": "dataset",
}
_BOOKTITLE_TYPES = frozenset({"paper-conference", "chapter"})
_ARCHIVED = re.compile(rf"arXiv:\s*({ax.ARXIV_ID})(?:\s*\[([A-Za-z.-]+)\])?", re.IGNORECASE)


def sniff(text: str) -> float:
    """Sure when the text is a JSON array of objects with a CSL ``type`` and a ``title``."""
    head = text.lstrip()[:1]
    if head not in ("[", "{"):
        return 0.0
    try:
        items = _items(json.loads(text))
    except (ValueError, ParseError):
        return 0.0
    ok = all(isinstance(i, dict) and "type" in i and "title" in i for i in items)
    return 0.95 if items and ok else 0.0


def _items(data: Any) -> list[Any]:
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        return data["items"]  # CSL-JSON wrapped as {"items": [...]} by some tools
    if isinstance(data, list):
        return data
    raise ParseError("not a CSL-JSON array of items")


def parse(text: str, reference: dt.date) -> ParsedDigest:
    """The entries of the CSL items; ParseError for JSON that is not CSL-JSON."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
    except ValueError as exc:  # a number too long to read
        raise ParseError(f"not valid JSON ({exc})") from None
    entries: list[Entry] = []
    warnings: list[str] = []
    for i, item in enumerate(_items(data), 1):
        if not isinstance(item, dict) or not isinstance(item.get("title"), str):
            raise ParseError(f"item {i} is not a CSL item with a title")
        entries.append(_entry(item))
    return ParsedDigest(entries, warnings)


def _text(item: dict[str, Any], name: str) -> str | None:
    value = item.get(name)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _names(values: Any) -> tuple[list[str], bool]:
    """Names in reading order, and whether the list ends in ``others`` (truncated)."""
    names, truncated = [], False
    for value in values if isinstance(values, list) else []:
        if not isinstance(value, dict):
            continue
        if value.get("literal") == "others":
            truncated = True
            continue
        if isinstance(value.get("literal"), str):
            names.append(value["literal"])
            continue
        parts = [
            value.get(k)
            for k in ("given", "dropping-particle", "non-dropping-particle", "family", "suffix")
        ]
        name = " ".join(p for p in parts if isinstance(p, str) and p.strip())
        if name:
            names.append(name)
    return names, truncated


def _date(item: dict[str, Any]) -> str | None:
    issued = item.get("issued")
    parts = issued.get("date-parts") if isinstance(issued, dict) else None
    if not (isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]):
        return None
    try:
        numbers = [int(p) for p in parts[0][:3]]
    except (TypeError, ValueError):
        return None
    return "-".join([f"{numbers[0]:04d}", *(f"{n:02d}" for n in numbers[1:])])


def _custom(item: dict[str, Any]) -> dict[str, Any]:
    """papercli's ``custom`` data: ``label``, ``author-count``, ``original`` (see
    ``exporters.csl_json``); {} when absent or not that shape."""
    custom = item.get("custom")
    return custom if isinstance(custom, dict) else {}


def _entry(item: dict[str, Any]) -> Entry:
    custom = _custom(item)
    original = custom.get("original")
    if isinstance(original, dict):
        item = {**item, **{k: v for k, v in original.items() if isinstance(v, str)}}
    csl_type = _text(item, "type") or "article"
    authors, truncated = _names(item.get("author"))
    label = custom.get("label") if len(authors) == 1 and not truncated else None
    if label in ("organization", "title"):
        organization = authors[0] if label == "organization" else None
        authors = []
    editors, _ = _names(item.get("editor"))
    container = _text(item, "container-title")
    publisher = _text(item, "publisher")
    number = _text(item, "number")
    # papercli writes an arXiv id as the item's ``number`` (and once wrote ``publisher: arXiv``).
    arxiv_id = ax.strip_version(number) if number and re.fullmatch(ax.ARXIV_ID, number) else None
    archived = _ARCHIVED.fullmatch(_text(item, "archive_location") or "")
    keywords = _text(item, "keyword") or ""
    abstract = item.get("abstract")
    entry = Entry(
        key=_text(item, "id") or "",
        title=_text(item, "title") or "",
        authors=authors,
        author_count=None if truncated or not authors else len(authors),
        date=_date(item),
        abstract=abstract.strip() if isinstance(abstract, str) else "",
        urls=[u for u in [_text(item, "URL")] if u],
        tags=[t.strip() for t in keywords.split(",") if t.strip()],
        source=NAME,
        type=BIBTEX_TYPES.get(csl_type, "misc"),
        arxiv_id=arxiv_id,
        doi=_text(item, "DOI"),
        note=_text(item, "annote"),
    )
    entry.editors = editors
    if label in ("organization", "title"):
        entry.organization = organization
    if isinstance(custom.get("author-count"), int) and not authors:
        entry.author_count = custom["author-count"]
    if archived and (not arxiv_id or ax.strip_version(archived.group(1)) == arxiv_id):
        entry.arxiv_id = ax.strip_version(archived.group(1))
        entry.categories = [archived.group(2)] if archived.group(2) else []
    if entry.urls and entry.urls[0] in derived_pages(entry):
        entry.urls = []  # the page the export makes from the arXiv id or DOI
    count, note = split_author_count(_text(item, "note") or "")
    if count and not authors:
        entry.author_count = count
    else:
        note = _text(item, "note") or ""
    if note and csl_type != "article-journal":
        entry.journal_ref = note[:-1] if note.endswith(".") else note
    if container and csl_type in _BOOKTITLE_TYPES:
        entry.booktitle = container
    elif container:
        entry.journal = container
    entry.volume = _text(item, "volume")
    entry.number = _text(item, "issue")
    entry.pages = _text(item, "page")
    entry.isbn = _text(item, "ISBN")
    entry.issn = _text(item, "ISSN")
    entry.publisher = None if arxiv_id and publisher == "arXiv" else publisher
    return entry
