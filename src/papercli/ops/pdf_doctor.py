"""Doctor's checks of the PDFs: files missing, files no entry owns, changed bytes, no text."""

from __future__ import annotations

from pathlib import Path

from papercli.errors import PapercliError
from papercli.ops.problems import Problem
from papercli.store import Store
from papercli.store.files import LoadedEntries, library_fulltext_path
from papercli.store.fulltext import open_fulltext
from papercli.store.pdfs import key_of_pdf_name, sha256_file


def pdf_problems(store: Store, loaded: LoadedEntries) -> list[Problem]:
    """Entries whose PDF is missing or changed, PDFs no entry owns, PDFs without text."""
    problems: list[Problem] = []
    owned: set[str] = set()
    stamps = _indexed_stamps(store)
    for entry in loaded.entries:
        if not entry.pdf:
            continue
        path = store.pdfs.resolve(entry.pdf)
        owned.add(path.name)
        if not path.is_file():
            problems.append(
                Problem(
                    "pdf-missing",
                    f"{entry.key}: its PDF {entry.pdf} is missing; attach it again or "
                    f"papercli detach {entry.key}",
                    [entry.pdf],
                )
            )
        elif entry.pdf_sha256 and _sha(path, entry.key, stamps) != entry.pdf_sha256:
            problems.append(
                Problem(
                    "pdf-checksum",
                    f"{entry.key}: {entry.pdf} is not the file that was attached (its "
                    "SHA-256 differs); attach the right one again",
                    [entry.pdf],
                )
            )
    for path in store.pdfs.files():
        if path.name not in owned:
            rel = store.relative(path)
            key = key_of_pdf_name(path.name)
            hint = f"papercli attach {key} {rel}" if key else "move or delete it"
            problems.append(Problem("pdf-orphan", f"{rel}: no entry names this PDF; {hint}", [rel]))
    for path in store.pdfs.temp_files():
        rel = store.relative(path)
        problems.append(Problem("temp-file", f"{rel}: left by an interrupted download", [rel]))
    problems.extend(_no_text(store))
    return problems


def _indexed_stamps(store: Store) -> dict[str, tuple[str, int, int]]:
    path = library_fulltext_path(store.root)
    try:
        with open_fulltext(path, create=False) as ft:
            return ft.stamps() if ft is not None else {}
    except PapercliError:
        return {}


def _sha(path: Path, key: str, stamps: dict[str, tuple[str, int, int]]) -> str:
    """The file's SHA-256: the full-text index's, when it saw this very file (size and
    mtime), else hashed now."""
    st = path.stat()
    known = stamps.get(key)
    if known and known[1:] == (st.st_size, st.st_mtime_ns):
        return known[0]
    return sha256_file(path)


def _no_text(store: Store) -> list[Problem]:
    from papercli.ops.fulltext import sync_fulltext, unreadable

    try:
        sync_fulltext(store, force=True)  # a file overwritten in place is read again
        rows = unreadable(store)
    except PapercliError as exc:
        return [Problem("pdf-no-text", f"cannot read the PDFs' text: {exc}")]
    return [
        Problem(
            "pdf-no-text",
            f"{key}: the PDF {why}; search --fulltext will not find it",
            [store.pdfs.relative(key)],
        )
        for key, why in rows
    ]
