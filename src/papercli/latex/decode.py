"""LaTeX as BibTeX files hold it -> plain Unicode text (``Mat{\\'e}rn`` -> ``Matérn``).

Decoded with pylatexenc (installed with bibtexparser), which knows far more of LaTeX than
a table would: accents in every spelling, ``\\textbackslash``, ``--`` and ``---``, quotes,
font commands. What it lacks is added here (``\\textbraceleft``, ``\\textless``, ``\\mbox``,
the TeX logos...). Two things are kept as written: ``$...$`` math (``An $O(\\sqrt{T})$
Bound`` stays math, so the export can typeset it again) and a ``%`` (not a comment in a
.bib value). When pylatexenc cannot read a value, the older accent table decodes it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from papercli.latex.accents import decode_accents
from papercli.names import split_name

_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_UNESCAPED_PERCENT = re.compile(r"(?<!\\)%")
_UNESCAPED_TILDE = re.compile(r"(?<![\\])~")
_SPACES = re.compile(r"\s+")
SUPERSCRIPTS = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")
SUBSCRIPTS = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_SYMBOLS = {
    "textbraceleft": "{",
    "textbraceright": "}",
    "textless": "<",
    "textgreater": ">",
    "textbar": "|",
    "textasciicircum": "^",
    "textasciitilde": "~",
    "textbackslash": "\\",
    "copyright": "©",
    "pounds": "£",
    "LaTeX": "LaTeX",
    "TeX": "TeX",
    "BibTeX": "BibTeX",
    "LaTeXe": "LaTeX2e",
}


@functools.lru_cache(maxsize=1)
def _converter() -> Any:
    from pylatexenc import macrospec
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    def last_argument(node: Any, l2tobj: Any) -> str:
        return l2tobj.nodelist_to_text([a for a in node.nodeargd.argnlist[-1:] if a])

    def script(table: dict[int, int]) -> Callable[..., str]:
        def repl(node: Any, l2tobj: Any) -> str:
            text = l2tobj.nodelist_to_text(node.nodeargd.argnlist[-1:])
            scripted = text.translate(table)
            return scripted if all(ord(c) in table.values() for c in scripted) else text

        return repl

    text_db = get_default_latex_context_db()
    specs = [MacroTextSpec(name, simplify_repl=value) for name, value in _SYMBOLS.items()]
    specs += [
        MacroTextSpec("mbox", simplify_repl="%s"),
        MacroTextSpec("url", simplify_repl="%s"),
        MacroTextSpec("href", simplify_repl=last_argument),
        MacroTextSpec("textsuperscript", simplify_repl=script(SUPERSCRIPTS)),
        MacroTextSpec("textsubscript", simplify_repl=script(SUBSCRIPTS)),
    ]
    text_db.add_context_category("papercli", macros=specs, prepend=True)
    from pylatexenc.latexwalker import get_default_latex_context_db as walker_db

    parse_db = walker_db()
    parse_db.add_context_category(
        "papercli",
        macros=[
            macrospec.MacroSpec(name, "{")
            for name in ("mbox", "url", "textsuperscript", "textsubscript")
        ]
        + [macrospec.MacroSpec("href", "{{")]
        + [macrospec.MacroSpec(name, "") for name in _SYMBOLS],
        prepend=True,
    )
    converter = LatexNodes2Text(
        latex_context=text_db, math_mode="verbatim", strict_latex_spaces=True
    )
    return converter, parse_db


def latex_to_text(value: str) -> str:
    """LaTeX field text -> Unicode: accents, macros, braces and escapes resolved; math kept."""
    if not value:
        return ""
    if "\\" not in value and "{" not in value and "$" not in value and "-" not in value:
        return _SPACES.sub(" ", value.replace("~", " ")).strip()
    text = _UNESCAPED_TILDE.sub(" ", _UNESCAPED_PERCENT.sub(r"\\%", value))
    try:
        from pylatexenc.latexwalker import LatexWalker

        converter, parse_db = _converter()
        nodes = LatexWalker(text, latex_context=parse_db, tolerant_parsing=True).get_latex_nodes()[
            0
        ]
        decoded = converter.nodelist_to_text(nodes)
    except Exception:  # pylatexenc raises many kinds on odd input; the table still decodes
        decoded = _fallback(text)
    return _SPACES.sub(" ", decoded.replace("\u00a0", " ")).strip()


def _fallback(text: str) -> str:
    text = decode_accents(text).replace("\\%", "%").replace("\\&", "&").replace("\\$", "$")
    text = text.replace("\\_", "_").replace("\\#", "#")
    return re.sub(r"(?<!\\)[{}]", "", text)


def split_depth0(text: str, sep: re.Pattern[str]) -> list[str]:
    """Split ``text`` on ``sep`` only where no brace is open."""
    parts, depth, start = [], 0, 0
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)
        elif depth == 0 and (match := sep.match(text, pos)):
            parts.append(text[start:pos])
            pos = start = match.end()
            continue
        pos += 1
    parts.append(text[start:])
    return parts


def split_names(value: str) -> list[str]:
    """``Last, First and First Last`` -> ``["First Last", "First Last"]``; ``others`` dropped.

    A ``Last, First`` name is stored in reading order when that reads back as the same
    parts (``Lovelace, Ada`` -> ``Ada Lovelace``, ``van den Berg, Pieter`` -> ``Pieter van
    den Berg``); a family name of several words that reading order would split
    (``Garcia Marquez, Gabriel``) keeps its comma form, so no export changes it.
    """
    names = []
    for raw in split_depth0(" ".join(value.split()), _AND):
        parts = [latex_to_text(p.strip()) for p in split_depth0(raw, re.compile(r","))]
        parts = [p for p in parts if p]
        if len(parts) == 2:
            comma = f"{parts[0]}, {parts[1]}"
            reading = f"{parts[1]} {parts[0]}"
        elif len(parts) >= 3:
            comma = f"{parts[0]}, {parts[1]}, {parts[2]}"
            reading = f"{parts[2]} {parts[0]} {parts[1]}"
        else:
            comma = reading = " ".join(parts)
        name = reading if split_name(reading) == split_name(comma) else comma
        if name and name.casefold() != "others":
            names.append(name)
    return names
