"""Library statistics: papers per reading status, year, recent month, tag, source, category.

A pure function over entries; ``papercli stats`` draws the result as bar charts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from papercli.errors import InputError
from papercli.model import STATUSES, Entry, status_of
from papercli.ops.tagging import count_tags

DEFAULT_MONTHS = 12
DEFAULT_TOP = 10
UNKNOWN_SOURCE = "unknown"
_YEAR_MONTH = re.compile(r"^(\d{4})(?:-(\d{2}))?")


@dataclass
class Stats:
    """Counts over a library. Lists are (label, count) pairs in display order."""

    total: int = 0
    undated: int = 0
    untagged: int = 0
    statuses: list[tuple[str, int]] = field(default_factory=list)
    years: list[tuple[str, int]] = field(default_factory=list)
    months: list[tuple[str, int]] = field(default_factory=list)
    tags: list[tuple[str, int]] = field(default_factory=list)
    tags_not_shown: int = 0
    sources: list[tuple[str, int]] = field(default_factory=list)
    categories: list[tuple[str, int]] = field(default_factory=list)
    categories_not_shown: int = 0
    with_pdf: int = 0  # papers whose entry names a PDF
    pdf_bytes: int = 0  # the size of the files in pdfs/ (filled by the caller: a disk read)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""

        def rows(name: str, pairs: list[tuple[str, int]]) -> list[dict[str, Any]]:
            return [{name: label, "count": count} for label, count in pairs]

        return {
            "total": self.total,
            "undated": self.undated,
            "untagged": self.untagged,
            "statuses": rows("status", self.statuses),
            "years": [{"year": int(y), "count": n} for y, n in self.years],
            "months": rows("month", self.months),
            "tags": rows("tag", self.tags),
            "tags_not_shown": self.tags_not_shown,
            "sources": rows("source", self.sources),
            "categories": rows("category", self.categories),
            "categories_not_shown": self.categories_not_shown,
            "with_pdf": self.with_pdf,
            "pdf_bytes": self.pdf_bytes,
        }


def check_options(months: int, top: int) -> None:
    """InputError for negative ``--months`` or ``--top`` (0 means all)."""
    if months < 0:
        raise InputError("--months must be 0 (every month) or more")
    if top < 0:
        raise InputError("--top must be 0 (every one) or more")


def compute_stats(
    entries: Iterable[Entry], months: int = DEFAULT_MONTHS, top: int = DEFAULT_TOP
) -> Stats:
    """Counts by reading status (every status, in ``STATUSES`` order; entries without the
    field count as ``to-read``), by year (every year with papers), by month (the ``months``
    months up to the newest dated paper, empty months included; 0: every month from the
    first), and the ``top`` tags and categories (0: all) with how many more there are.
    """
    check_options(months, top)
    stats = Stats()
    years: Counter[str] = Counter()
    by_month: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    tagged: list[Entry] = []
    for entry in entries:
        stats.total += 1
        match = _YEAR_MONTH.match(entry.date or "")
        if match is None:
            stats.undated += 1
        else:
            years[match[1]] += 1
            if match[2] and "01" <= match[2] <= "12":
                by_month[f"{match[1]}-{match[2]}"] += 1
        sources[entry.source or UNKNOWN_SOURCE] += 1
        statuses[status_of(entry)] += 1
        categories.update(dict.fromkeys(entry.categories, 1))
        if entry.tags:
            tagged.append(entry)
        if entry.pdf:
            stats.with_pdf += 1
    stats.untagged = stats.total - len(tagged)
    stats.statuses = [(status, statuses[status]) for status in STATUSES]
    stats.years = sorted(years.items())
    stats.months = _month_series(by_month, months)
    tag_counts = [(c.tag, c.count) for c in count_tags(tagged)]
    stats.tags, stats.tags_not_shown = _top(tag_counts, top)
    stats.sources = _ranked(sources)
    stats.categories, stats.categories_not_shown = _top(_ranked(categories), top)
    return stats


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    """Most common first, then by name."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold(), item[0]))


def _top(pairs: list[tuple[str, int]], top: int) -> tuple[list[tuple[str, int]], int]:
    """The first ``top`` pairs (all for 0) and how many were left out."""
    if top == 0 or len(pairs) <= top:
        return pairs, 0
    return pairs[:top], len(pairs) - top


def _month_series(counts: Counter[str], months: int) -> list[tuple[str, int]]:
    """Consecutive months ending at the newest one with papers, zeros filled in."""
    if not counts:
        return []
    first, last = min(counts), max(counts)
    year, month = int(last[:4]), int(last[5:])
    series = []
    while True:
        label = f"{year:04d}-{month:02d}"
        if label < first and months == 0:
            break
        series.append((label, counts.get(label, 0)))
        if months and len(series) == months:
            break
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return series[::-1]
