"""A small decoder for the LaTeX that papercli's BibTeX export writes (tests only).

Its macro table is written out here, independently of ``papercli.latex.escape``, so a
wrong macro in the encoder shows up as a decoding failure.
"""

from __future__ import annotations

import re
import unicodedata

from papercli.latex.accents import decode_accents

MACROS = {
    r"\textbackslash{}": "\\",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\textless{}": "<",
    r"\textgreater{}": ">",
    r"\textbar{}": "|",
    r"\textendash{}": "–",
    r"\textemdash{}": "—",
    r"\textquotedblleft{}": "“",
    r"\textquotedblright{}": "”",
    r"\ldots{}": "…",
    r"\&": "&",
    r"\%": "%",
    r"\$": "$",
    r"\#": "#",
    r"\_": "_",
    r"{$\alpha$}": "α",
    r"{$\Gamma$}": "Γ",
    r"{$\Omega$}": "Ω",
    r"{$\varepsilon$}": "ε",
    r"{$\mu$}": "μ",
    r"{$\leq$}": "≤",
    r"{$\rightarrow$}": "→",
    r"{$\infty$}": "∞",
    r"{\textsuperscript{2}}": "²",
}
_TOKEN = re.compile(
    "|".join(re.escape(m) for m in sorted(MACROS, key=len, reverse=True))
    + r"|\{\[U\+(?P<code>[0-9A-F]{4,6})\]\}"
)
_PRIVATE = 0xE000


def decode(value: str) -> str:
    """The plain text a field value prints; ValueError on a macro this decoder does not know."""
    held: list[str] = []

    def hold(match: re.Match[str]) -> str:
        code = match.group("code")
        held.append(chr(int(code, 16)) if code else MACROS[match.group()])
        return chr(_PRIVATE + len(held) - 1)

    text = decode_accents(_TOKEN.sub(hold, value))
    if "\\" in text or "$" in text:
        raise ValueError(f"undecoded LaTeX left in {text!r}")
    text = text.replace("{", "").replace("}", "")
    text = "".join(
        held[ord(c) - _PRIVATE] if ord(c) >= _PRIVATE and ord(c) < _PRIVATE + len(held) else c
        for c in text
    )
    return unicodedata.normalize("NFC", " ".join(text.split()))


def plain(text: str) -> str:
    """Stored text as the export sees it: whitespace runs collapsed, NFC."""
    return unicodedata.normalize("NFC", " ".join(text.split()))
