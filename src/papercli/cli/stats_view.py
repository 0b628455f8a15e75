"""``papercli stats`` as horizontal bar charts on stdout, fitted to the terminal width.

Every line is ``label  bar  count``: labels are cut to ``MAX_LABEL`` cells, counts are
right-aligned, and the longest bar in a chart fills what is left (in eighths of a cell),
so each chart stays within the console width (at most ``MAX_WIDTH``) and bars stay
proportional to their counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from papercli.cli import output

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from papercli.ops.stats import Stats

MAX_WIDTH = 100
MAX_LABEL = 24
MIN_BAR = 10
GAP = "  "
# Bars grow in eighths of a cell: "" and ▏▎▍▌▋▊▉ then █.
EIGHTHS = ("", "\u258f", "\u258e", "\u258d", "\u258c", "\u258b", "\u258a", "\u2589")
FULL = "\u2588"


def bar_eighths(count: int, largest: int, bar_width: int) -> int:
    """Length of the bar for ``count`` in eighths of a cell; any non-zero count shows."""
    if count <= 0 or largest <= 0:
        return 0
    return max(1, round(count / largest * bar_width * 8))


def bar_text(eighths: int, unicode: bool = True) -> str:
    """A bar ``eighths`` / 8 cells long (``#`` in whole cells when not on Unicode)."""
    if not unicode:
        return "#" * max(1 if eighths else 0, round(eighths / 8))
    full, rest = divmod(eighths, 8)
    return FULL * full + EIGHTHS[rest]


def chart_lines(
    rows: Sequence[tuple[str, int]], width: int, unicode: bool = True, style: str = "cyan"
) -> list[Text]:
    """One ``label  bar  count`` line per row, each at most ``width`` cells."""
    from rich.cells import cell_len
    from rich.text import Text

    if not rows:
        return []
    label_width = min(MAX_LABEL, max(cell_len(label) for label, _ in rows))
    counts = [f"{count:,}" for _, count in rows]
    count_width = max(len(c) for c in counts)
    bar_width = max(MIN_BAR, width - label_width - count_width - 2 * len(GAP))
    largest = max(count for _, count in rows)
    lines = []
    for (label, count), shown in zip(rows, counts, strict=True):
        cell = Text(label, no_wrap=True)
        cell.truncate(label_width, overflow="ellipsis", pad=True)
        bar = bar_text(bar_eighths(count, largest, bar_width), unicode)
        line = Text.assemble(
            cell, GAP, (bar.ljust(bar_width), style), GAP, shown.rjust(count_width)
        )
        lines.append(line)
    return lines


def render_stats(stats: Stats, out: Console | None = None) -> None:
    """Print every chart of ``stats`` with a heading, on ``out`` (default: stdout)."""
    from rich.text import Text

    out = out or output.console()
    width = min(out.width, MAX_WIDTH)
    unicode = out.encoding.lower().startswith("utf")
    summary = f"{stats.total:,} papers"
    if stats.undated:
        summary += f", {stats.undated:,} undated"
    if stats.untagged:
        summary += f", {stats.untagged:,} without tags"
    if stats.with_pdf:
        summary += f", {stats.with_pdf:,} with a PDF ({stats.pdf_bytes / 1e6:,.1f} MB)"
    out.print(Text(summary, style="bold"), no_wrap=True, crop=True)
    for title, rows, style in _charts(stats):
        out.print()
        out.print(Text(title, style="bold"), no_wrap=True, crop=True)
        if not rows:
            out.print(Text("(none)", style="dim"))
        for line in chart_lines(rows, width, unicode, style):
            out.print(line, no_wrap=True, crop=True)


def _charts(stats: Stats) -> list[tuple[str, list[tuple[str, int]], str]]:
    """Title, rows and bar colour of each chart, in display order."""
    months = "Papers by month"
    if stats.months:
        months += f" ({stats.months[0][0]} to {stats.months[-1][0]})"
    return [
        ("Reading status", stats.statuses, "blue"),
        ("Papers by year", stats.years, "cyan"),
        (months, stats.months, "cyan"),
        (_more("Tags", len(stats.tags), stats.tags_not_shown), stats.tags, "green"),
        ("Sources (digest formats)", stats.sources, "magenta"),
        (
            _more("arXiv categories", len(stats.categories), stats.categories_not_shown),
            stats.categories,
            "yellow",
        ),
    ]


def _more(title: str, shown: int, hidden: int) -> str:
    return f"{title} (top {shown} of {shown + hidden})" if hidden else title
