"""The library's PDF files: ``pdfs/<key>.pdf``, written atomically, checked, hashed.

The store owns them as it owns the entry files: nothing else writes under ``pdfs/``. A
file lands through a temp file in the same folder (``.papercli-*.pdf.tmp``), fsynced and
renamed, so a reader, a crash or Ctrl-C never sees half a PDF. Every file is checked
first: the PDF header (``%PDF-``) within its first 1,024 bytes, as readers accept it, and
a size cap.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from papercli.errors import InputError, LibraryError
from papercli.store.atomic import TEMP_PREFIX, fsync_dir
from papercli.store.keyfiles import filename_for_key, key_for_filename

PDF_DIR = "pdfs"
PDF_SUFFIX = ".pdf"
PDF_TEMP_SUFFIX = ".pdf.tmp"
MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024
MAX_PDF_BYTES = 200_000_000
_CHUNK = 1 << 20


class NotAPdfError(InputError):
    """Bytes that are not a PDF (no ``%PDF-`` header), or an empty file."""


def looks_like_pdf(head: bytes) -> bool:
    """True when ``head`` (a file's first bytes) carries the PDF header."""
    return MAGIC in head[:MAGIC_WINDOW]


def pdf_problem(head: bytes, size: int) -> str | None:
    """Why a file of ``size`` bytes starting with ``head`` is not a usable PDF, or None."""
    if size == 0:
        return "is empty (0 bytes)"
    if size > MAX_PDF_BYTES:
        return f"is larger than {MAX_PDF_BYTES:,} bytes"
    if not looks_like_pdf(head):
        if head.lstrip()[:1] == b"<":
            return "is not a PDF (it is an HTML or XML page)"
        return "is not a PDF (no %PDF- header)"
    return None


def sha256_file(path: Path) -> str:
    """The SHA-256 of the file at ``path``, in hex."""
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def pdf_file_name(key: str) -> str:
    """``<key>.pdf``, the key encoded as the entry file name encodes it."""
    return filename_for_key(key).removesuffix(".yaml") + PDF_SUFFIX


def key_of_pdf_name(name: str) -> str | None:
    """The key whose PDF is called ``name``, or None."""
    if not name.endswith(PDF_SUFFIX) or name.startswith("."):
        return None
    return key_for_filename(name.removesuffix(PDF_SUFFIX) + ".yaml")


class PdfFiles:
    """The ``pdfs/`` folder of a library (the caller holds the writer lock to change it)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / PDF_DIR

    def relative(self, key: str) -> str:
        """What an entry records for its file: ``pdfs/<key>.pdf``."""
        return f"{PDF_DIR}/{pdf_file_name(key)}"

    def path(self, key: str) -> Path:
        """Where ``key``'s PDF lives."""
        return self.folder / pdf_file_name(key)

    def resolve(self, recorded: str) -> Path:
        """The file an entry's ``pdf`` field names (relative to the library)."""
        return self.root / recorded

    def has(self, key: str) -> bool:
        """True when ``key``'s PDF is on disk."""
        return self.path(key).is_file()

    def put_file(self, key: str, source: Path, move: bool = False) -> str:
        """Copy (or move) the PDF at ``source`` to ``key``'s place; its SHA-256.

        The source is checked first and left untouched when anything fails.
        """
        try:
            with source.open("rb") as handle:
                problem = pdf_problem(handle.read(MAGIC_WINDOW), source.stat().st_size)
        except IsADirectoryError:
            raise InputError(f"{source} is a folder, not a PDF") from None
        except OSError as exc:
            raise InputError(f"cannot read {source}: {_short(exc)}") from None
        if problem:
            raise NotAPdfError(f"{source} {problem}; nothing was attached")
        with source.open("rb") as handle:
            digest = self._land(key, iter(lambda: handle.read(_CHUNK), b""))
        if move:
            try:
                source.unlink()
            except OSError as exc:
                raise LibraryError(
                    f"copied {source} into the library but cannot remove it: {_short(exc)}"
                ) from None
        return digest

    def put_chunks(self, key: str, chunks: Iterable[bytes]) -> str:
        """Write ``chunks`` (a checked download) as ``key``'s PDF; its SHA-256."""
        return self._land(key, chunks)

    def _land(self, key: str, chunks: Iterable[bytes]) -> str:
        import hashlib

        target = self.path(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=TEMP_PREFIX, suffix=PDF_TEMP_SUFFIX)
        except OSError as exc:
            raise LibraryError(f"cannot write to {self.folder}: {_short(exc)}") from None
        digest = hashlib.sha256()
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise LibraryError(f"cannot write {target}: {_short(exc)}") from None
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        fsync_dir(self.folder)
        return digest.hexdigest()

    def link(self, old_key: str, new_key: str) -> str | None:
        """Give ``old_key``'s PDF the name of ``new_key`` too (a rename's first step: the old
        name goes with ``remove`` once the entry is written): ``linked``, ``same`` (one name
        on a case-blind disk: nothing to remove after) or None when there is no file."""
        old, new = self.path(old_key), self.path(new_key)
        if not old.is_file():
            return None
        try:
            if new.exists() and old.samefile(new):
                return "same"  # a case-only rename on a case-blind disk
            try:
                os.link(old, new)
            except FileExistsError:
                raise LibraryError(f"cannot rename {old}: {new} already exists") from None
            except OSError:
                import shutil

                shutil.copy2(old, new)  # a file system without hard links
        except OSError as exc:
            raise LibraryError(f"cannot rename {old} to {new.name}: {_short(exc)}") from None
        return "linked"

    def remove(self, key: str) -> bool:
        """Delete ``key``'s PDF; False when there was none."""
        try:
            self.path(key).unlink()
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise LibraryError(f"cannot delete {self.path(key)}: {_short(exc)}") from None
        return True

    def files(self) -> Iterator[Path]:
        """Every PDF in the folder (temp files excluded), in name order."""
        if not self.folder.is_dir():
            return iter(())
        names = sorted(os.listdir(self.folder))
        return (self.folder / n for n in names if n.endswith(PDF_SUFFIX) and n[0] != ".")

    def temp_files(self) -> list[Path]:
        """Leftovers of interrupted writes (a killed download)."""
        if not self.folder.is_dir():
            return []
        return sorted(
            self.folder / n
            for n in os.listdir(self.folder)
            if n.startswith(TEMP_PREFIX) and n.endswith(PDF_TEMP_SUFFIX)
        )

    def remove_temp_files(self) -> list[Path]:
        """Delete leftover temp files (the caller holds the lock); those removed."""
        done = []
        for path in self.temp_files():
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                done.append(path)
        return done


def _short(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc).splitlines()[0]
