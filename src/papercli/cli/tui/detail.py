"""One paper drawn for the triage screen: the fields that decide a triage, then the abstract."""

from __future__ import annotations

from rich.text import Text

from papercli.latex.readable import readable
from papercli.model import Entry, status_of

MAX_AUTHORS = 6


def authors_line(entry: Entry) -> str:
    """Names (the first few and how many more), else the count, else ''."""
    names = entry.authors
    if names:
        if len(names) <= MAX_AUTHORS:
            return "; ".join(names)
        return f"{'; '.join(names[:3])}; … ({len(names)} authors)"
    if entry.author_count:
        return f"{entry.author_count} author{'s' if entry.author_count != 1 else ''}"
    return ""


def detail_text(entry: Entry) -> Text:
    """Title, key, authors, date, upvotes, source, status, tags, note and the abstract."""
    text = Text()
    text.append(readable(entry.title), style="bold")
    text.append("\n")
    rows = [
        ("key", entry.key),
        ("authors", authors_line(entry)),
        ("date", entry.date or entry.date_raw or "unknown"),
        ("upvotes", "" if entry.upvotes is None else str(entry.upvotes)),
        ("source", entry.source or ""),
        ("status", status_of(entry)),
        ("tags", ", ".join(entry.tags)),
    ]
    for name, value in rows:
        if value:
            text.append(f"{name:<8}", style="dim")
            text.append(value, style="bold" if name == "status" else "")
            text.append("\n")
    if entry.note:
        text.append("note    ", style="dim")
        text.append(entry.note.replace("\n", "\n        "), style="italic")
        text.append("\n")
    text.append("\n")
    text.append(readable(entry.abstract) or "(no abstract)", style="" if entry.abstract else "dim")
    return text
