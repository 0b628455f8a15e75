"""Entries -> CSL-JSON, the citation data pandoc's ``--citeproc`` and Zotero read. No I/O.

One JSON array of items (``json.dumps(..., ensure_ascii=False, indent=2)`` layout, written
one item at a time). Text is plain Unicode, as stored: CSL-JSON has no escaping, and
citeproc processors read a few HTML-like tags (``<i>``, ``<b>``, ``<sup>``...) in it, so a
title that contains such a tag literally is shown styled. Fields:

- ``id`` (the citation key), ``type`` (``misc`` -> ``article``, CSL's type for preprints;
  BibTeX types to their CSL names), ``title``.
- ``author``: ``{"family", "given"}`` (plus ``non-dropping-particle`` and ``suffix``), or
  ``{"literal"}`` for a name that is not a person's; when the digest listed only some of
  the authors, a last ``{"literal": "others"}``, which pandoc prints as "et al." (and
  writes itself for BibTeX's ``and others``).
- ``issued``: ``{"date-parts": [[YYYY, M, D]]}`` from the ISO date.
- ``editor`` as ``author``; ``container-title``: the journal, else the booktitle, else an
  article's journal_ref (other types: in ``note``); ``volume``, ``issue`` (number),
  ``page``, ``ISBN``, ``ISSN``; ``publisher``: the publisher, else the organization, else
  ``arXiv`` for an arXiv paper; ``number``: the arXiv id; ``DOI``; ``URL`` (the first);
  ``keyword`` (tags, comma-separated); ``abstract``;
  ``note`` (``N authors`` when names are unknown); the user's own note is private and goes
  to ``annote``, which citation styles do not print.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

from papercli.exporters.bibtex import join_sentences
from papercli.model import Entry, author_count_text
from papercli.names import Name, is_truncated, known_names

CSL_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "proceedings": "book",
    "book": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "manual": "report",
    "unpublished": "manuscript",
    "online": "webpage",
    "software": "software",
    "dataset": "dataset",
}
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def render(entries: Sequence[Entry], warnings: list[str]) -> Iterator[str]:
    """The JSON array, one item per piece; the same text as dumping the whole list."""
    if not entries:
        yield "[]\n"
        return
    for i, entry in enumerate(entries):
        item = json.dumps(csl_item(entry), ensure_ascii=False, indent=2)
        yield ("[\n  " if i == 0 else ",\n  ") + item.replace("\n", "\n  ")
    yield "\n]\n"


def csl_item(entry: Entry) -> dict[str, Any]:
    """One entry as a CSL-JSON item (see the module docstring for the fields)."""
    item: dict[str, Any] = {"id": entry.key, "type": csl_type(entry), "title": _line(entry.title)}
    names = known_names(entry.authors)
    if names:
        item["author"] = [csl_name(n) for n in names]
        if is_truncated(entry.author_count, len(names)):
            item["author"].append({"literal": "others"})
    parts = date_parts(entry.date)
    if parts:
        item["issued"] = {"date-parts": [parts]}
    if entry.editors:
        item["editor"] = [csl_name(n) for n in known_names(entry.editors)]
    notes: list[str] = []
    _put(item, "annote", entry.note or "")
    journal = _line(entry.journal or entry.booktitle or "")
    ref = _line(entry.journal_ref or "")
    if not journal and ref and item["type"] == "article-journal":
        journal, ref = ref, ""
    _put(item, "container-title", journal)
    if ref:
        notes.append(ref)
    for name, csl in (("volume", "volume"), ("number", "issue"), ("pages", "page")):
        _put(item, csl, getattr(entry, name) or "")
    _put(item, "ISBN", entry.isbn or "")
    _put(item, "ISSN", entry.issn or "")
    if not names and entry.author_count:
        notes.append(author_count_text(entry.author_count))
    arxiv_id = _line(entry.arxiv_id or "")
    _put(item, "publisher", entry.publisher or entry.organization or ("arXiv" if arxiv_id else ""))
    _put(item, "number", arxiv_id)
    _put(item, "DOI", entry.doi or "")
    _put(item, "URL", next(("%20".join(u.split()) for u in entry.urls if u.strip()), ""))
    _put(item, "keyword", ", ".join(t.strip() for t in entry.tags if t.strip()))
    if entry.abstract.strip():
        item["abstract"] = entry.abstract.strip()
    _put(item, "note", join_sentences(notes))
    return item


def csl_type(entry: Entry) -> str:
    """The CSL item type for the entry's BibTeX type (preprints and the rest: ``article``)."""
    return CSL_TYPES.get((entry.type or "").strip().lower(), "article")


def csl_name(name: Name) -> dict[str, str]:
    """A CSL name object."""
    if name.literal:
        return {"literal": name.literal}
    out = {"family": name.family}
    if name.given:
        out["given"] = name.given
    if name.particle:
        out["non-dropping-particle"] = name.particle
    if name.suffix:
        out["suffix"] = name.suffix
    return out


def date_parts(date: str | None) -> list[int]:
    """``[2024, 3, 5]`` from ``2024-03-05`` (or ``[2024, 3]``, ``[2024]``); [] if no date."""
    match = _ISO_DATE.fullmatch((date or "").strip())
    if not match:
        return []
    parts = [int(p) for p in match.groups() if p]
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        return parts[:1]
    if len(parts) > 2 and not 1 <= parts[2] <= 31:
        return parts[:2]
    return parts


def _line(text: str) -> str:
    return " ".join(text.split())


def _put(item: dict[str, Any], name: str, value: str) -> None:
    value = _line(value)
    if value:
        item[name] = value
