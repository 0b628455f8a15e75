"""Hugging Face Daily Papers pages captured as Markdown (format ``hf-daily-md``).

One paper looks like::

    [42](https://huggingface.co/login?next=...)          upvotes; ``[-](...)`` means zero
    ### [Title](https://huggingface.co/papers/2510.01234)
    [Abstract, maybe hard-wrapped with \\\\ breaks](https://huggingface.co/papers/2510.01234)
    - 4 authors                                           or an organisation link
    ·
    Oct 3[5](https://huggingface.co/papers/2510.01234#community)   date + comment count

The page id is the arXiv id. Entries get source ``hf-daily``, like the plain-text copies.
"""

from __future__ import annotations

import datetime as dt
import re

from papercli.dates import MONTH_DAY, parse_month_day
from papercli.latex.accents import decode_accents
from papercli.model import Entry
from papercli.parsers import arxiv_common as ax
from papercli.parsers.base import ParsedDigest, collapse_spaces, find_urls, normalise_newlines

NAME = "hf-daily-md"
SOURCE = "hf-daily"
DESCRIPTION = "Hugging Face Daily Papers page, captured as Markdown"

_PAPER_URL = r"https?://(?:www\.)?huggingface\.co/papers/(?P<id>[^)\s#?/]+)[^)\s]*"
_TITLE = re.compile(r"^#{1,6}\s*\[(?P<title>.+)\]\(" + _PAPER_URL + r"\)\s*$")
_UPVOTES = re.compile(r"^(?:\[(?P<n1>\d[\d,]*|-)\]\([^)]*\)|(?P<n2>\d[\d,]*|-))$")
_AUTHORS = re.compile(r"^(?:[-*•]\s*)?(?P<count>\d[\d,]*)\s+authors?$", re.IGNORECASE)
_ORG_LINK = re.compile(
    r"^(?:[-*•]\s*)?\[(?:!\[[^\]]*\]\([^)]*\))?(?P<org>[^\]]+)\]\(https?://[^)]*\)$"
)
_DATE = re.compile(r"^(?P<date>[A-Za-z]+\.?\s+\d{1,2}(?:,\s*\d{4})?)\s*(?:\[\d+\]\([^)]*\))?$")
_ABSTRACT_END = re.compile(r"\]\(" + _PAPER_URL + r"\)\s*$")
_HARD_BREAK = re.compile(r"\\{1,2}\s*$")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~ ])")
_SEPARATORS = frozenset({"·", "•", "-", "*"})


def unescape(text: str) -> str:
    """Undo Markdown backslash escapes (``Engage\\  with`` -> ``Engage with``); collapse spaces."""
    return collapse_spaces(_ESCAPE.sub(r"\1", text))


def sniff(text: str) -> float:
    """Confidence (0-1) that ``text`` is a Daily Papers page captured as Markdown."""
    head = normalise_newlines(text[:200_000]).split("\n")
    return 1.0 if any(_TITLE.match(line.strip()) for line in head) else 0.0


def _upvotes(line: str) -> int | None:
    match = _UPVOTES.match(line)
    if not match:
        return None
    value = (match.group("n1") or match.group("n2")).replace(",", "")
    return 0 if value == "-" else int(value)


def _abstract(lines: list[str]) -> tuple[str, int]:
    """The abstract link body starting at ``lines[0]`` and how many lines it used."""
    if not lines or not lines[0].startswith("[") or lines[0].startswith("[!["):
        return "", 0
    for n, line in enumerate(lines):
        if end := _ABSTRACT_END.search(line):
            body = [_HARD_BREAK.sub("", part) for part in [*lines[:n], line[: end.start()]]]
            return decode_accents(unescape(" ".join(body)[1:])), n + 1
    return "", 0


def _apply_meta(entry: Entry, line: str, reference: dt.date) -> None:
    if match := _AUTHORS.match(line):
        entry.author_count = int(match.group("count").replace(",", ""))
    elif (match := _DATE.match(line)) and MONTH_DAY.match(match.group("date")):
        resolved = parse_month_day(match.group("date"), reference)
        entry.date_raw = match.group("date")
        entry.date = resolved.isoformat() if resolved else None
        entry.date_inferred = resolved is not None and not re.search(r"\d{4}", entry.date_raw)
    elif match := _ORG_LINK.match(line):
        entry.organization = unescape(match.group("org"))


def parse(text: str, reference: dt.date) -> ParsedDigest:
    """Parse a Markdown capture; year-less dates resolve against ``reference``."""
    lines = [line.strip() for line in normalise_newlines(text).split("\n")]
    starts = [i for i, line in enumerate(lines) if _TITLE.match(line)]
    result = ParsedDigest()
    for n, start in enumerate(starts):
        match = _TITLE.match(lines[start])
        assert match is not None
        arxiv_id = match.group("id")
        entry = Entry(title=decode_accents(unescape(match.group("title"))), source=SOURCE)
        before = [line for line in lines[starts[n - 1] + 1 if n else 0 : start] if line]
        if before:
            entry.upvotes = _upvotes(before[-1])
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        body = [line for line in lines[start + 1 : end] if line]
        entry.abstract, used = _abstract(body)
        for line in body[used:]:
            if line not in _SEPARATORS and _upvotes(line) is None:
                _apply_meta(entry, line, reference)
        if re.fullmatch(ax.ARXIV_ID, arxiv_id):
            entry.arxiv_id = ax.strip_version(arxiv_id)
        urls = [f"https://huggingface.co/papers/{arxiv_id}", *find_urls(entry.abstract)]
        if entry.arxiv_id:
            urls.insert(1, ax.abs_url(entry.arxiv_id))
        entry.urls = list(dict.fromkeys(urls))
        result.entries.append(entry)
    return result
