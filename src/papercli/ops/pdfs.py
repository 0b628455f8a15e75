"""Papers' PDFs: attached from disk, fetched from arXiv, detached, and their text indexed.

Every change is one paper at a time under the writer lock (file first, then the entry
that names it), so a cancelled fetch keeps every paper that finished and leaves no
partial file (``store.pdfs`` writes through temp files).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from papercli.errors import InputError, PapercliError
from papercli.model import Entry
from papercli.sources.http import HttpClient
from papercli.store import Store
from papercli.store.pdfs import MAX_PDF_BYTES, pdf_problem

# What a PDF may be served as: arXiv says application/pdf; mirrors and proxies vary.
PDF_TYPES = frozenset(
    {"", "application/pdf", "application/x-pdf", "application/octet-stream", "binary/octet-stream"}
)


@dataclass
class Outcome:
    """What happened to one paper: ``fetched``, ``present``, ``skipped`` (no arXiv id)
    or ``failed``, and why."""

    key: str
    state: str
    detail: str = ""

    def to_dict(self) -> dict[str, str]:
        """Plain data for ``--json``."""
        return {"key": self.key, "state": self.state, "detail": self.detail}


def has_pdf(store: Store, entry: Entry) -> bool:
    """True when the entry names a PDF that is on disk."""
    return bool(entry.pdf) and store.pdfs.resolve(entry.pdf or "").is_file()


def attach(store: Store, ref: str, source: Path, move: bool = False) -> Entry:
    """Copy (or move) the PDF at ``source`` into the library as ``ref``'s file; the entry
    as written. A file the paper had is replaced."""
    store.require()
    with store.transaction():
        entry = store.get(ref, "nothing was attached")
        digest = store.pdfs.put_file(entry.key, source, move=move)
        new = dataclasses.replace(entry, pdf=store.pdfs.relative(entry.key), pdf_sha256=digest)
        store.write_one(new)
    return new


def detach(store: Store, ref: str) -> tuple[Entry, bool]:
    """Forget ``ref``'s PDF and delete the file; (the entry as written, whether a file
    was deleted). InputError when the paper has no PDF."""
    store.require()
    with store.transaction():
        entry = store.get(ref, "nothing was detached")
        if entry.pdf is None and not store.pdfs.has(entry.key):
            raise InputError(f"{entry.key} has no PDF; nothing was detached")
        new = dataclasses.replace(entry, pdf=None, pdf_sha256=None)
        store.write_one(new)  # the entry first: a crash leaves a file no entry owns
        deleted = store.pdfs.remove(entry.key)
    return new, deleted


def pdf_url(entry: Entry, base: str) -> str | None:
    """Where arXiv serves the entry's PDF (the version it names, else the latest)."""
    if not entry.arxiv_id or not entry.arxiv_id.strip():
        return None
    return f"{base.rstrip('/')}/{entry.arxiv_id.strip()}"


def fetch(
    store: Store,
    entries: Sequence[Entry],
    client: HttpClient,
    base: str,
    delay: float,
    done: Callable[[Outcome], None] = lambda _: None,
) -> list[Outcome]:
    """Download the arXiv PDF of each entry that has none; an Outcome for each, in order.

    Requests keep ``delay`` seconds apart (arXiv's rule for its API). A failed paper does
    not stop the others; ``done`` hears of each outcome as it happens (progress).
    """
    store.require()
    with store.transaction():
        store.pdfs.remove_temp_files()  # of a run that was killed
    client.max_bytes = MAX_PDF_BYTES
    outcomes = []
    for entry in entries:
        outcome = _fetch_one(store, entry, client, base, delay)
        outcomes.append(outcome)
        done(outcome)
    return outcomes


def _fetch_one(store: Store, entry: Entry, client: HttpClient, base: str, delay: float) -> Outcome:
    if has_pdf(store, entry):
        return Outcome(entry.key, "present", entry.pdf or "")
    url = pdf_url(entry, base)
    if url is None:
        return Outcome(entry.key, "skipped", "no arXiv id")
    try:
        response = client.get(url, pause=delay, accept="application/pdf")
    except PapercliError as exc:
        return Outcome(entry.key, "failed", str(exc))
    if response.status == 404:
        return Outcome(entry.key, "failed", f"not found at {url} (HTTP 404)")
    problem = pdf_problem(response.body[:1024], len(response.body))
    if problem is None and response.content_type not in PDF_TYPES:
        problem = f"was served as {response.content_type}, not a PDF"
    if problem:
        return Outcome(entry.key, "failed", f"the answer from {url} {problem}; not saved")
    try:
        with store.transaction():
            fresh = store.get(entry.key)
            digest = store.pdfs.put_chunks(fresh.key, [response.body])
            relative = store.pdfs.relative(fresh.key)
            store.write_one(dataclasses.replace(fresh, pdf=relative, pdf_sha256=digest))
    except PapercliError as exc:
        return Outcome(entry.key, "failed", str(exc))
    return Outcome(entry.key, "fetched", f"{len(response.body):,} bytes")


def file_size(store: Store, entry: Entry) -> int:
    """The size of the entry's PDF in bytes (0 when it has none on disk)."""
    if not entry.pdf:
        return 0
    try:
        return os.stat(store.pdfs.resolve(entry.pdf)).st_size
    except OSError:
        return 0


def open_target(store: Store, entry: Entry, want: str = "auto") -> tuple[str, str]:
    """What ``open`` shows: ("pdf", path) or ("page", url). ``want``: ``auto`` (the PDF
    when there is one, else the web page), ``pdf`` or ``page``; InputError when missing."""
    from papercli.ops.links import require_url

    if want != "page" and has_pdf(store, entry):
        return "pdf", str(store.pdfs.resolve(entry.pdf or ""))
    if want == "pdf":
        hint = (
            f"papercli pdf {entry.key}" if entry.arxiv_id else f"papercli attach {entry.key} FILE"
        )
        raise InputError(f"{entry.key} has no PDF in the library; try {hint}")
    return "page", require_url(entry)


def open_pdf(path: str, viewer: str | None) -> None:
    """Start ``viewer`` (a command line; default: the system's opener) on ``path`` without
    waiting for it; InputError when it cannot start."""
    import shlex
    import subprocess
    import sys

    if viewer:
        command = [*shlex.split(viewer), path]
    elif sys.platform == "darwin":
        command = ["open", path]
    elif sys.platform.startswith("win"):
        os.startfile(path)  # type: ignore[attr-defined]
        return
    else:
        command = ["xdg-open", path]
    try:
        subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as exc:
        raise InputError(
            f"cannot start {command[0]} ({exc.strerror or exc}); set $PAPERCLI_PDF_VIEWER "
            "or use --print"
        ) from None
