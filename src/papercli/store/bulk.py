"""Writing a large batch of entries (an import) and recording it in the index.

Workers make the file texts and index rows, a thread stages temp files, and the main
thread renames them into place and fills sqlite batch by batch. Ctrl-C (or any error)
stops it between files: staged temp files are removed, what was renamed is recorded.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from papercli.errors import Interrupted
from papercli.model import Entry
from papercli.store.atomic import StagedWrites
from papercli.store.files import Library
from papercli.store.index import Index
from papercli.store.index_rows import EntryRow, entry_files_and_rows

WRITE_BATCH = 1000


def write_and_record(
    library: Library,
    index: Index,
    to_write: list[Entry],
    progress: Callable[[int, int], None] | None,
) -> None:
    """Write the entry files batch by batch and record each written batch in the index.

    Three things overlap: worker processes make the next batches' file texts and index
    rows, a thread writes and syncs one batch's temp files, and this thread renames the
    batch staged before it into place and fills sqlite with it (file syscalls and sqlite
    both release the GIL). Renames happen here so that Ctrl-C stops them between files.
    """
    made = entry_files_and_rows(to_write, WRITE_BATCH)
    starts = range(0, len(to_write), WRITE_BATCH)
    stop = threading.Event()
    staging: list[tuple[Future[StagedWrites], list[EntryRow], int]] = []
    placed: list[StagedWrites] = []  # batches being renamed: an interrupted import counts them
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="papercli-write") as writer:
        try:
            for start, pairs in zip(starts, made, strict=True):
                batch = to_write[start : start + WRITE_BATCH]
                texts = [text for text, _ in pairs]
                rows = [row for _, row in pairs]
                # Submitted and listed in one statement (rows made first), so a Ctrl-C has next to
                # no moment to leave a staged batch the cleanup below does not know of.
                staging.append(
                    (
                        writer.submit(library.stage_many, batch, texts, stop.is_set),
                        rows,
                        start + len(batch),
                    )
                )
                if len(staging) > 1:
                    _commit_and_record(library, index, *staging[0], len(to_write), placed, progress)
                    staging.pop(0)  # only once in place: Ctrl-C while it waits still discards it
            if staging:
                _commit_and_record(library, index, *staging[0], len(to_write), placed, progress)
                staging.pop(0)
        except BaseException as exc:
            stop.set()  # Ctrl-C or an error: the writer stops, nothing more is renamed
            for staged, _, _ in staging:
                with contextlib.suppress(BaseException):
                    staged.result().discard()
            made.close()  # the workers' pool ends now, not as the interpreter exits
            if isinstance(exc, KeyboardInterrupt):
                raise _interrupted(sum(w.renamed for w in placed), len(to_write)) from None
            raise


def _commit_and_record(
    library: Library,
    index: Index,
    staged: Future[StagedWrites],
    rows: list[EntryRow],
    done: int,
    total: int,
    placed: list[StagedWrites],
    progress: Callable[[int, int], None] | None,
) -> None:
    """Rename a staged batch into place (here, so Ctrl-C stops it) and record it. The batch
    joins ``placed`` before its first rename, so its ``renamed`` count is read even when
    Ctrl-C stops the renames part-way."""
    writes = staged.result()
    placed.append(writes)
    library.commit(writes)
    index.record_rows(rows)
    if progress:
        progress(done, total)


def _interrupted(saved: int, total: int) -> Interrupted:
    """What Ctrl-C during the writes kept, and that running the import again completes it
    (papers already written are recognised and left as they are)."""
    if saved:
        return Interrupted(
            f"{saved} of {total} papers were saved; run the same import again to complete it"
        )
    return Interrupted(f"none of the {total} papers was saved; run the import again")
