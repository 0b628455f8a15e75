"""Entries -> CSL-JSON, the citation data pandoc's ``--citeproc`` and Zotero read. No I/O.

One JSON array of items (``json.dumps(..., ensure_ascii=False, indent=2)`` layout, written
one item at a time). Every string is plain text, as citeproc prints it: TeX math becomes
Unicode (``$\\mathcal{O}(1/\\sqrt{T})$`` -> ``𝒪(1/√T)``, ``latex.plain``), no backslash is
left, and a dollar stays only where it is money ("$5"); so a title with TeX imports back as
its Unicode form. ``custom`` (CSL 1.0.2's place for application data, which styles ignore)
keeps what styles must not print. Citeproc processors read a few HTML-like tags (``<i>``,
``<b>``...) in text: a title holding one is shown styled.

- ``id`` (the citation key), ``type`` (``misc`` -> ``article``, CSL's type for preprints;
  BibTeX types to their CSL names: ``article-journal``, ``paper-conference``...), ``title``.
- ``author``: ``{"family", "given"}`` (plus ``non-dropping-particle`` and ``suffix``), or
  ``{"literal"}`` for a name that is not a person's; when the digest listed only some of
  the authors, a last ``{"literal": "others"}``, which pandoc prints as "et al.". A paper
  without author names gets its label as the one literal author (``reference.short_label``:
  the organisation, else a short title), marked ``custom.label`` (``organization`` or
  ``title``) so the import drops it again; the number of authors is ``custom.author-count``.
- ``issued``: ``{"date-parts": [[YYYY, M, D]]}`` from the ISO date.
- ``editor`` as ``author``; ``container-title``: the journal, else the booktitle, else an
  article's journal_ref (other types: in ``note``); ``volume``, ``issue`` (number),
  ``page`` (a range as ``1-20``), ``ISBN``, ``ISSN``; ``publisher``: the publisher, else
  the organization (unless it is the label); ``number``: the arXiv id, and for a preprint
  ``archive_location``: ``arXiv:ID [class]``, which pandoc's default style prints; ``DOI``;
  ``URL``: the paper's page (``reference.page_url``: never a code link); ``keyword``
  (tags, comma-separated); ``abstract``; the user's own note is private and goes to
  ``annote``, which citation styles do not print.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from papercli.exporters.reference import arxiv_text, is_preprint, page_url, short_label
from papercli.latex.plain import plain_line, tex_to_unicode
from papercli.model import Entry
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
_RANGE = re.compile(r"\s*(?:--|–|-)\s*")


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
    item: dict[str, Any] = {"id": entry.key, "type": csl_type(entry)}
    custom: dict[str, Any] = {}
    _put(item, "title", entry.title, custom)
    names = known_names(entry.authors)
    if names:
        item["author"] = [csl_name(n) for n in names]
        if is_truncated(entry.author_count, len(names)):
            item["author"].append({"literal": "others"})
    else:
        item["author"] = [{"literal": short_label(entry)}]
        custom["label"] = "organization" if _has(entry.organization) else "title"
        if entry.author_count:
            custom["author-count"] = entry.author_count
    parts = date_parts(entry.date)
    if parts:
        item["issued"] = {"date-parts": [parts]}
    if entry.editors:
        item["editor"] = [csl_name(n) for n in known_names(entry.editors)]
    _put(item, "annote", entry.note or "", custom)
    journal = entry.journal or entry.booktitle or ""
    ref = entry.journal_ref or ""
    if not journal.strip() and ref.strip() and item["type"] == "article-journal":
        journal, ref = ref, ""
    _put(item, "container-title", journal, custom)
    for name, csl in (("volume", "volume"), ("number", "issue")):
        _put(item, csl, getattr(entry, name) or "", custom)
    _put(item, "page", entry.pages or "", custom, page_range)
    _put(item, "ISBN", entry.isbn or "", custom)
    _put(item, "ISSN", entry.issn or "", custom)
    publisher = entry.publisher or ("" if "label" in custom else entry.organization) or ""
    _put(item, "publisher", publisher, custom)
    _arxiv(item, entry)
    _put(item, "DOI", entry.doi or "", custom, _verbatim)
    _put(item, "URL", page_url(entry) or "", custom, _verbatim)
    _put(item, "keyword", ", ".join(t.strip() for t in entry.tags if t.strip()), custom)
    if entry.abstract.strip():
        _put(item, "abstract", entry.abstract, custom, lines=True)
    _put(item, "note", ref, custom)
    if custom:
        item["custom"] = custom
    return item


def _arxiv(item: dict[str, Any], entry: Entry) -> None:
    """``number``: the arXiv id; ``archive_location``: ``arXiv:ID [class]``, which pandoc's
    default style (Chicago author-date) prints; ``archive``: arXiv, for a preprint only
    (a published paper is found by its venue)."""
    arxiv_id = _line(entry.arxiv_id or "")
    if not arxiv_id:
        return
    item["number"] = arxiv_id
    if is_preprint(entry):
        item["archive_location"] = arxiv_text(entry)


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


def _has(value: str | None) -> bool:
    return bool(value and value.strip())


def _verbatim(text: str) -> str:
    """An identifier or URL: spaces percent-encoded, otherwise as stored."""
    return "%20".join(text.split())


def page_range(pages: str) -> str:
    """``1--20`` or ``1–20`` -> ``1-20``, the form CSL processors read as a range."""
    parts = _RANGE.split(pages.strip())
    if len(parts) == 2 and all(any(c.isdigit() for c in p) for p in parts):
        return "-".join(parts)
    return pages


def _put(
    item: dict[str, Any],
    name: str,
    value: str,
    custom: dict[str, Any],
    form: Callable[[str], str] | None = None,
    lines: bool = False,
) -> None:
    """``item[name]``: ``value`` as plain text on one line (``lines``: line breaks kept),
    TeX math as Unicode, no backslash, ``form`` applied. When ``form`` changed a page range
    (``1--20`` -> ``1-20``), the stored text goes to ``custom.original`` for the import."""
    stored = value.strip() if lines else _line(value)
    if not stored:
        return
    if form is _verbatim:
        text = _verbatim(stored)
    else:
        text = tex_to_unicode(stored).replace("\\", "").strip() if lines else plain_line(stored)
        text = form(text) if form is not None else text
    if text:
        item[name] = text
    if form is page_range and text != stored and not re.search(r"[\\$]", stored):
        custom.setdefault("original", {})[name] = stored
