"""Keeping the full-text index in step with the library's PDFs.

A PDF's text is extracted once: the index remembers each file's size and mtime (and
hash), and a sync extracts only files that are new or changed and drops texts whose file
went. The ``pdfs/`` folder's own mtime changes whenever a file lands, goes or is renamed
(every write is a rename), so when it has not moved since the last sync a search costs
one ``stat``. Extraction runs ``pdftotext`` in a pool of threads (each a process of its
own, so every core works) while this process cuts the text into terms.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from papercli.store import Store
from papercli.store.files import library_fulltext_path
from papercli.store.pdfs import key_of_pdf_name, sha256_file

if TYPE_CHECKING:  # loaded when a library has PDFs: every search asks, most have none
    from papercli.store.fulltext import Document, FullText

FOLDER_STAMP = "pdfs_folder_mtime_ns"
BATCH = 50


@dataclass
class SyncReport:
    """What a sync did: texts indexed and dropped, and PDFs without readable text."""

    indexed: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    extractor: str = ""


def folder_stamp(folder: Path) -> str | None:
    """The ``pdfs/`` folder's mtime (ns) as text, or None when there is no folder."""
    try:
        return str(os.stat(folder).st_mtime_ns)
    except OSError:
        return None


def sync_fulltext(
    store: Store,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    force: bool = False,
) -> SyncReport:
    """Extract and index the text of every PDF new or changed since the last sync."""
    report = SyncReport()
    stamp = folder_stamp(store.pdfs.folder)
    path = library_fulltext_path(store.root)
    if stamp is None and not path.exists():
        return report
    from papercli.store.fulltext import open_fulltext

    with open_fulltext(path) as ft:
        assert ft is not None
        if not force and stamp is not None and ft.meta(FOLDER_STAMP) == stamp:
            return report
        _sync(store, ft, workers, progress, report)
        if stamp is not None:
            ft.set_meta(FOLDER_STAMP, stamp)
    return report


def _sync(
    store: Store,
    ft: FullText,
    workers: int | None,
    progress: Callable[[int, int], None] | None,
    report: SyncReport,
) -> None:
    known = ft.stamps()
    on_disk = _pdf_stamps(store)
    gone = {known[k][1:]: k for k in known if k not in on_disk}
    todo = []
    for key, (path, st) in sorted(on_disk.items()):
        if key in known and known[key][1:] == (st.st_size, st.st_mtime_ns):
            continue
        renamed = gone.pop((st.st_size, st.st_mtime_ns), None)
        if renamed is not None and known[renamed][0] == sha256_file(path):
            ft.rename(renamed, key)  # a rekey or merge: the same file under a new name
            continue
        todo.append((key, path, st))
    report.dropped = sorted(gone.values())
    ft.forget(report.dropped)
    if not todo:
        return
    from papercli.store.pdf_text import extractor_name

    report.extractor = extractor_name()
    batch: list[Document] = []
    for n, doc in enumerate(_extracted(todo, report.extractor, workers), 1):
        batch.append(doc)
        report.indexed.append(doc.key)
        if doc.problem:
            report.problems.append((doc.key, doc.problem))
        if len(batch) >= BATCH:
            ft.store(batch)
            batch = []
        if progress:
            progress(n, len(todo))
    ft.store(batch)


def _pdf_stamps(store: Store) -> dict[str, tuple[Path, os.stat_result]]:
    """key -> (file, stat) of every PDF in ``pdfs/`` whose key has an entry file."""
    keys = set(store.all_keys())
    out = {}
    for path in store.pdfs.files():
        key = key_of_pdf_name(path.name)
        if key is None or key not in keys:
            continue
        try:
            out[key] = (path, path.stat())
        except OSError:
            continue
    return out


def _extracted(
    todo: list[tuple[str, Path, os.stat_result]], extractor: str, workers: int | None
) -> Iterator[Document]:
    """Each file's Document, in order, extracted ``workers`` at a time."""
    from concurrent.futures import ThreadPoolExecutor

    from papercli.store.fulltext import Document
    from papercli.store.pdf_text import extract

    def one(item: tuple[str, Path, os.stat_result]) -> Document:
        key, path, st = item
        text = extract(path, extractor)
        digest = sha256_file(path)
        return Document(key, digest, st.st_size, st.st_mtime_ns, text.pages, text.problem)

    count = workers or max(2, (os.cpu_count() or 1) * 2)
    if len(todo) == 1:
        yield one(todo[0])
        return
    with ThreadPoolExecutor(max_workers=count) as pool:
        yield from pool.map(one, todo)


def unreadable(store: Store) -> list[tuple[str, str]]:
    """(key, why) for PDFs whose text could not be read, as of the last sync."""
    from papercli.store.fulltext import open_fulltext

    path = library_fulltext_path(store.root)
    with open_fulltext(path, create=False) as ft:
        return ft.problems() if ft is not None else []


def rename_text(store: Store, old_key: str, new_key: str) -> None:
    """Move the indexed text of ``old_key`` to ``new_key`` (a rekey keeps the same file)."""
    from papercli.store.fulltext import open_fulltext

    path = library_fulltext_path(store.root)
    with open_fulltext(path, create=False) as ft:
        if ft is not None:
            ft.rename(old_key, new_key)
