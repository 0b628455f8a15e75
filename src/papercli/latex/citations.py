"""The citation keys a LaTeX document uses: from its ``.aux`` file or its ``.tex`` source.

An ``.aux`` file lists them as ``\\citation{a,b}`` lines (BibTeX's own input; biblatex
writes ``\\abx@aux@cite{0}{a}``, also read). In ``.tex`` source every ``\\cite``-family
command counts, natbib's and biblatex's included (``\\citep``, ``\\citet*``, ``\\citeauthor``,
``\\parencite``, ``\\textcite``, ``\\autocite``, ``\\footcite``, ``\\Cite``...), with their
optional arguments (``\\citep[see][p.~4]{a, b}``) and ``\\nocite``; ``%`` comments are skipped.
``\\nocite{*}`` (every entry) comes back as ``*``. Keys come back in order of first use,
repeats dropped.
"""

from __future__ import annotations

import re

_AUX = re.compile(r"\\citation\{([^}]*)\}|\\abx@aux@cite\{[^}]*\}\{([^}]*)\}")
_CITE = re.compile(
    r"\\(?:[A-Za-z]*cite[A-Za-z]*|nocite)\*?"  # \cite \citep \parencite \Textcite \nocite
    r"(?:\s*\[[^\]]*\]){0,2}"  # optional pre- and postnote
    r"\s*\{([^}]*)\}"
)
_COMMENT = re.compile(r"(?<!\\)%.*")


def _split(groups: list[str]) -> list[str]:
    keys = (k.strip() for group in groups for k in group.split(","))
    return list(dict.fromkeys(k for k in keys if k))


def keys_from_aux(text: str) -> list[str]:
    """Keys of the ``\\citation`` (and biblatex ``\\abx@aux@cite``) lines of an .aux file."""
    return _split([a or b for a, b in _AUX.findall(text)])


def keys_from_tex(text: str) -> list[str]:
    """Keys of every ``\\cite``-family command of LaTeX source, comments skipped."""
    source = "\n".join(_COMMENT.sub("", line) for line in text.splitlines())
    return _split(_CITE.findall(source))
