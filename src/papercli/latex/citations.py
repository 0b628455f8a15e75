"""What one LaTeX file says about citations: the keys it cites and the files it pulls in.

An ``.aux`` file lists keys as ``\\citation{a,b}`` lines (BibTeX's own input; biblatex
writes ``\\abx@aux@cite{0}{a}`` and ``\\abx@aux@nociteall``, also read) and names the .aux of
each ``\\include``d file in an ``\\@input{chap1.aux}`` line. In ``.tex`` source every
``\\cite``-family command counts, natbib's and biblatex's included (``\\citep``, ``\\citet*``,
``\\citeauthor``, ``\\parencite``, ``\\textcite``, ``\\autocite``, ``\\footcite``, ``\\Cite``...),
with their optional notes (``\\citep[see][p.~4]{a, b}``), biblatex's multi-cites
(``\\cites[4]{a}[see][]{b}``) and ``\\nocite``; files come from ``\\input``, ``\\include``,
``\\subfile``, ``\\import`` and ``\\subimport``. ``%`` comments and verbatim-like
environments are skipped. ``\\nocite{*}`` (every entry) comes back as the key ``*``.

Text in, items out, in document order: following the files is ``latex.document``'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# .aux lines: \citation{a,b}, biblatex's \abx@aux@cite{<section>}{key} (older: one argument),
# \abx@aux@nociteall (\nocite{*}), and \@input{file.aux}.
_AUX = re.compile(
    r"\\citation\{(?P<cite>[^}]*)\}"
    r"|\\abx@aux@cite(?:\{[^}]*\})?\{(?P<abx>[^}]*)\}"
    r"|(?P<all>\\abx@aux@nociteall)"
    r"|\\@input\{(?P<input>[^}]*)\}"
)
_AUX_LINE = re.compile(r"^\s*\\[A-Za-z@]", re.MULTILINE)

# A control word: cite commands are found by name (see _is_cite), files by _FILE_COMMANDS.
_COMMAND = re.compile(r"\\([A-Za-z]+)")
_CITE_NAME = re.compile(r"(?:[A-Za-z]*cite|Cite)[A-Za-z]*|bibentry")
_NOT_CITES = frozenset({"citestyle", "setcitestyle", "citetext", "citeindextrue", "citereset"})
# name -> (kind, path arguments): \input{f} \include{f} \subfile{f}; \import{dir}{f}...
_FILE_COMMANDS = {
    "input": ("input", 1),
    "include": ("include", 1),
    "subfile": ("subfile", 1),
    "import": ("import", 2),
    "inputfrom": ("import", 2),
    "includefrom": ("import", 2),
    "subimport": ("subimport", 2),
    "subinputfrom": ("subimport", 2),
    "subincludefrom": ("subimport", 2),
}
_COMMENT = re.compile(r"((?:^|[^\\])(?:\\\\)*)%.*")
# Inline verbatim shows a command without running it: ``\verb|\cite{x}|``, ``\verb*+..+``,
# ``\lstinline|..|`` or ``\lstinline{..}`` (one line each, as TeX reads them).
_INLINE_VERBATIM = re.compile(
    r"(?<!\\)\\(?:verb\*?|lstinline)"
    r"(?:([^\sa-zA-Z*{])[^\n]*?\1|\{(?:[^{}\n]|\{[^{}\n]*\})*\})"
)
_SKIPPED_ENVS = re.compile(
    r"\\begin\{(verbatim\*?|Verbatim|lstlisting|minted|comment)\}.*?\\end\{\1\}", re.DOTALL
)
_BAD_KEY_CHARS = re.compile(r"[\\#{}\s]")


@dataclass(frozen=True)
class Item:
    """One thing a file says, at ``line``: ``cite`` (``key``) or a file it reads.

    ``kind`` is ``cite``, ``input``, ``include``, ``subfile``, ``import`` or ``subimport``
    (the ``...from`` spellings of the import package are their synonyms), or ``aux`` for
    an .aux file's ``\\@input``. ``path`` is the file as written; ``folder`` the first
    argument of ``\\import``/``\\subimport``.
    """

    kind: str
    line: int
    key: str = ""
    path: str = ""
    folder: str = ""


def looks_like_aux(text: str) -> bool:
    """True when ``text`` has the control-sequence lines every LaTeX .aux file has."""
    return _AUX_LINE.search(text) is not None


def aux_items(text: str) -> list[Item]:
    """The citations and ``\\@input`` lines of an .aux file, in order."""
    items: list[Item] = []
    lines = _LineCounter(text)
    for match in _AUX.finditer(text):
        line = lines.at(match.start())
        if match["input"] is not None:
            items.append(Item("aux", line, path=match["input"].strip()))
        elif match["all"] is not None:
            items.append(Item("cite", line, key="*"))
        else:
            group = match["cite"] if match["cite"] is not None else match["abx"]
            items += [Item("cite", line, key=k) for k in _split(group)]
    return items


def tex_items(text: str) -> list[Item]:
    """The citations and file commands of LaTeX source, in order, comments skipped."""
    source = _strip(text)
    items: list[Item] = []
    lines = _LineCounter(source)
    for match in _COMMAND.finditer(source):
        name, end = match[1], match.end()
        if name in _FILE_COMMANDS or (_CITE_NAME.fullmatch(name) and name not in _NOT_CITES):
            items += _command_items(source, name, end, lines.at(match.start()))
    return items


class _LineCounter:
    """Line numbers of increasing offsets in one text, counted once."""

    def __init__(self, text: str) -> None:
        self._text, self._offset, self._line = text, 0, 1

    def at(self, offset: int) -> int:
        self._line += self._text.count("\n", self._offset, offset)
        self._offset = offset
        return self._line


def keys_from_aux(text: str) -> list[str]:
    """Keys of the ``\\citation`` (and biblatex) lines of one .aux file."""
    return _keys(aux_items(text))


def keys_from_tex(text: str) -> list[str]:
    """Keys of every ``\\cite``-family command of one piece of LaTeX source."""
    return _keys(tex_items(text))


def _keys(items: list[Item]) -> list[str]:
    return list(dict.fromkeys(item.key for item in items if item.kind == "cite"))


def _strip(text: str) -> str:
    """``text`` without comments and verbatim-like environments, line numbers kept."""
    lines = (_COMMENT.sub(r"\1", _INLINE_VERBATIM.sub("", line)) for line in text.splitlines())
    source = "\n".join(lines)
    return _SKIPPED_ENVS.sub(lambda m: "\n" * m[0].count("\n"), source)


def _command_items(source: str, name: str, at: int, line: int) -> list[Item]:
    """The items of the command ``name`` whose arguments start at ``at``."""
    at = _skip_star(source, at)
    if name in _FILE_COMMANDS:
        kind, count = _FILE_COMMANDS[name]
        args = _arguments(source, at, count)
        if args is None:
            return [] if name != "input" else _bare_input(source, at, line)
        if len(args) == 1:
            return [Item(kind, line, path=args[0])] if _usable(args[0]) else []
        folder, path = args
        return [Item(kind, line, path=path, folder=folder)] if _usable(folder + path) else []
    groups: list[str] = []
    multi = name.endswith("cites")
    if multi:  # biblatex: \cites(pre)(post)[pre][post]{a}[pre][post]{b}...
        at = _skip_notes(source, at, "(", ")")
    while True:
        at = _skip_notes(source, at, "[", "]")
        group = _braced(source, at)
        if group is None:
            break
        groups.append(group[0])
        at = group[1]
        if not multi:
            break
    return [Item("cite", line, key=k) for g in groups for k in _split(g)]


def _bare_input(source: str, at: int, line: int) -> list[Item]:
    """TeX's own ``\\input file`` form (no braces): the name runs to the next space."""
    match = re.compile(r"[ \t]+([^\s{}\\%]+)").match(source, at)
    return [Item("input", line, path=match[1])] if match else []


