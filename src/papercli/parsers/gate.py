"""The gate between a parser and the library: every record must look like a paper.

Parsers find what they can; this module decides whether to trust it. A digest is refused
whole (``ParseError``, one line naming the format and the first bad record) when detection
was unsure or any record fails, so a junk entry never reaches the library. Pure: values in,
nothing touched.
"""

from __future__ import annotations

import re

from papercli.dates import MONTH_DAY
from papercli.model import Entry
from papercli.parsers.base import ParsedDigest, ParseError, Skipped

# Detection below this score is a guess, and a guess imports nothing.
MIN_CONFIDENCE = 0.5
MIN_TITLE = 4
MAX_TITLE = 400
# A forced format is refused when another format is this sure the text is one of its own.
OTHER_FORMAT_SURE = 0.8
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

_URL = re.compile(r"(?:https?://|www\.)\S", re.IGNORECASE)
_MARKUP = re.compile(
    r"\]\(|\]\[|!\[|^\s*#{1,6}(?:\s|$)|^\s*>\s|^\s*[-*+]\s|^\s*\[[^\]]*\]\s*$|^\s*\d+\.\s+\S*$"
    r"|</?(?:a|p|div|span|video|img|br|h[1-6]|source|script|style|table|tr|td|li|ul|ol|iframe"
    r"|svg|html|body|head|meta|link|title)\b[^<>]*>|^\s*\[\d+\]:|^```",
    re.IGNORECASE,
)
_CODE = re.compile(
    r"^(?:import\s+\w|from\s+[\w.]+\s+import\b|def\s+\w+\s*\(|class\s+\w+\s*[(:]|#include\b"
    r"|function\s+\w+\s*\(|(?:const|let|var)\s+\w+\s*=|package\s+[\w.]+;|using\s+[\w.]+;"
    r"|public\s+(?:class|static)\b|@\w+\s*\{)|[{;]\s*$|^\s*[}\])]"
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?(?:[T ][\d:.+-Z]*)?$")
_COUNT = re.compile(r"^[\[\]\s()+-]*[\d.,]*[kKmM]?[\[\]\s()+-]*$")
_HEADER_FIELD = re.compile(
    r"^(?:Title|URL Source|Published Time|Markdown Content|Subject|From)\s*:"
)
NAVIGATION = frozenset(
    s.casefold()
    for s in (
        "new", "subscribe", "daily papers", "daily", "weekly", "monthly", "previous", "next",
        "submit paper", "search", "login", "log in", "sign up", "home", "models", "datasets",
        "spaces", "docs", "pricing", "community", "papers", "trending", "view paper",
        "get trending papers in your email inbox!", "list my alerts", "cancel alert",
        "web source", "references", "contents", "table of contents", "menu", "abstract",
    )
)  # fmt: skip


_LABELS = {"arxiv_id": "arXiv id", "date_raw": "date line", "author_count": "author line"}


def title_problem(title: str) -> str | None:
    """Why ``title`` is not a paper title, or None when it reads like one."""
    text = _CONTROL.sub("", title).strip()
    if not text:
        return None  # nothing left once control characters go: the importer skips it, warning
    folded = text.casefold()
    if len(text) < MIN_TITLE or not any(c.isalnum() for c in text):
        return "the title is too short"
    if len(text) > MAX_TITLE:
        return f"the title is longer than {MAX_TITLE} characters"
    if _URL.search(text):
        return "the title is a link"
    if _MARKUP.search(text):
        return "the title holds markup (a heading, link, image or tag)"
    if _CODE.search(text):
        return "the title is source code"
    if MONTH_DAY.match(text) or _ISO_DATE.match(text):
        return "the title is a date"
    if _COUNT.match(text):
        return "the title is a number"
    if folded in NAVIGATION or folded.endswith("and the research community"):
        return "the title is page navigation"
    if _HEADER_FIELD.match(text) or folded.startswith(("submitted by ", "copyright ", "©")):
        return "the title is page furniture"
    return None


def record_problem(entry: Entry, needs: tuple[str, ...]) -> str | None:
    """Why ``entry`` is not a paper, or None. ``needs``: fields of which one must be set."""
    if problem := title_problem(entry.title):
        return problem
    if needs and not any(getattr(entry, name) for name in needs):
        wanted = " or ".join(_LABELS.get(name, name.replace("_", " ")) for name in needs)
        return f"it has no {wanted}, which this format always gives"
    return None


def line_of(entry: Entry, lines: list[str]) -> int | None:
    """The number (from 1) of the first line of the digest holding the record's title, or
    failing that its arXiv id; None when neither is found."""
    probes = [" ".join(entry.title.split())[:40], entry.arxiv_id or ""]
    for probe in (p for p in probes if len(p) >= MIN_TITLE):
        for number, line in enumerate(lines, 1):
            if probe in " ".join(line.split()):
                return number
    return None


def check(
    result: ParsedDigest,
    fmt: str,
    origin: str,
    needs: tuple[str, ...],
    text: str = "",
    skip_bad: bool = False,
) -> None:
    """Raise ParseError unless every record of ``result`` looks like a paper; the message
    lists each bad record (number, line in ``text``, title, reason). With ``skip_bad`` the
    bad records move to ``result.skipped`` instead, unless they are most of the digest."""
    if not result.entries:
        raise ParseError(
            f"no papers found in {origin} (read as {fmt}); is it a digest? "
            "see 'papercli formats' and try --format"
        )
    lines = text.split("\n")
    bad = [
        Skipped(number, line_of(entry, lines), entry.title, problem)
        for number, entry in enumerate(result.entries, 1)
        if (problem := record_problem(entry, needs))
    ]
    if not bad:
        return
    total = len(result.entries)
    listed = "; ".join(skip.describe() for skip in bad)
    if len(bad) == total or len(bad) * 2 > total:
        hint = "most records do not look like papers; is it a digest?" if skip_bad else ""
        raise ParseError(
            f"{origin} refused (read as {fmt}): {len(bad)} of {total} records do not look "
            f"like papers: {listed}; nothing imported" + (f"; {hint}" if hint else "")
        )
    if not skip_bad:
        raise ParseError(
            f"{origin} refused (read as {fmt}): {len(bad)} of {total} records do not look "
            f"like papers: {listed}; nothing imported; import the others with --skip-bad"
        )
    refused = {skip.record for skip in bad}
    result.entries = [e for n, e in enumerate(result.entries, 1) if n not in refused]
    result.skipped = bad


def check_forced(scores: dict[str, float], fmt: str, origin: str) -> None:
    """Refuse a forced format that does not apply: its sniffer sees nothing, or the text is
    plainly another format (an arXiv listing forced as hf-daily is one 25 KB "abstract")."""
    own = scores.get(fmt, 0.0)
    check_confidence(own, fmt, origin, forced=True)
    other, other_score = max(
        ((name, score) for name, score in scores.items() if name != fmt),
        key=lambda item: item[1],
        default=(None, 0.0),
    )
    if other and other_score >= OTHER_FORMAT_SURE and own < MIN_CONFIDENCE:
        raise ParseError(
            f"{origin} refused (read as {fmt}): it looks like {other} "
            f"({other_score:.0%} sure), not {fmt}; try --format {other}"
        )


def check_confidence(score: float, fmt: str | None, origin: str, forced: bool) -> None:
    """Raise ParseError when detection (or a forced format's own sniffer) is unsure."""
    if fmt is None or score <= 0.0:
        if forced:
            raise ParseError(
                f"{origin} refused (read as {fmt}): it does not look like a {fmt} digest; "
                "see 'papercli formats'"
            )
        raise ParseError(
            f"no papers found in {origin}: the format is not recognised; "
            "see 'papercli formats' and try --format"
        )
    if not forced and score < MIN_CONFIDENCE:
        raise ParseError(
            f"no papers found in {origin}: it might be {fmt}, but that is a guess "
            f"({score:.0%} sure); if it is, try --format {fmt}"
        )
