"""BibTeX files (Zotero, JabRef, Google Scholar exports), read with bibtexparser 2.

``@string`` macros and ``#`` concatenation are resolved, LaTeX becomes Unicode, names are
split into ``First Last``, the citation key is kept (the importer decides whether it is free)
and fields papercli has no place for are kept verbatim in ``extra``. Blocks bibtexparser
cannot read are skipped with a warning naming their line.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from typing import Any

from papercli.citekeys import is_valid_key
from papercli.identifiers import strip_doi_prefix
from papercli.latex.decode import latex_to_text, split_depth0, split_names
from papercli.model import VENUE_FIELDS, Entry, split_author_count
from papercli.parsers import arxiv_common as ax
from papercli.parsers import bibtex_readback as readback
from papercli.parsers.base import BIBTEX_ENTRY, ParsedDigest, collapse_spaces, normalise_newlines

NAME = "bibtex"
DESCRIPTION = "BibTeX file (.bib) from Zotero, JabRef, Google Scholar or papercli export"

_ENTRY_START = BIBTEX_ENTRY
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
# Fields read into Entry attributes; everything else goes to ``extra``.
_HANDLED = frozenset(
    {"title", "author", "year", "month", "day", "date", "abstract", "url", "doi", "eprint"}
    | {"archiveprefix", "eprinttype", "primaryclass", "keywords", "editor", "journaltitle"}
    | {"urls", "annote", "annotation", "addendum", "eprintclass", "key", "note", "pages"}
    | {"code", "authorcount", "howpublished", "shorttitle", "shortauthor", "organization"}
    | {"ids"}
    | set(VENUE_FIELDS)
)
_KEYWORD_SEP = re.compile(r"\s*[,;]\s*")


def sniff(text: str) -> float:
    """Confidence (0-1) that ``text`` is a BibTeX file."""
    starts = len(_ENTRY_START.findall(text[:200_000]))
    return min(0.9, 0.6 + 0.1 * starts) if starts else 0.0


def _strip_delimiters(token: str) -> str:
    if len(token) >= 2 and token[0] + token[-1] in ("{}", '""'):
        return token[1:-1]
    return token


def resolve(value: str, strings: dict[str, str]) -> str:
    """A raw field value with ``#`` joins and ``@string`` macros resolved (LaTeX kept)."""
    pieces = []
    for token in split_depth0(value.strip(), re.compile(r"\s*#\s*")):
        token = token.strip()
        if token[:1] in ("{", '"'):
            pieces.append(_strip_delimiters(token))
        elif token.lower() in strings:
            pieces.append(strings[token.lower()])
        else:
            pieces.append(token)
    return "".join(pieces)


def _strings(library: Any) -> dict[str, str]:
    """``@string`` macros (later ones may use earlier ones) plus the month abbreviations."""
    macros = {abbr: calendar.month_name[n] for abbr, n in MONTHS.items()}
    for block in library.strings:
        macros[block.key.lower()] = resolve(str(block.value), macros)
    return macros


def _date(fields: dict[str, str]) -> str | None:
    if date := fields.get("date", "").strip():
        return date[:10] if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date[:10]) else None
    year = fields.get("year", "").strip()
    if not re.fullmatch(r"\d{4}", year):
        return None
    month = fields.get("month", "").strip().lower()
    number = int(month) if month.isdigit() else MONTHS.get(month[:3])
    if not (number and 1 <= number <= 12):
        return year
    day = fields.get("day", "").strip()
    if day.isdigit() and 1 <= int(day) <= calendar.monthrange(int(year), number)[1]:
        return f"{year}-{number:02d}-{int(day):02d}"
    return f"{year}-{number:02d}"


def _entry(block: Any, strings: dict[str, str]) -> Entry:
    fields = {f.key.lower(): resolve(str(f.value), strings) for f in block.fields}
    entry = Entry(
        key=block.key,
        title=latex_to_text(fields.get("title", "")),
        authors=split_names(fields.get("author", "")),
        date=_date(fields),
        abstract=latex_to_text(fields.get("abstract", "")),
        source=NAME,
        # BibLaTeX's @online is papercli's misc (the BibLaTeX export writes misc so).
        type="misc" if block.entry_type.lower() == "online" else block.entry_type.lower(),
        doi=strip_doi_prefix(fields.get("doi", "")) or None,
    )
    eprint = fields.get("eprint", "").strip()
    archive = (fields.get("archiveprefix") or fields.get("eprinttype") or "").lower()
    if eprint and (archive == "arxiv" or re.fullmatch(ax.ARXIV_ID, eprint)):
        entry.arxiv_id = ax.strip_version(eprint)
        if fields.get("primaryclass"):
            entry.categories = [fields["primaryclass"].strip()]
    elif eprint:
        entry.extra["eprint"] = eprint
        if archive:
            entry.extra["archiveprefix"] = fields.get("archiveprefix") or fields["eprinttype"]
    entry.author_count = len(entry.authors) if entry.authors else None
    _venue(entry, fields)
    _own_fields(entry, fields)
    readback.read_back(entry, fields)
    for f in block.fields:
        if f.key.lower() not in _HANDLED:
            entry.extra[f.key.lower()] = fields[f.key.lower()]
    return entry


