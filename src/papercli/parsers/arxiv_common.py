"""Pieces shared by the arXiv formats: identifiers, author lists, dates."""

from __future__ import annotations

import datetime as dt
import email.utils
import re

# The one arXiv id rule lives in papercli.identifiers; parsers reach it through here.
from papercli.identifiers import ARXIV_ID, strip_version  # noqa: F401
from papercli.latex.accents import decode_accents
from papercli.parsers.base import collapse_spaces

_NEW_STYLE = re.compile(r"^(?P<yy>\d{2})(?P<mm>\d{2})\.\d{4,5}$")
_OLD_STYLE = re.compile(r"/(?P<yy>\d{2})(?P<mm>\d{2})\d{3}$")
_AND = re.compile(r"\s*,?\s+and\s+|\s*[,;]\s*", re.IGNORECASE)


def abs_url(arxiv_id: str) -> str:
    """The paper's abstract page."""
    return f"https://arxiv.org/abs/{arxiv_id}"


def id_month(arxiv_id: str) -> str | None:
    """``YYYY-MM`` of first submission encoded in an identifier, or None."""
    arxiv_id = strip_version(arxiv_id)
    match = _NEW_STYLE.match(arxiv_id) or _OLD_STYLE.search(arxiv_id)
    if not match:
        return None
    yy, mm = int(match.group("yy")), int(match.group("mm"))
    if not 1 <= mm <= 12:
        return None
    year = 2000 + yy if yy < 91 else 1900 + yy
    return f"{year:04d}-{mm:02d}"


def rfc2822_date(text: str) -> str | None:
    """``Wed, 15 Mar 2023 18:34:08 GMT`` -> ``2023-03-15`` (None when unreadable)."""
    try:
        parsed = email.utils.parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.date().isoformat() if parsed else None


def iso_date(text: str) -> str | None:
    """``2018-05-24T20:30:00-05:00`` -> ``2018-05-24`` (None when unreadable)."""
    try:
        return dt.date.fromisoformat(text.strip()[:10]).isoformat()
    except ValueError:
        return None


def drop_parenthesised(text: str) -> str:
    """Remove every balanced ``(...)`` group, nested ones included (affiliations)."""
    out: list[str] = []
    depth = 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif not depth:
            out.append(char)
    return "".join(out)


def split_authors(text: str) -> list[str]:
    """Names from ``A, B and C (1 and 2) ((1) Univ X, (2) Univ Y)``, TeX accents decoded."""
    text = collapse_spaces(drop_parenthesised(decode_accents(text)))
    names = []
    for part in _AND.split(text):
        name = collapse_spaces(part.replace("{", "").replace("}", "").replace("~", " "))
        if name and name.casefold() not in ("et al.", "et al", "others"):
            names.append(name)
    return names
