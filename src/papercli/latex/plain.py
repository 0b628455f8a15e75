"""Stored text -> plain Unicode for formats that cannot hold TeX (CSL-JSON, labels).

arXiv titles and abstracts carry math as TeX between dollars (``An $O(\\sqrt{T})$ Bound``).
``tex_to_unicode`` turns each ``$...$`` span (found by pandoc's rule, ``latex.math``'s
``MATH_SPAN``: "$5 or $10" is money and stays) into Unicode with pylatexenc: Greek letters,
symbols, ``\\sqrt{T}`` -> ``√T``, ``\\mathcal{O}`` -> ``𝒪``, ``x_2``/``x^{2}`` -> ``x₂``/``x²``
when every character has a sub- or superscript form. Macros outside math
(``\\textbf{x}``, ``\\'e``) are decoded too. No backslash survives: a macro neither knows is
written as its name and argument, a stray backslash removed. Other text is kept as
stored (braces, ``~`` and ``%`` are text there).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from papercli.latex.decode import SUBSCRIPTS, SUPERSCRIPTS, latex_to_text
from papercli.latex.math import MATH_SPAN

_SCRIPT = re.compile(r"([_^])(?:\{([^{}]*)\}|(\\?[A-Za-z0-9+\-=()]))")
_HAS_TEX = re.compile(r"[\\$]")
_SQRT = re.compile(r"√\(([^()\s]{1,3})\)")
_SCRIPTS = {"_": SUBSCRIPTS, "^": SUPERSCRIPTS}


@lru_cache(maxsize=1)
def _math_converter() -> Any:
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text", strict_latex_spaces="based-on-source")


def _scripts(body: str) -> str:
    """``x_2`` -> ``x₂``, ``x^{2}`` -> ``x²`` where every character has the form."""

    def repl(match: re.Match[str]) -> str:
        text = match.group(2) if match.group(2) is not None else match.group(3)
        table = _SCRIPTS[match.group(1)]
        scripted = text.translate(table)
        if all(ord(c) in table.values() for c in scripted):
            return scripted
        return match.group(0)

    return _SCRIPT.sub(repl, body)


def math_to_unicode(body: str) -> str:
    """The body of a ``$...$`` span as Unicode text."""
    body = _scripts(body)
    try:
        text = _math_converter().latex_to_text(body)
    except Exception:  # pylatexenc gives up on some inputs; drop the markup instead
        text = re.sub(r"\\([A-Za-z]+)", r"\1", body).replace("{", "").replace("}", "")
    text = _SQRT.sub(r"√\1", text)
    return " ".join(text.replace("\\", "").split())


def tex_to_unicode(text: str) -> str:
    """``text`` with TeX math and macros as Unicode; unchanged when it holds none."""
    if not text or not _HAS_TEX.search(text):
        return text
    out, pos = [], 0
    for match in MATH_SPAN.finditer(text):
        out.append(_text_part(text[pos : match.start()]))
        out.append(math_to_unicode(match.group(1)))
        pos = match.end()
    out.append(_text_part(text[pos:]))
    return unicodedata.normalize("NFC", "".join(out))


_MACRO = re.compile(r"\\(?:[A-Za-z]+|[^A-Za-z\s])(?:\{[^{}]*\}|(?<=[^A-Za-z])[A-Za-z])?")


def _macro(match: re.Match[str]) -> str:
    """One macro outside math (``\\'e``, ``\\textbf{x}``, ``\\%``) decoded; one that does
    not decode to text without a backslash is written as its name and argument."""
    decoded = latex_to_text(match.group(0))
    if decoded and "\\" not in decoded:
        return decoded
    return re.sub(r"[\\{}]", "", match.group(0))


def _text_part(text: str) -> str:
    """Text outside math: the rest is plain text, as stored, except that each macro is
    decoded and no backslash is left."""
    if "\\" not in text:
        return text
    return _MACRO.sub(_macro, text).replace("\\", "")


def plain_line(text: str) -> str:
    """``text`` as one line of plain text: ``tex_to_unicode``, white space collapsed."""
    return " ".join(tex_to_unicode(text).replace("\\", "").split())
