"""The arXiv daily listing e-mail (``cs daily Subj-class mailing``), with or without headers.

The body may be pasted as text, or the whole mail saved as a file (``.eml``, or an mbox with
several listings): then :mod:`papercli.parsers.mail` undoes MIME, quoted-printable, base64
and charsets first, so ``Thom=\nas`` soft line breaks never reach the parser.

One entry looks like::

    \\\\
    arXiv:2303.08867 (*cross-listing*)
    Date: Wed, 15 Mar 2023 18:34:08 GMT   (243kb,D)      or: replaced with revised version ...

    Title: A title that may wrap
      onto continuation lines
    Authors: A. One (1 and 2), B. Two and C. Three ((1) Univ X, (2) Lab Y)
    Categories: q-fin.TR cond-mat.stat-mech
    Comments: 16 pages
    \\\\
      The abstract, wrapped...
    \\\\ ( https://arxiv.org/abs/2303.08867 ,  243kb)

Entries are separated by rules of dashes; ``%-%-`` and ``%%--`` rules open the cross-list
and replacement sections. Replaced entries usually carry no abstract.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from papercli.latex.accents import decode_accents
from papercli.model import Entry
from papercli.parsers import arxiv_common as ax
from papercli.parsers import mail
from papercli.parsers.base import ParsedDigest, collapse_spaces, find_urls, normalise_newlines

NAME = "arxiv-email"
DESCRIPTION = "arXiv daily listing e-mail (new, cross-listed and replaced papers)"
NEEDS = ("arxiv_id",)

_SPACE = " \t\u00a0\u2007\u202f"
_ID_LINE = re.compile(
    rf"^(?:arXiv|Paper):\s*(?P<id>{ax.ARXIV_ID})\s*(?P<cross>\(\*cross-listing\*\))?\s*$"
)
_DATE_LINE = re.compile(r"^Date:\s*(?P<date>.*?)\s*(?:\(\s*\d+kb[^)]*\))?\s*$")
_REPLACED = re.compile(r"^replaced with revised version\s+(?P<date>.*?)\s*(?:\(\s*\d+kb[^)]*\))?$")
_FIELD = re.compile(r"^(?P<name>[A-Z][A-Za-z]*(?:-[A-Za-z]+)*):[ \t\u00a0]*(?P<value>.*)$")
_CLOSING = re.compile(r"^\\\\\s*\(\s*https?://\S+\s*,\s*\d+kb\s*\)\s*$")
_RULE_CHARS = frozenset("-%")
EXTRA_FIELDS = {"Report-no": "report-no", "MSC-class": "msc-class", "ACM-class": "acm-class"}


@dataclass
class _Raw:
    """One entry's lines, sorted into header fields and abstract lines."""

    arxiv_id: str
    replaced: bool = False
    date_raw: str | None = None
    fields: dict[str, list[str]] = field(default_factory=dict)
    abstract: list[str] = field(default_factory=list)


def is_rule(line: str) -> bool:
    """Separator rules: ``-----``, ``%-%-%-``, ``%%--%%--``, ``%%%---``."""
    stripped = line.strip()
    return len(stripped) >= 10 and set(stripped) <= _RULE_CHARS


def listing_text(text: str) -> str:
    """The listing itself: the plain-text bodies of a mail file, or ``text`` as it is."""
    if not mail.is_mail(text):
        return text
    parts = mail.bodies(text, ("plain",))
    return "\n".join(body for _, body in parts) if parts else text


def sniff(text: str) -> float:
    """Confidence (0-1) that ``text`` is an arXiv listing e-mail."""
    score = _sniff_listing(text)
    if score < 0.8 and mail.is_mail(text):
        score = max(score, _sniff_listing(listing_text(text)))
    return score


def _sniff_listing(text: str) -> float:
    lines = normalise_newlines(text[:200_000]).split("\n")
    ids = sum(1 for line in lines if _ID_LINE.match(line.strip(_SPACE)))
    titles = sum(1 for line in lines if line.startswith("Title:"))
    closings = sum(1 for line in lines if _CLOSING.match(line.strip()))
    if ids and (titles or closings):
        return 0.95
    if closings and titles:
        return 0.8
    return 0.0


def _collect(lines: list[str]) -> list[_Raw]:
    """Walk the lines once, sorting each entry's lines into fields and abstract."""
    raws: list[_Raw] = []
    current: _Raw | None = None
    state = "outside"
    last_field: str | None = None
    for line in lines:
        bare = line.strip(_SPACE)
        match = _ID_LINE.match(bare)
        if match and (state != "abstract" or current is None):
            current = _Raw(arxiv_id=match.group("id"))
            raws.append(current)
            state, last_field = "header", None
            continue
        if current is None or state == "outside":
            continue
        if is_rule(bare) or _CLOSING.match(bare):
            state = "outside"
        elif state == "abstract":
            current.abstract.append(line)
        elif bare == "\\\\":
            state = "abstract"
        elif match := _DATE_LINE.match(bare) if current.date_raw is None else None:
            current.date_raw = match.group("date")
        elif match := _REPLACED.match(bare):
            current.replaced, current.date_raw = True, match.group("date")
        elif line[:1] in _SPACE and line.strip() and last_field:
            current.fields[last_field].append(bare)
        elif match := _FIELD.match(bare):
            last_field = match.group("name")
            current.fields.setdefault(last_field, []).append(match.group("value"))
        elif not bare:
            last_field = None
    return raws


def _paragraphs(lines: list[str]) -> str:
    """Abstract lines joined; blank lines separate paragraphs."""
    paragraphs, current = [], []
    for line in [*lines, ""]:
        if line.strip(_SPACE):
            current.append(line)
        elif current:
            paragraphs.append(collapse_spaces(" ".join(current)))
            current = []
    return decode_accents("\n\n".join(paragraphs))


def _entry(raw: _Raw) -> Entry:
    values = {name: collapse_spaces(" ".join(parts)) for name, parts in raw.fields.items()}
    arxiv_id = ax.strip_version(raw.arxiv_id)
    entry = Entry(
        title=decode_accents(values.get("Title", "")),
        authors=ax.split_authors(values.get("Authors", "")),
        abstract=_paragraphs(raw.abstract),
        source=NAME,
        arxiv_id=arxiv_id,
        categories=values.get("Categories", "").split(),
        comments=values.get("Comments") or None,
        journal_ref=values.get("Journal-ref") or None,
        doi=values.get("DOI") or None,
    )
    entry.author_count = len(entry.authors) if entry.authors else None
    if raw.replaced:
        entry.date = ax.id_month(arxiv_id)
    elif raw.date_raw:
        entry.date_raw = raw.date_raw
        entry.date = ax.rfc2822_date(raw.date_raw)
    for header, name in EXTRA_FIELDS.items():
        if values.get(header):
            entry.extra[name] = values[header]
    urls = [ax.abs_url(arxiv_id), *find_urls(entry.comments or ""), *find_urls(entry.abstract)]
    entry.urls = list(dict.fromkeys(urls))
    return entry


def parse(text: str, reference: dt.date) -> ParsedDigest:
    """Parse a listing e-mail; dates are printed in full, so ``reference`` is unused."""
    result = ParsedDigest()
    for raw in _collect(normalise_newlines(listing_text(text)).split("\n")):
        entry = _entry(raw)
        if not entry.title:
            result.warnings.append(f"skipped arXiv:{raw.arxiv_id}: it has no Title: line")
            continue
        result.entries.append(entry)
    return result
