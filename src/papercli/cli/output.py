"""Rendering for the CLI: rich consoles and tables for people, plain JSON for scripts.

rich is imported inside the functions that draw, and only for a terminal: piped output,
JSON, and the one-line messages of a command run by a script are written without it (rich
would add no style there, and loading it is a fair share of a small command's start-up).
rich itself honours ``NO_COLOR`` and turns colour off when piped.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from papercli.model import author_count_text

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from papercli.model import Entry

_consoles: dict[bool, Console] = {}


def console(stderr: bool = False) -> Console:
    """The shared rich console for stdout (or stderr)."""
    if stderr not in _consoles:
        from rich.console import Console

        _consoles[stderr] = Console(stderr=stderr, highlight=False)
    return _consoles[stderr]


def reset_consoles() -> None:
    """Forget cached consoles (tests swap stdout/stderr between invocations)."""
    _consoles.clear()


def is_terminal(stderr: bool = False) -> bool:
    """Whether rich's console for stdout (or stderr) would draw for a terminal: its own
    rule (``TTY_COMPATIBLE``, ``FORCE_COLOR``, else isatty), without importing rich."""
    if stderr in _consoles:
        return _consoles[stderr].is_terminal
    tty_compatible = os.environ.get("TTY_COMPATIBLE", "")
    if tty_compatible in ("0", "1"):
        return tty_compatible == "1"
    force_color = os.environ.get("FORCE_COLOR")
    if force_color is not None:
        return force_color != ""
    stream = sys.stderr if stderr else sys.stdout
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _line(message: str, style: str | None) -> None:
    """One line on stderr: through rich (styled) for a terminal, else as it is."""
    if is_terminal(stderr=True):
        console(stderr=True).print(message, style=style, markup=False, soft_wrap=True)
    else:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()


def error(message: str) -> None:
    """``Error: message`` on stderr, as one line."""
    _line(f"Error: {message}", "bold red")


def warn(message: str) -> None:
    """``Warning: message`` on stderr, as one line."""
    _line(f"Warning: {message}", "yellow")


def warn_problems(problems: Iterable[object]) -> None:
    """One ``Warning: skipped <file>: <reason>`` line per unreadable entry file."""
    for problem in problems:
        warn(f"skipped {problem}")


def info(message: str) -> None:
    """A progress or summary line on stderr."""
    _line(message, None)


def print_json(data: Any) -> None:
    """JSON on stdout, never through rich: ``ensure_ascii=False, indent=2``."""
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
    sys.stdout.write("\n")


def print_lines(lines: Iterable[str]) -> None:
    """Plain lines on stdout (for output meant to be piped, such as BibTeX)."""
    write = sys.stdout.write
    for line in lines:
        write(line)


# How columns look in a table: cell style, and which ones never wrap.
_COLUMN_STYLE = {"key": "cyan", "tags": "green"}
_NO_WRAP = {"key", "date", "year", "added", "upvotes", "arxiv_id"}
_HIGHLIGHTED = {"title", "tags"}


def entries_table(
    entries: Sequence[Entry],
    extra_first: tuple[str, Sequence[str]] | None = None,
    highlight_words: Sequence[str] = (),
    highlight_spans: Callable[[Entry, str], Sequence[tuple[int, int]]] | None = None,
    columns: Sequence[str] | None = None,
    pager: bool = False,
) -> None:
    """``columns`` of ``entries`` (``listing.COLUMNS``; default key, date, title, tags): a
    rich table in a terminal, else TSV lines.

    ``highlight_spans(entry, text)`` may return character spans of ``text`` (a title or
    the joined tags) to show in bold, such as the words a search matched. With ``pager``,
    a table taller than the terminal goes through the user's pager.
    """
    from papercli.columns import DEFAULT_COLUMNS

    columns = columns or DEFAULT_COLUMNS
    if not is_terminal():
        _entries_tsv(entries, extra_first, columns)
        return
    from rich.cells import cell_len
    from rich.table import Table

    from papercli.cli.table_layout import plan

    rows = [
        [_cell(entry, name, highlight_words, highlight_spans) for name in columns]
        for entry in entries
    ]
    natural = {
        name: max([cell_len(name), *(cell_len(row[i].plain) for row in rows)])
        for i, name in enumerate(columns)
    }
    first = max([1, *(cell_len(str(n)) for n in extra_first[1])]) if extra_first else 0
    layout = plan(columns, natural, console().width, first)
    table = Table(show_edge=False, pad_edge=False, expand=False)
    if extra_first:
        table.add_column(
            extra_first[0], justify="right", style="dim", no_wrap=True, min_width=first
        )
    for name in layout.columns:
        title = name == "title" or (name == "key" and layout.fold_key)
        table.add_column(
            "key / date" if name == "key" and layout.date_under_key else name,
            style=_COLUMN_STYLE.get(name),
            no_wrap=not title,
            overflow="fold" if title else "ellipsis",
            width=layout.widths[name],
            justify="right" if name == "upvotes" else "left",
        )
    width = layout.widths.get("title", 0)
    for row, (entry, texts) in enumerate(zip(entries, rows, strict=True)):
        by_name = dict(zip(columns, texts, strict=True))
        if layout.date_under_key and entry.date:
            by_name["key"] = by_name["key"].copy()
            by_name["key"].append("\n")
            by_name["key"].append(by_name["date"].plain, style="dim")
        if layout.title_lines and "title" in by_name:
            by_name["title"] = _cut_lines(by_name["title"], width, layout.title_lines)
        cells: list[Text | str] = [by_name[name] for name in layout.columns]
        if extra_first:
            cells.insert(0, extra_first[1][row])
        table.add_row(*cells)
    if pager:
        print_paged(table)
    else:
        console().print(table)


def _cut_lines(text: Text, width: int, lines: int) -> Text:
    """``text`` wrapped at ``width``, cut to ``lines`` lines, the last ending in '…'."""
    from rich.text import Text

    wrapped = text.wrap(console(), width, overflow="fold")
    if len(wrapped) <= lines:
        return text
    kept = list(wrapped)[:lines]
    last = kept[-1]
    last.rstrip()
    last.truncate(width - 1)
    last.append("…")
    return Text("\n").join(kept)


def _cell(
    entry: Entry,
    name: str,
    highlight_words: Sequence[str],
    highlight_spans: Callable[[Entry, str], Sequence[tuple[int, int]]] | None,
) -> Text:
    """Column ``name`` of ``entry`` as rich Text, matched words in bold in title and tags."""
    from rich.text import Text

    from papercli.columns import column_text

    text = Text(column_text(entry, name))
    if name in _HIGHLIGHTED:
        if highlight_words:
            text.highlight_words(highlight_words, style="bold yellow", case_sensitive=False)
        for start, end in highlight_spans(entry, text.plain) if highlight_spans else ():
            text.stylize("bold yellow", start, end)
    return text


def print_paged(renderable: object) -> None:
    """Print on stdout, through the pager when it is taller than the terminal."""
    from papercli.cli.paging import page, pager_command

    out = console()
    command = pager_command()
    if command is None or not out.is_terminal:
        out.print(renderable)
        return
    with out.capture() as captured:
        out.print(renderable)
    text = captured.get()
    if text.count("\n") < out.size.height or not page(text, command):
        out.file.write(text)
        out.file.flush()


def _entries_tsv(
    entries: Sequence[Entry],
    extra_first: tuple[str, Sequence[str]] | None,
    columns: Sequence[str],
) -> None:
    """One tab-separated line per entry, friendly to grep/cut; a large listing still packed
    is decoded and laid out on every core (``batches``), in order."""
    from papercli import batches
    from papercli.columns import tsv_lines

    numbers = [str(n) for n in extra_first[1]] if extra_first else None
    if isinstance(entries, batches.LazySequence) and batches.worker_count(len(entries)) > 1:
        job = (entries, columns, numbers)
        print_lines(batches.batched(_tsv_batch, job, len(entries), _TSV_BATCH))
    else:
        print_lines([tsv_lines(entries, columns, numbers)])


_TSV_BATCH = 5_000  # rows laid out per batch when a listing is spread over the cores


def _tsv_batch(span: tuple[int, int]) -> str:
    from papercli import batches
    from papercli.columns import tsv_lines

    entries, columns, numbers = batches.source()
    start, end = span
    return tsv_lines(entries[start:end], columns, numbers[start:end] if numbers else None)


def tags_table(rows: Sequence[tuple[str, int]]) -> None:
    """Tags and their paper counts: a rich table in a terminal, tab-separated when piped."""
    plain_table(("tag", "papers"), [(tag, str(count)) for tag, count in rows])


def plain_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Rows of text: a rich table in a terminal, tab-separated lines when piped."""
    if not is_terminal():
        print_lines("\t".join(" ".join(cell.split()) for cell in row) + "\n" for row in rows)
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(show_edge=False, pad_edge=False, expand=False)
    for i, header in enumerate(headers):
        table.add_column(header, style="green" if i == 0 else None)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    console().print(table)


