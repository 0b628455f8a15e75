"""Exporting what a LaTeX document cites, once or kept in step with the document.

``export_document`` follows the document, selects its papers and renders them;
``watch_document`` redoes that whenever a followed file or the library changes and
rewrites the output file (atomically, and only when its text would change), reporting each
round as a ``WatchEvent`` for the CLI to print.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from papercli.errors import MissingCitationsError, PapercliError
from papercli.exporters import ExportFormat, render
from papercli.latex.document import Document
from papercli.ops.selection import (
    CitedPapers,
    check_unique_keys,
    missing_error,
    read_document,
    select_cited,
)
from papercli.store import Store
from papercli.store.atomic import atomic_write_text

POLL_SECONDS = 0.25


@dataclass
class DocumentExport:
    """One export of a document's papers: ``chunks`` to write (``warnings`` fill as they
    are consumed), the error to raise afterwards when keys are missing, and ``sources``,
    the files whose change could change it."""

    document: Document
    cited: CitedPapers
    chunks: Iterator[str]
    warnings: list[str]
    missing: MissingCitationsError | None
    sources: list[Path] = field(default_factory=list)
    problems: tuple[str, ...] = ()  # the library's unreadable entry files


def export_document(
    store: Store, path: Path, aux: bool, fmt: ExportFormat, ascii: bool = False
) -> DocumentExport:
    """The export of the papers the document at ``path`` (.aux when ``aux``) cites."""
    document = read_document(path, aux)
    cited = select_cited(store, document)
    if fmt.latex:
        check_unique_keys(store, cited.entries)
    warnings = list(cited.warnings)
    chunks = render(fmt, cited.entries, warnings, ascii=ascii)
    missing = missing_error(document, cited)
    problems = tuple(str(p) for p in store.problems)
    return DocumentExport(document, cited, chunks, warnings, missing, cited.sources, problems)


@dataclass(frozen=True)
class WatchEvent:
    """One round of watching: ``wrote`` (``papers`` written), ``same`` (the output already
    held that text) or ``failed`` (nothing written); ``messages`` are warnings, or the error.
    """

    kind: str
    papers: int = 0
    messages: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()  # the library's unreadable entry files, as warnings


Stamp = tuple[int, int, int] | None


def watch_document(
    build: Callable[[], DocumentExport],
    out: Path,
    first_sources: list[Path],
    interval: float = POLL_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[WatchEvent]:
    """Keep ``out`` equal to what ``build`` makes: build now, then again whenever one of
    the files it read, or ``out`` itself (deleted, edited by hand), changes (polled every
    ``interval`` seconds), forever.

    A build that fails (a document half written by LaTeX, a missing include) leaves
    ``out`` as it was and is tried again at the next change.
    """
    watched: dict[Path, Stamp] = {}
    sources = [*first_sources, out]
    while True:
        before = {path: _stamp(path) for path in sources}
        if before != watched:
            event, found = _round(build, out, sources)
            sources = list(dict.fromkeys([*found, out]))
            # Files already watched keep the stamps seen before the build, so a change
            # made while it ran is seen at the next poll; ``out`` is as this round left it.
            watched = {path: before[path] if path in before else _stamp(path) for path in sources}
            watched[out] = _stamp(out)
            yield event
        sleep(interval)


def _round(
    build: Callable[[], DocumentExport], out: Path, sources: list[Path]
) -> tuple[WatchEvent, list[Path]]:
    """One build and write: the event, and the files to watch from now on."""
    try:
        done = build()
        text = "".join(done.chunks)
    except PapercliError as exc:
        reached = list(getattr(exc, "files", ()))
        return WatchEvent("failed", messages=(str(exc),)), list(dict.fromkeys(sources + reached))
    messages = [*done.warnings, *([str(done.missing)] if done.missing else [])]
    papers = len(done.cited.entries)
    if _current(out) == text.encode("utf-8"):
        return WatchEvent("same", papers, tuple(messages), done.problems), done.sources
    try:
        atomic_write_text(out, text)
    except OSError as exc:
        message = f"cannot write {out}: {exc.strerror or exc}"
        return WatchEvent("failed", messages=(message,)), done.sources
    return WatchEvent("wrote", papers, tuple(messages), done.problems), done.sources


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _stamp(path: Path) -> Stamp:
    """What tells a file changed: modification time, size, inode; None when absent."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)