def _usable(path: str) -> bool:
    """False for a path built by a macro (``\\input{\\jobname.x}``, ``#1``): not followable."""
    return bool(path.strip()) and not re.search(r"[\\#]", path)


def _skip_star(source: str, at: int) -> int:
    return at + 1 if source.startswith("*", at) else at


def _skip_notes(source: str, at: int, opening: str, closing: str) -> int:
    """Past up to two ``[pre][post]`` (or ``(pre)(post)``) notes starting at ``at``."""
    for _ in range(2):
        start = _skip_space(source, at)
        if not source.startswith(opening, start):
            return at
        end = _note_end(source, start + 1, closing)
        if end < 0:
            return at
        at = end + 1
    return at


def _note_end(source: str, at: int, closing: str) -> int:
    """Where the note opened before ``at`` closes (braces inside it are skipped), or -1."""
    depth = 0
    for i in range(at, min(len(source), at + 2000)):
        char = source[i]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == closing and depth <= 0:
            return i
    return -1


def _braced(source: str, at: int) -> tuple[str, int] | None:
    """The ``{...}`` group starting at ``at`` (after spaces): its text and the end."""
    start = _skip_space(source, at)
    if not source.startswith("{", start):
        return None
    depth = 0
    for i in range(start, min(len(source), start + 10000)):
        if source[i] == "{":
            depth += 1
        elif source[i] == "}":
            depth -= 1
            if depth == 0:
                return source[start + 1 : i], i + 1
    return None


def _arguments(source: str, at: int, count: int) -> list[str] | None:
    """``count`` braced arguments in a row, stripped; None when they are not there."""
    args = []
    for _ in range(count):
        group = _braced(source, at)
        if group is None:
            return None
        args.append(group[0].strip())
        at = group[1]
    return args


def _skip_space(source: str, at: int) -> int:
    while at < len(source) and source[at] in " \t\n":
        at += 1
    return at


def _split(group: str) -> list[str]:
    """The keys of one ``{a, b}`` argument; macro parameters and the like (``#1``) dropped."""
    keys = (k.strip() for k in group.split(","))
    return [k for k in keys if k and not _BAD_KEY_CHARS.search(k)]