def entry_detail(entry: Entry) -> None:
    """Print one entry in full on stdout (styled through rich for a terminal only)."""
    rows = _detail_rows(entry)
    if not is_terminal():
        _plain_detail(entry, rows)
        return
    from rich.markup import escape

    out = console()
    out.print(f"[bold]{escape(entry.title)}[/bold]")
    out.print(f"[cyan]{escape(entry.key)}[/cyan]")
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        out.print(f"[dim]{name.ljust(width)}[/dim]  {escape(value)}")
    if entry.abstract:
        out.print()
        out.print(entry.abstract, markup=False)
    if entry.note:
        out.print()
        out.print("[dim]note[/dim]")
        out.print(entry.note, markup=False)


def _plain_detail(entry: Entry, rows: list[tuple[str, str]]) -> None:
    """``entry_detail`` as plain lines, for a pipe or a file."""
    width = max(len(name) for name, _ in rows)
    lines = [entry.title, entry.key, *(f"{name.ljust(width)}  {value}" for name, value in rows)]
    if entry.abstract:
        lines += ["", entry.abstract]
    if entry.note:
        lines += ["", "note", entry.note]
    print_lines(line + "\n" for line in lines)


def _detail_rows(entry: Entry) -> list[tuple[str, str]]:
    """(field name, text) for every field ``entry_detail`` shows under the title and key."""
    from papercli.model import status_of

    rows: list[tuple[str, str]] = []
    if entry.aliases:
        rows.append(("also cited as", ", ".join(entry.aliases)))
    if entry.authors:
        rows.append(("authors", "; ".join(entry.authors)))
    elif entry.author_count is not None:
        rows.append(("authors", f"{author_count_text(entry.author_count)} (names unknown)"))
    if entry.organization:
        rows.append(("organization", entry.organization))
    date = entry.date or "unknown"
    if entry.date_raw and entry.date_raw != entry.date:
        date += f"  (as printed: {entry.date_raw})"
    rows.append(("date", date))
    rows.append(("status", status_of(entry)))
    for name in ("journal", "booktitle", "volume", "number", "pages", "publisher"):
        if value := getattr(entry, name):
            rows.append((name, str(value)))
    for name in ("upvotes", "arxiv_id", "doi", "journal_ref", "comments", "source", "added"):
        value = getattr(entry, name)
        if value not in (None, ""):
            rows.append((name, str(value)))
    for name in ("categories", "tags", "urls"):
        values = getattr(entry, name)
        if values:
            rows.append((name, ", ".join(values)))
    return rows
