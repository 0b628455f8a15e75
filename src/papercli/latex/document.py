"""Following a LaTeX document across its files, and collecting every key it cites.

Two readers: ``follow_aux`` starts at the .aux file LaTeX wrote for the main document and
follows its ``\\@input{chap1.aux}`` lines (one per ``\\include``); ``follow_tex`` starts at
the main .tex file and follows ``\\input``, ``\\include``, ``\\subfile``, ``\\import`` and
``\\subimport``. Paths resolve as LaTeX resolves them: an .aux's ``\\@input`` and a
``\\input{sec/intro}`` from the main document's folder (LaTeX runs there), ``.tex`` added
when the name has no such ending; inside ``\\import{dir}{file}`` (and ``\\subimport``,
``\\subfile``) nested inputs are looked for in the imported folder first. The folder of the
file that names a path is the fallback, so a hand-moved .aux still works.

Files are read through a ``read`` function (``read_source`` by default), so the rules are
testable without a disk. A file that is missing, unreadable, not text, not an .aux, or
part of an input loop stops the reading with a ``DocumentError`` naming it and the file that
pulls it in.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from papercli.errors import InputError
from papercli.latex.citations import Item, aux_items, looks_like_aux, tex_items

MAX_SOURCE_BYTES = 64 * 1024 * 1024

ReadFile = Callable[[Path], str]


class Unreadable(Exception):
    """A file that exists but cannot be read as LaTeX text; ``str()`` says why."""


class DocumentError(InputError):
    """A document that cannot be followed; ``files`` are those it reached (to watch)."""

    def __init__(self, message: str, files: tuple[Path, ...] = ()) -> None:
        super().__init__(message)
        self.files = files


@dataclass(frozen=True)
class Citation:
    """A key's first citation: where it is (``file``, ``line``)."""

    key: str
    file: Path
    line: int


@dataclass(frozen=True)
class Document:
    """What following a document found: its files in reading order, its citations."""

    main: Path
    files: tuple[Path, ...]
    citations: tuple[Citation, ...]

    @property
    def keys(self) -> list[str]:
        """The cited keys in order of first use (``*`` for ``\\nocite{*}``)."""
        return [c.key for c in self.citations]


def read_source(path: Path) -> str:
    """The UTF-8 text of the regular file ``path`` (a BOM dropped).

    FileNotFoundError when there is none; Unreadable for a folder, a device or pipe (which
    could block forever), a file over 64 MB, binary data or text that is not UTF-8; OSError
    for the rest (permissions, a symlink loop).
    """
    info = os.stat(path)
    if stat.S_ISDIR(info.st_mode):
        raise Unreadable("it is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise Unreadable("it is not a regular file")
    if info.st_size > MAX_SOURCE_BYTES:
        raise Unreadable(f"it is larger than {MAX_SOURCE_BYTES // 2**20} MB")
    data = path.read_bytes()
    if b"\0" in data:
        raise Unreadable("it is binary, not LaTeX text")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise Unreadable(
            f"it is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8"
        ) from None


def follow_aux(main: Path, read: ReadFile = read_source) -> Document:
    """Every citation of the .aux file ``main`` and the .aux files it ``\\@input``s."""
    return _Walk(main, read, aux=True).run()


def follow_tex(main: Path, read: ReadFile = read_source) -> Document:
    """Every citation of the LaTeX source ``main`` and the files it pulls in."""
    return _Walk(main, read, aux=False).run()


class _Walk:
    """One depth-first reading of a document, in LaTeX's order."""

    def __init__(self, main: Path, read: ReadFile, aux: bool) -> None:
        self.main, self.read, self.aux = main, read, aux
        self.files: list[Path] = []
        self.seen: set[str] = set()
        self.stack: list[tuple[str, Path]] = []  # (real path, shown path) being read
        self.citations: dict[str, Citation] = {}

    def run(self) -> Document:
        self.visit([self.main], self.main.parent, "")
        return Document(self.main, tuple(self.files), tuple(self.citations.values()))

    def visit(self, candidates: list[Path], base: Path, via: str) -> None:
        """Read the first of ``candidates`` that exists, then what it pulls in."""
        path, text = self.open(candidates, via)
        real = os.path.realpath(path)
        shown = [p for r, p in self.stack]
        if real in (r for r, _ in self.stack):
            start = [r for r, _ in self.stack].index(real)
            chain = " -> ".join(str(p) for p in [*shown[start:], path])
            command = "\\@input" if self.aux else "\\input"
            raise self.error(f"{command} loop: {chain}; LaTeX would never finish")
        if real in self.seen:
            return
        self.seen.add(real)
        self.files.append(path)
        if self.aux and not looks_like_aux(text):
            raise self.error(
                f"{path}{via} is not a LaTeX .aux file (no \\relax or \\citation lines); "
                "give the .aux file LaTeX wrote"
            )
        self.stack.append((real, path))
        for item in aux_items(text) if self.aux else tex_items(text):
            if item.kind == "cite":
                if item.key not in self.citations:
                    self.citations[item.key] = Citation(item.key, path, item.line)
                continue
            found, child_base = self.locate(item, path, base)
            self.visit(found, child_base, f" ({_written(item)} on line {item.line} of {path})")
        self.stack.pop()

    def locate(self, item: Item, here: Path, base: Path) -> tuple[list[Path], Path]:
        """Where ``item`` (in file ``here``, inputs looked for in ``base``) may be, and
        the folder its own inputs are looked for in."""
        home = self.main.parent
        if item.kind == "aux":
            return _unique([home / item.path, here.parent / item.path]), base
        if item.kind in ("input", "include"):
            return _unique(_tex_names(base / item.path) + _tex_names(home / item.path)), base
        if item.kind == "subfile":
            names = _tex_names(base / item.path) + _tex_names(here.parent / item.path)
            return _unique(names), (base / item.path).parent
        folder = (home if item.kind == "import" else base) / item.folder
        return _tex_names(folder / item.path), folder

    def open(self, candidates: list[Path], via: str) -> tuple[Path, str]:
        """The first of ``candidates`` that exists, and its text; DocumentError if none."""
        for path in candidates:
            try:
                return path, self.read(path)
            except FileNotFoundError:
                continue
            except Unreadable as exc:
                raise self.error(f"cannot read {path}{via}: {exc}") from None
            except OSError as exc:
                raise self.error(f"cannot read {path}{via}: {exc.strerror or exc}") from None
        self.files += candidates  # to watch: the file may appear later
        raise self.error(f"{candidates[0]}{via} does not exist")

    def error(self, message: str) -> DocumentError:
        return DocumentError(message, tuple(self.files))


def _tex_names(path: Path) -> list[Path]:
    """LaTeX's order: ``name.tex`` first unless the name ends in .tex, then the name."""
    if path.suffix == ".tex":
        return [path]
    return [path.with_name(path.name + ".tex"), path]


def _unique(paths: list[Path]) -> list[Path]:
    return list(dict.fromkeys(Path(os.path.normpath(p)) for p in paths))


def _written(item: Item) -> str:
    """How ``item`` reads in its file: ``\\input{sec/intro}``, ``\\import{dir/}{file}``."""
    if item.kind == "aux":
        return f"\\@input{{{item.path}}}"
    if item.folder or item.kind in ("import", "subimport"):
        return f"\\{item.kind}{{{item.folder}}}{{{item.path}}}"
    return f"\\{item.kind}{{{item.path}}}"
