"""Lines of a Hugging Face papers page, what each is, and the layout reader for captures
whose links are lost.

Capture front-ends (Markdown: :mod:`hf_markdown`, :mod:`paper_links`; saved HTML:
:mod:`hf_html`) turn their input into :class:`Line` values: the text a reader sees on one
line, the links on it, and its heading level; :func:`kind` says what a line is (count,
authors, date...). Captures that keep their links are read from them
(:func:`paper_links.assemble`). :func:`assemble` is left for a Markdown capture whose
reference list was cut off, where only the layout tells the papers apart:

- a title is a heading, or a line that is one link to ``/papers/<arXiv id>``; a heading
  without a link (Obsidian's daily list) takes the id of the links that follow it;
- a later line linking to the same ``/papers/<id>`` (or long unlinked text before the meta
  lines) is the abstract;
- ``N authors``, an organisation link, ``·`` and a date follow; a date may carry a comment
  count (``May 29[6](...#community)``, ``Mar 8, 2024 [ 6][39]``), which is dropped;
- an upvote count (``42``, ``-`` for zero, ``[-] 19``, ``1.09k``) belongs to the paper its
  link names (``login?next=/papers/<id>``), else to the next title.

Page furniture (``new``, ``Subscribe``, ``Daily Papers``, date headers, footers) is never a
title: titles need a paper link, and the gate checks what is left.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field

from papercli.dates import MONTH_DAY, read_digest_date
from papercli.identifiers import hf_named_id, hf_page_id
from papercli.latex.accents import decode_accents
from papercli.model import Entry
from papercli.parsers import arxiv_common as ax
from papercli.parsers.base import ParsedDigest, collapse_spaces, find_urls

SOURCE = "hf-daily"
MIN_ABSTRACT = 80
NEEDS = ("arxiv_id", "abstract")

_ORG_URL = re.compile(r"^(?:https?://(?:www\.)?huggingface\.co)?/(?P<org>[\w.-]+)/?$")
_NOT_ORGS = frozenset(
    {"papers", "login", "join", "models", "datasets", "spaces", "docs", "pricing", "blog"}
    | {"posts", "learn", "enterprise", "terms-of-service", "privacy", "settings", "chat"}
)
_COUNT = re.compile(
    r"^(?:\[\s*[-\u2212]?\s*\]\s*)?(?P<n>\d[\d,]*(?:\.\d+)?\s*[kKmM]?|[-\u2212\u2013])$"
)
_AUTHORS = re.compile(r"^[-*•·\s]*(?P<count>\d[\d,]*)\s+authors?$", re.IGNORECASE)
_SEPARATORS = frozenset({"·", "•", "-", "*", "–"})
_DATE = re.compile(
    r"^(?:[-*•·]\s*)?(?P<date>[A-Za-z]+\.?\s+\d{1,2}(?:\s*,\s*\d{4})?)"
    r"(?:\s*\[?\s*\d+\s*\]?)?$"
)
_MEDIA = re.compile(r"^(?:<\s*(?:video|img|source)\b|!\[|view paper$|image\s*\d*$)", re.I)
_FURNITURE = re.compile(
    r"^(?:submitted by\b|get trending papers|subscribe$|new$|daily papers$|"
    r".*and the research community$)",
    re.IGNORECASE,
)
_PAGE_DATE = re.compile(r"/papers/date/(?P<date>\d{4}-\d{2}-\d{2})")


@dataclass
class Line:
    """One line as a reader sees it: its text, its links ``(text, url)`` and heading level."""

    text: str
    links: list[tuple[str, str]] = field(default_factory=list)
    heading: int = 0
    linked: bool = False  # the whole line is one link
    media: bool = False  # an image or video (thumbnail), not text
    unresolved: bool = False  # a reference link whose ``[n]: url`` line was cut off


def is_comment_link(url: str) -> bool:
    """``.../papers/<id>#community``: the comment count glued to a date."""
    return url.endswith("#community")


def upvotes(text: str) -> int | None:
    """``42`` / ``1,024`` / ``1.09k`` / ``[-] 19`` -> a number; ``-`` -> 0; else None."""
    match = _COUNT.match(text.strip())
    if not match:
        return None
    value = match.group("n").replace(",", "").replace(" ", "")
    if value in ("-", "\u2212", "\u2013"):
        return 0
    scale = {"k": 1_000, "m": 1_000_000}.get(value[-1].lower(), 1)
    number = float(value.rstrip("kKmM")) * scale
    return round(number)


def author_count(text: str) -> int | None:
    """``4 authors`` / ``• 1 author`` -> the number; None for any other text."""
    match = _AUTHORS.match(text)
    return int(match.group("count").replace(",", "")) if match else None


def kind(line: Line) -> str:
    """What a line is: media, comments, count, authors, sep, date, furniture or text."""
    text = line.text
    if not text and line.links and all(is_comment_link(url) for _, url in line.links):
        return "comments"
    if line.media or (not text and line.links) or _MEDIA.match(text):
        return "media"
    if not text or (text in _SEPARATORS and not line.links):
        return "sep"  # a linked "-" is an upvote count of zero
    if upvotes(text) is not None:
        return "count"
    if _AUTHORS.match(text):
        return "authors"
    if (match := _DATE.match(text)) and MONTH_DAY.match(match.group("date")):
        return "date"
    if _FURNITURE.match(text):
        return "furniture"
    return "text"


def _line_id(line: Line, direct: bool) -> str | None:
    for _, url in line.links:
        found = hf_page_id(url) if direct else hf_named_id(url)
        if found:
            return found
    return None