def _own_fields(entry: Entry, fields: dict[str, str]) -> None:
    """Fields papercli writes, read back as they were meant: ``annote``/``annotation`` is
    the user's note; a ``note`` ending in ``N authors`` gives the author count; biblatex's
    ``addendum`` is the journal reference and ``eprintclass`` the primary category; a
    ``key`` that only repeats the title (a sort label) is dropped; ``pages`` keep ``--``."""
    annote = fields.get("annote") or fields.get("annotation") or ""
    if annote.strip():
        entry.note = latex_to_text(annote)
    count, note = split_author_count(latex_to_text(fields.get("note", "")))
    if count and not entry.authors:
        entry.author_count = count
    else:
        note = latex_to_text(fields.get("note", ""))
    if note:
        entry.extra["note"] = fields["note"]
    if fields.get("addendum", "").strip():
        entry.journal_ref = latex_to_text(fields["addendum"])
    if fields.get("eprintclass", "").strip() and entry.arxiv_id and not entry.categories:
        entry.categories = [fields["eprintclass"].strip()]
    if fields.get("authorcount", "").strip().isdigit() and not entry.authors:
        entry.author_count = int(fields["authorcount"])
    pages = " ".join(fields.get("pages", "").split())
    if pages:
        entry.pages = "--".join(latex_to_text(part) for part in pages.split("--"))


def _venue(entry: Entry, fields: dict[str, str]) -> None:
    """Venue fields, editors and keywords (as tags), decoded to plain text."""
    for name in VENUE_FIELDS:
        if name == "pages":
            continue  # see _own_fields
        value = fields.get("journaltitle" if name == "journal" else name, "") or fields.get(
            name, ""
        )
        if value.strip():
            setattr(entry, name, latex_to_text(value))
    entry.editors = split_names(fields.get("editor", ""))
    keywords = latex_to_text(fields.get("keywords", ""))
    entry.tags = list(dict.fromkeys(k for k in _KEYWORD_SEP.split(keywords) if k))
    # biblatex's ``ids``: the entry's other keys (Better BibTeX and papercli write them).
    ids = (k.strip() for k in fields.get("ids", "").split(","))
    entry.aliases = list(dict.fromkeys(k for k in ids if k and is_valid_key(k)))


def _failure(block: Any) -> str:
    line = block.start_line + 1
    head = collapse_spaces(block.raw.split("\n", 1)[0])[:60]
    error = block.error
    reason = collapse_spaces(
        getattr(error, "abort_reason", "") or str(error) or type(error).__name__
    )
    reason = reason.split(". ")[0][:120]
    return f"line {line}: skipped a malformed BibTeX block {head!r} ({reason})"


def parse(text: str, reference: dt.date) -> ParsedDigest:
    """Parse a .bib file; every entry that bibtexparser can read becomes an Entry."""
    import bibtexparser
    from bibtexparser.model import DuplicateBlockKeyBlock

    # bibtexparser logs each failed block; we report them as warnings instead.
    logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

    library = bibtexparser.parse_string(normalise_newlines(text), parse_stack=[])
    strings = _strings(library)
    result = ParsedDigest()
    for block in library.blocks:
        if isinstance(block, DuplicateBlockKeyBlock):
            entry = _entry(block.ignore_error_block, strings)
            result.warnings.append(
                f"line {(block.start_line or 0) + 1}: key {entry.key!r} is used twice in the file; "
                "this entry gets a new key"
            )
            entry.key = ""
        elif hasattr(block, "error"):
            result.warnings.append(_failure(block))
            continue
        elif hasattr(block, "entry_type") and hasattr(block, "fields"):
            entry = _entry(block, strings)
        else:
            continue
        if not entry.title:
            result.warnings.append(
                f"line {(block.start_line or 0) + 1}: skipped @{entry.type} without title"
            )
            continue
        result.entries.append(entry)
    return result
