"""Entries -> RIS, the tagged format EndNote, Mendeley and Zotero import. No I/O.

One record per entry: ``TY  - `` first, ``ER  - `` last, a blank line between records,
one ``TAG  - value`` per line (LF line ends, UTF-8). RIS is plain text with no escaping,
so values are written as stored, with whitespace runs (newlines too) made one space: a
value never spills onto a second line. Tags:

- ``TY``: ``JOUR`` for articles, ``CPAPER``, ``BOOK``, ``CHAP``, ``THES``, ``RPRT``,
  ``UNPB``, ``ELEC`` for the matching BibTeX types, else ``GEN`` (generic: preprints).
- ``ID`` (the citation key), ``TI``, ``AU`` per author as ``Family, Given[, Suffix]``
  (a name that is not a person's stays whole), ``PY`` (year), ``DA`` (``YYYY/MM/DD``).
- ``A2`` per editor; ``T2`` (the journal or book title; an article without one takes the
  journal_ref, which otherwise goes in a note), ``VL``, ``IS``, ``SP``/``EP`` (pages split
  at the dash), ``SN`` (ISBN, else ISSN), ``PB`` (the publisher, else the organization),
  ``AN`` + ``DB`` (the arXiv id, database ``arXiv``), ``DO``, ``UR`` per
  URL, ``KW`` per tag, ``AB``, ``N1`` per note (the note; ``N authors`` when the names are
  unknown or only some are listed, as RIS has no "et al.").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from papercli.exporters.reference import is_code_url, page_url
from papercli.model import Entry, author_count_text, year_of
from papercli.names import Name, is_truncated, known_names

RIS_TYPES = {
    "article": "JOUR",
    "inproceedings": "CPAPER",
    "conference": "CPAPER",
    "book": "BOOK",
    "proceedings": "BOOK",
    "inbook": "CHAP",
    "incollection": "CHAP",
    "phdthesis": "THES",
    "mastersthesis": "THES",
    "thesis": "THES",
    "techreport": "RPRT",
    "report": "RPRT",
    "unpublished": "UNPB",
    "online": "ELEC",
}
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def render(entries: Sequence[Entry], warnings: list[str]) -> Iterator[str]:
    """One RIS record per entry."""
    for i, entry in enumerate(entries):
        record = "".join(f"{tag}  - {value}\n" for tag, value in ris_lines(entry))
        yield ("" if i == 0 else "\n") + record + "ER  - \n"


def ris_lines(entry: Entry) -> list[tuple[str, str]]:
    """``(tag, value)`` pairs for one record, ``TY`` first, without the closing ``ER``."""
    kind = RIS_TYPES.get((entry.type or "").strip().lower(), "GEN")
    lines = [("TY", kind), ("ID", entry.key), ("TI", entry.title)]
    names = known_names(entry.authors)
    lines.extend(("AU", ris_name(n)) for n in names)
    year = year_of(entry)
    if year is not None:
        lines.append(("PY", str(year)))
    match = _ISO_DATE.fullmatch((entry.date or "").strip())
    if match and match.group(2):
        lines.append(("DA", "/".join(p for p in match.groups() if p)))
    lines.extend(("A2", ris_name(n)) for n in known_names(entry.editors))
    notes = [entry.note or ""]
    container = entry.journal or entry.booktitle or ""
    if not container and kind == "JOUR":
        lines.append(("T2", entry.journal_ref or ""))
    else:
        lines.append(("T2", container))
        notes.append(entry.journal_ref or "")
    lines.extend([("VL", entry.volume or ""), ("IS", entry.number or "")])
    start, _, end = (entry.pages or "").replace("--", "–").partition("–")
    lines.extend([("SP", start.strip()), ("EP", end.strip())])
    lines.append(("SN", entry.isbn or entry.issn or ""))
    if entry.author_count and (not names or is_truncated(entry.author_count, len(names))):
        notes.append(author_count_text(entry.author_count))
    lines.append(("PB", entry.publisher or entry.organization or ""))
    if entry.arxiv_id and entry.arxiv_id.strip():
        lines.extend([("AN", entry.arxiv_id), ("DB", "arXiv")])
    lines.append(("DO", entry.doi or ""))
    lines.extend(("UR", "%20".join(url.split())) for url in ris_urls(entry))
    lines.extend(("KW", tag) for tag in entry.tags)
    lines.append(("AB", entry.abstract))
    lines.extend(("N1", note) for note in notes)
    return [(tag, value) for tag, value in ((t, " ".join(v.split())) for t, v in lines) if value]


def ris_name(name: Name) -> str:
    """``Family, Given`` (``de la Cruz, Juan``; ``King, Martin Luther, Jr.``)."""
    if name.literal:
        return name.literal
    return ", ".join(p for p in (name.family_with_particle(), name.given, name.suffix) if p)


def ris_urls(entry: Entry) -> list[str]:
    """The paper's page first (readers take the first ``UR`` as its URL), then every other
    stored URL, links to code last."""
    page = page_url(entry, doi=False)
    stored = [u.strip() for u in entry.urls if u.strip()]
    code = [u for u in stored if is_code_url(u)]
    rest = [u for u in stored if u not in code and u != page]
    return ([page] if page else []) + rest + code