def _heading_id(lines: list[Line], kinds: list[str], i: int) -> str | None:
    """The id for an unlinked heading: from the links after it, else its thumbnail before."""
    for j in range(i + 1, len(lines)):
        if lines[j].heading:
            break
        if kinds[j] != "media" and (found := _line_id(lines[j], direct=False)):
            return found
    for j in range(i - 1, -1, -1):
        if lines[j].heading:
            break
        if kinds[j] == "media" and (found := _line_id(lines[j], direct=False)):
            return found
    return None


def find_titles(lines: list[Line], kinds: list[str]) -> list[tuple[int, str | None]]:
    """``(line index, arXiv id)`` of every title, in page order."""
    linked_headings = any(
        line.heading and kinds[i] == "text" and _line_id(line, direct=True)
        for i, line in enumerate(lines)
    )
    titles: list[tuple[int, str | None]] = []
    current: str | None = None
    for i, line in enumerate(lines):
        if kinds[i] != "text":
            continue
        own = _line_id(line, direct=True) if (line.linked or line.heading) else None
        if line.heading and own:
            pid: str | None = own
        elif line.heading > 1 and (line.unresolved or not linked_headings):
            pid = _heading_id(lines, kinds, i)
            if pid is None and not line.unresolved:
                continue
        elif line.linked and own and own != current and not line.heading:
            pid = own
        else:
            continue
        titles.append((i, pid))
        current = pid
    return titles


def date_part(text: str) -> str:
    """``Mar 8, 2024 6`` -> ``Mar 8, 2024``: a date line without its comment count."""
    match = _DATE.match(text)
    return collapse_spaces(match.group("date")) if match else text


def set_date(entry: Entry, text: str, reference: dt.date) -> None:
    read = read_digest_date(date_part(text), reference)
    entry.date, entry.date_raw, entry.date_inferred = read.date, read.raw, read.inferred


def org_of(line: Line) -> str | None:
    if len(line.links) != 1 or not line.linked:
        return None
    match = _ORG_URL.match(line.links[0][1].strip())
    if not match or match.group("org").casefold() in _NOT_ORGS:
        return None
    return line.text


def _is_abstract(line: Line, pid: str | None) -> bool:
    """A link to the paper's own page, or long unlinked text (a search page's abstract)."""
    if pid and _line_id(line, direct=True) == pid:
        return True
    return not line.links and len(line.text) >= MIN_ABSTRACT


def _fill(entry: Entry, pid: str | None, lines: list[Line], kinds: list[str]) -> list[str]:
    """Abstract paragraphs, author count, organisation and the date line of one paper."""
    abstract: list[str] = []
    meta_seen = False
    date_text = None
    for line, what in zip(lines, kinds, strict=True):
        if what == "text" and not meta_seen and _is_abstract(line, pid):
            abstract.append(line.text)
        elif what == "authors" and entry.author_count is None:
            match = _AUTHORS.match(line.text)
            assert match is not None
            entry.author_count = int(match.group("count").replace(",", ""))
            meta_seen = True
        elif what == "text" and entry.organization is None and (org := org_of(line)):
            entry.organization = org
            meta_seen = True
        elif what == "sep" and line.text:
            meta_seen = True
        elif what == "date" and meta_seen and date_text is None:
            date_text = line.text
    if date_text:
        entry.extra["_date"] = date_text
    return abstract


def page_date(head: str) -> str | None:
    """``2026-04-17`` from a ``/papers/date/2026-04-17`` address in the capture's header."""
    match = _PAGE_DATE.search(head)
    return match.group("date") if match else None


def assemble(lines: list[Line], reference: dt.date, listed: str | None = None) -> ParsedDigest:
    """Papers in ``lines``; ``listed``: the page's own date, for papers without a date line."""
    kinds = [kind(line) for line in lines]
    titles = find_titles(lines, kinds)
    result = ParsedDigest()
    entries: list[Entry] = []
    by_id: dict[str, Entry] = {}
    for n, (start, pid) in enumerate(titles):
        end = titles[n + 1][0] if n + 1 < len(titles) else len(lines)
        entry = Entry(title=decode_accents(lines[start].text), source=SOURCE)
        paragraphs = _fill(entry, pid, lines[start + 1 : end], kinds[start + 1 : end])
        entry.abstract = decode_accents("\n\n".join(paragraphs))
        if date_text := entry.extra.pop("_date", None):
            set_date(entry, date_text, reference)
        elif listed:
            entry.date = listed
        if pid and re.fullmatch(ax.ARXIV_ID, pid):
            entry.arxiv_id = ax.strip_version(pid)
            by_id.setdefault(entry.arxiv_id, entry)
        urls = [f"https://huggingface.co/papers/{pid}"] if pid else []
        if entry.arxiv_id:
            urls.append(ax.abs_url(entry.arxiv_id))
        entry.urls = list(dict.fromkeys([*urls, *find_urls(entry.abstract)]))
        entries.append(entry)
    _assign_upvotes(lines, kinds, titles, entries, by_id)
    result.entries = entries
    return result


def _assign_upvotes(
    lines: list[Line],
    kinds: list[str],
    titles: list[tuple[int, str | None]],
    entries: list[Entry],
    by_id: dict[str, Entry],
) -> None:
    """A count goes to the paper its link names, else to the next title."""
    starts = [start for start, _ in titles]
    for i, line in enumerate(lines):
        if kinds[i] != "count":
            continue
        target = None
        if pid := _line_id(line, direct=False):
            target = by_id.get(pid)
        elif (n := bisect.bisect_right(starts, i)) < len(entries):
            target = entries[n]
        if target is not None and target.upvotes is None:
            target.upvotes = upvotes(line.text)
