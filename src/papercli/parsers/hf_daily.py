"""Hugging Face "Daily Papers" pages copied as plain text.

The shape, one paper after another, blocks separated by blank lines::

    Title line

    Abstract paragraph...

      • 9 authors          (optional; an organisation name may stand instead)
    ·
    Sep 28 2               (date with optional year, then optional upvote count)

Lines before the first paper (``new``, ``Subscribe``, ``Daily Papers``, the page date...)
are page furniture, not papers.
"""

from __future__ import annotations

import datetime as dt
import re

from papercli.dates import MONTH_DAY, read_digest_date
from papercli.latex.accents import decode_accents
from papercli.model import Entry
from papercli.parsers.base import ParsedDigest, collapse_spaces, find_urls, normalise_newlines

NAME = "hf-daily"
DESCRIPTION = "Hugging Face Daily Papers page, copied as plain text"
NEEDS = ("abstract", "date_raw", "author_count")

_AUTHORS = re.compile(r"^[•·*-]?\s*(?P<count>\d[\d,]*)\s+authors?$", re.IGNORECASE)
_BULLET = re.compile(r"^•\s*(?P<org>\S.*)$")
_DATE_UPVOTES = re.compile(r"^(?P<date>.+?)(?:\s+(?P<upvotes>\d+))?$")
_SEPARATOR = "·"
HEADER_LINES = frozenset(
    s.casefold()
    for s in (
        "new",
        "Get trending papers in your email inbox!",
        "Subscribe",
        "Daily Papers",
        "Daily",
        "Weekly",
        "Monthly",
        "Previous",
        "Next",
        "Submit paper",
        "Search",
    )
)
MIN_ABSTRACT = 80
# ``September 30, 2025 123456`` is 26 characters; anything much longer is not a date part.
MAX_DATE_PART = 48
MAX_TITLE = 400
# A title this long is accepted only as a single line followed by abstract and meta block.
MAX_LONG_TITLE = 20_000


def _date_part(line: str) -> tuple[str, int | None] | None:
    """Split ``Sep 26 2`` / ``Jun 3, 2023 1`` into date text and upvotes; None if no date."""
    line = line.strip()
    if len(line) > MAX_DATE_PART:
        return None  # an abstract line: spare the regexes (a third of parsing a long digest)
    if MONTH_DAY.match(line):
        return line, None
    match = _DATE_UPVOTES.match(line)
    if match and match.group("upvotes") and MONTH_DAY.match(match.group("date")):
        return match.group("date"), int(match.group("upvotes"))
    return None


def _meta_parts(block: list[str]) -> list[str]:
    parts: list[str] = []
    for line in block:
        parts.extend(p.strip() for p in line.split(_SEPARATOR))
    return [p for p in parts if p]


def is_meta_block(block: list[str]) -> bool:
    """True for the ``• N authors · date`` block that closes a paper."""
    parts = _meta_parts(block)
    if not parts:
        return bool(block) and all(line.strip() == _SEPARATOR for line in block)
    has_anchor = False
    for part in parts:
        if _AUTHORS.match(part) or _date_part(part):
            has_anchor = True
        elif not _BULLET.match(part):
            return False
    return has_anchor


def _apply_meta(entry: Entry, block: list[str], reference: dt.date) -> None:
    for part in _meta_parts(block):
        if match := _AUTHORS.match(part):
            entry.author_count = int(match.group("count").replace(",", ""))
        elif date_part := _date_part(part):
            text, upvotes = date_part
            read = read_digest_date(text, reference)
            entry.date, entry.date_raw, entry.date_inferred = read.date, read.raw, read.inferred
            entry.upvotes = upvotes
        elif match := _BULLET.match(part):
            entry.organization = match.group("org").strip()


def _blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in normalise_newlines(text).split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _is_title(block: list[str], limit: int = MAX_TITLE) -> bool:
    text = collapse_spaces(" ".join(block))
    return len(block) <= 3 and 0 < len(text) <= limit and not is_meta_block(block)


def _is_long_title(blocks: list[list[str]], i: int) -> bool:
    """A one-line block longer than MAX_TITLE that has the full paper shape after it."""
    return (
        len(blocks[i]) == 1
        and _is_title(blocks[i], MAX_LONG_TITLE)
        and i + 2 < len(blocks)
        and is_meta_block(blocks[i + 2])
        and not is_meta_block(blocks[i + 1])
    )


def _is_header(block: list[str]) -> bool:
    line = collapse_spaces(" ".join(block))
    folded = line.casefold()
    return (
        folded in HEADER_LINES
        or folded.endswith("and the research community")
        or bool(MONTH_DAY.match(line))
    )


def _first_paper(blocks: list[list[str]]) -> int:
    """Index of the first paper's title block, skipping the page header."""
    for i, block in enumerate(blocks):
        if _is_header(block):
            continue
        if not _is_title(block):
            if _is_long_title(blocks, i):
                return i
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if nxt is None:
            return len(blocks)
        if is_meta_block(nxt) or len(collapse_spaces(" ".join(nxt))) >= MIN_ABSTRACT:
            return i
        after = blocks[i + 2] if i + 2 < len(blocks) else None
        if after is not None and is_meta_block(after):
            return i
    return len(blocks)


def _starts_paper(blocks: list[list[str]], i: int) -> bool:
    """Whether block ``i`` reads as a new title rather than more abstract text."""
    block = blocks[i]
    if not _is_title(block) or collapse_spaces(" ".join(block)).endswith((".", ":", ";", ",")):
        return False
    return i + 1 < len(blocks)


def sniff(text: str) -> float:
    """Confidence (0-1) that ``text`` is a Daily Papers page copied as text."""
    head = normalise_newlines(text[:200_000])
    lines = [line.strip() for line in head.split("\n")]
    authors = sum(1 for line in lines if _AUTHORS.match(line) and line.startswith("•"))
    dots = sum(1 for line in lines if line == _SEPARATOR)
    if authors or dots:
        return min(1.0, 0.5 + 0.1 * (authors + dots))
    if any(line.casefold() == "daily papers" for line in lines):
        return 0.4
    # Bare "title, blank line, abstract" blocks: the plain shape, weakest evidence.
    blocks = _blocks(head)
    return 0.1 if _first_paper(blocks) < len(blocks) else 0.0


def parse(text: str, reference: dt.date) -> ParsedDigest:
    """Parse a Daily Papers text copy; year-less dates resolve against ``reference``."""
    blocks = _blocks(text)
    result = ParsedDigest()
    i = _first_paper(blocks)
    while i < len(blocks):
        title_block = blocks[i]
        entry = Entry(title=decode_accents(collapse_spaces(" ".join(title_block))), source=NAME)
        i += 1
        paragraphs: list[str] = []
        while i < len(blocks) and not is_meta_block(blocks[i]):
            if paragraphs and _starts_paper(blocks, i):
                break
            paragraphs.append(collapse_spaces(" ".join(blocks[i])))
            i += 1
        if i < len(blocks) and is_meta_block(blocks[i]):
            _apply_meta(entry, blocks[i], reference)
            i += 1
        elif not paragraphs:
            result.warnings.append(f"skipped a line that is not a paper: {entry.title[:60]!r}")
            continue
        entry.abstract = decode_accents("\n\n".join(paragraphs))
        entry.urls = find_urls(entry.abstract)
        result.entries.append(entry)
    return result
