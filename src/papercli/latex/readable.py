"""TeX in abstracts and titles made readable on a screen (``$\\alpha$`` -> ``α``).

Digests carry arXiv abstracts as their authors typed them, with math and macros. For
reading (the triage screen) they are turned into plain Unicode by pylatexenc. ``%``, ``&``
and ``#`` are escaped first: in an abstract they are text ("5% faster"), not a comment or an
alignment. Text pylatexenc cannot read is shown as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_TEXT_SPECIALS = re.compile(r"(?<!\\)([%&#])")
_HAS_TEX = re.compile(r"[\\$^_{}~]")


@lru_cache(maxsize=1)
def _converter() -> Any:
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text", strict_latex_spaces=False)


def readable(text: str) -> str:
    """``text`` with TeX math and macros turned into Unicode; unchanged when it has none."""
    if not text or not _HAS_TEX.search(text):
        return text
    try:
        converted = _converter().latex_to_text(_TEXT_SPECIALS.sub(r"\\\1", text))
    except Exception:  # pylatexenc gives up on some inputs: show the text as typed
        return text
    return " ".join(converted.split()) if converted.strip() else text
