"""Column widths for the entry tables of ``list``, ``search`` and ``inbox``.

The title gets the width, but never a key's: a key is shown whole, since it is what the
user copies (``federated2026lo…`` and ``federated2026le…`` could not be told apart). Every
other column is one line, at its natural width when the title still fits on one line
beside it, else cut with an ellipsis to a share of the terminal (tags, authors...). Below
``NARROW`` columns the date goes under the key in one column, and a title longer than two
lines is cut, so a row is at most two lines tall. Only when even a short title would not
fit beside the whole key (a very narrow terminal) is the key folded over lines, still whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

NARROW = 100  # below this many columns, the date goes under the key
GAP = 3  # " │ " between two columns
TITLE_LINES = 2
MIN_TITLE = 20
NARROW_TITLE = 10  # the least title kept beside a whole key before the key is folded
# What a column that gives way keeps, as a share of the terminal width (and at least).
SHARE = {
    "tags": (6, 10),
    "authors": (5, 12),
    "categories": (8, 8),
    "doi": (6, 12),
    "source": (10, 8),
    "status": (10, 7),
}
DEFAULT_SHARE = (8, 8)


@dataclass
class Layout:
    """The columns to draw (``key`` may carry the date under it) and their widths."""

    columns: list[str]
    widths: dict[str, int] = field(default_factory=dict)
    date_under_key: bool = False
    title_lines: int | None = None  # cut titles to this many lines (None: wrap freely)
    fold_key: bool = False  # the key is folded over lines (whole), not kept on one


def plan(columns: Sequence[str], natural: dict[str, int], width: int, first: int = 0) -> Layout:
    """Widths for ``columns`` whose widest cells (header included) are ``natural``.

    ``first`` is the width of an extra leading column (the rank of a search hit), 0 if none.
    """
    shown = list(columns)
    stack = width < NARROW and "key" in shown and "date" in shown and "title" in shown
    if stack:
        shown.remove("date")
    layout = Layout(shown, date_under_key=stack)
    others = [c for c in shown if c != "title"]
    widths = {c: natural[c] for c in others}
    if stack:
        widths["key"] = max(widths["key"], natural["date"])
    gaps = GAP * (len(shown) - 1 + (1 if first else 0)) + first
    if "title" not in shown:
        layout.widths = widths
        return layout
    room = width - gaps - sum(widths.values())
    if room < natural["title"]:
        for name in others:
            if name == "key":
                continue  # never cut: see the module's docstring
            per, least = SHARE.get(name, DEFAULT_SHARE)
            widths[name] = min(widths[name], max(least, width // per))
        room = width - gaps - sum(widths.values())
        if room < min(MIN_TITLE, natural["title"]):
            room += _squeeze(widths, others, min(MIN_TITLE, natural["title"]) - room)
        if "key" in widths and room < min(NARROW_TITLE, natural["title"]):
            fold = min(widths["key"] - 1, min(NARROW_TITLE, natural["title"]) - room)
            widths["key"] -= max(fold, 0)
            room += max(fold, 0)
            layout.fold_key = fold > 0
        layout.title_lines = TITLE_LINES
        # What the title needs (two lines of the longest, with slack for word wrapping,
        # and at least half the width) is kept; any room beyond goes back to the columns
        # that gave way, in column order.
        wanted = min(natural["title"], max(width // 2, -(-natural["title"] // TITLE_LINES) + 8))
        for name in others:
            extra = min(room - wanted, natural[name] - widths[name])
            if extra > 0:
                widths[name] += extra
                room -= extra
    widths["title"] = max(1, min(room, natural["title"]))
    layout.widths = widths
    return layout


def _squeeze(widths: dict[str, int], others: list[str], need: int) -> int:
    """Take up to ``need`` columns from the columns other than the key (to 3 each, room
    for one character and '…'), last column first; how many were taken."""
    taken = 0
    for name in reversed(others):
        if name == "key" or taken >= need:
            continue
        give = min(need - taken, widths[name] - 3)
        if give > 0:
            widths[name] -= give
            taken += give
    return taken
