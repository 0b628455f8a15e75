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
from collections.abc import Callable
from typing import Any

from papercli.latex.accents import decode_accents
from papercli.model import Entry
from papercli.parsers import arxiv_common as ax
from papercli.parsers.base import ParsedDigest, collapse_spaces, find_urls, normalise_newlines

NAME = "bibtex"
DESCRIPTION = "BibTeX file (.bib) from Zotero, JabRef, Google Scholar or papercli export"

_ENTRY_START = re.compile(r"^\s*@(?!string\b|comment\b|preamble\b)[A-Za-z]+\s*[{(]", re.I | re.M)
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
# Fields read into Entry attributes; everything else goes to ``extra``.
_HANDLED = frozenset(
    {"title", "author", "year", "month", "date", "abstract", "url", "doi", "eprint"}
    | {"archiveprefix", "eprinttype", "primaryclass"}
)
_FORMATTING = re.compile(
    r"\\(?:emph|textit|textbf|textsc|texttt|textrm|textsf|textup|textnormal|mbox|url)"
    r"\s*\{(?P<body>[^{}]*)\}"
)
_SWITCH = re.compile(r"\{\\(?:em|it|bf|sc|tt|rm|sf|sl)\s+(?P<body>[^{}]*)\}")
_ESCAPED = {"\\&": "&", "\\%": "%", "\\$": "$", "\\#": "#", "\\_": "_", "\\ ": " "}
_LOGOS = {"\\LaTeX": "LaTeX", "\\TeX": "TeX", "\\BibTeX": "BibTeX"}
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def sniff(text: str) -> float:
    """Confidence (0-1) that ``text`` is a BibTeX file."""
    starts = len(_ENTRY_START.findall(text[:200_000]))
    return min(0.9, 0.6 + 0.1 * starts) if starts else 0.0


def _outside_math(text: str, fn: Callable[[str], str]) -> str:
    """Apply ``fn`` to the parts of ``text`` outside ``$...$`` math."""
    parts = re.split(r"(?<!\\)(\$[^$]*\$)", text)
    return "".join(p if i % 2 else fn(p) for i, p in enumerate(parts))


def _drop_braces(text: str) -> str:
    protected = text.replace("\\{", "\x00").replace("\\}", "\x01")
    protected = re.sub(r"(?<!\\)[{}]", "", protected)
    return protected.replace("\x00", "\\{").replace("\x01", "\\}")


def latex_to_text(value: str) -> str:
    """LaTeX field text -> Unicode: accents, formatting macros, braces and escapes."""
    text = decode_accents(value)
    for _ in range(5):
        new = _SWITCH.sub(r"\g<body>", _FORMATTING.sub(r"\g<body>", text))
        if new == text:
            break
        text = new
    for macro, plain in _LOGOS.items():
        text = re.sub(re.escape(macro) + r"(?![A-Za-z])(?:\{\})?", plain, text)
    return collapse_spaces(_outside_math(text, _plain_text))


def _plain_text(part: str) -> str:
    """Text outside math: protective braces dropped, ``~`` and escapes resolved."""
    part = _drop_braces(part).replace("~", " ")
    for escaped, plain in {**_ESCAPED, "\\{": "{", "\\}": "}"}.items():
        part = part.replace(escaped, plain)
    return part


def _split_depth0(text: str, sep: re.Pattern[str]) -> list[str]:
    """Split ``text`` on ``sep`` only where no brace is open."""
    parts, depth, start = [], 0, 0
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)
        elif depth == 0 and (match := sep.match(text, pos)):
            parts.append(text[start:pos])
            pos = start = match.end()
            continue
        pos += 1
    parts.append(text[start:])
    return parts


def split_names(value: str) -> list[str]:
    """``Last, First and First Last`` -> ``["First Last", "First Last"]``; ``others`` dropped."""
    names = []
    for raw in _split_depth0(collapse_spaces(value), _AND):
        parts = [p.strip() for p in _split_depth0(raw, re.compile(r","))]
        if len(parts) == 2:
            parts = [parts[1], parts[0]]
        elif len(parts) >= 3:
            parts = [parts[2], parts[0], parts[1]]
        name = latex_to_text(" ".join(p for p in parts if p))
        if name and name.casefold() != "others":
            names.append(name)
    return names


def _strip_delimiters(token: str) -> str:
    if len(token) >= 2 and token[0] + token[-1] in ("{}", '""'):
        return token[1:-1]
    return token


def resolve(value: str, strings: dict[str, str]) -> str:
    """A raw field value with ``#`` joins and ``@string`` macros resolved (LaTeX kept)."""
    pieces = []
    for token in _split_depth0(value.strip(), re.compile(r"\s*#\s*")):
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
    return f"{year}-{number:02d}" if number and 1 <= number <= 12 else year


def _entry(block: Any, strings: dict[str, str]) -> Entry:
    fields = {f.key.lower(): resolve(str(f.value), strings) for f in block.fields}
    entry = Entry(
        key=block.key,
        title=latex_to_text(fields.get("title", "")),
        authors=split_names(fields.get("author", "")),
        date=_date(fields),
        abstract=latex_to_text(fields.get("abstract", "")),
        source=NAME,
        type=block.entry_type.lower(),
        doi=_DOI_PREFIX.sub("", fields.get("doi", "").strip()) or None,
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
    entry.urls = find_urls(fields.get("url", "")) or (
        [fields["url"].strip()] if fields.get("url", "").strip() else []
    )
    entry.author_count = len(entry.authors) if entry.authors else None
    for f in block.fields:
        if f.key.lower() not in _HANDLED:
            entry.extra[f.key.lower()] = fields[f.key.lower()]
    return entry


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
                f"line {block.start_line + 1}: key {entry.key!r} is used twice in the file; "
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
                f"line {block.start_line + 1}: skipped @{entry.type} without title"
            )
            continue
        result.entries.append(entry)
    return result
