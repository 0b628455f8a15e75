"""Plain text -> LaTeX-safe text for BibTeX fields (the reverse of ``latex_accents``).

Stored text is plain text: every character must print as itself. The rules:

- ``& % $ # _`` become ``\\& \\% \\$ \\# \\_``; ``~ ^ \\`` become ``\\textasciitilde{}``,
  ``\\textasciicircum{}``, ``\\textbackslash{}``; ``< > |`` become ``\\textless{}``...
  so they print as themselves in OT1 as well as T1.
- ``{`` and ``}`` become ``\\textbraceleft{}`` and ``\\textbraceright{}``, not ``\\{``:
  BibTeX counts every brace, escaped or not, so a lone ``\\{`` (an abstract with one more
  ``{`` than ``}``) would unbalance the field, and a ``\\{`` followed by a backslash opens
  a BibTeX "special character" whose letters plain.bst re-cases. The macros carry only
  balanced ``{}`` pairs, so every field is balanced whatever the input.
- Ligatures TeX would make are broken with ``{}``: ``--`` is written ``-{}-`` and prints
  two hyphens, as stored (likewise ``` `` ```, ``''``, ``?` ``, ``!` ``, ``,,``).
- Whitespace runs (newlines included) become one space, as BibTeX reads them anyway;
  other control characters are dropped.
- With ``ascii=True`` every non-ASCII character becomes a macro classic BibTeX and
  pdflatex understand: accented letters ``{\\'e}``, ``{\\c{c}}``, ``{\\L}``; typographic
  marks ``\\textendash{}``...; Greek letters and common math symbols ``{$\\alpha$}``;
  super/subscripts ``{\\textsuperscript{2}}``; compatibility forms (ligatures, full-width
  letters) their ASCII equivalent. A character with none of these (CJK, emoji...) is
  written as a visible ``{[U+4E2D]}`` (braced against re-casing) and reported in
  ``unknown`` so the caller can warn: it typesets, and nothing is lost silently.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from papercli.latex.accents import LETTER_ACCENTS, SPECIAL_LETTERS, SYMBOL_ACCENTS
from papercli.latex.math import split_math

ASCII_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}

# Non-ASCII marks with a macro of the LaTeX kernel (math mode where the text symbol would
# need the TS1 fonts; only the copyright and pound signs still do).
TEXT_SYMBOLS = {
    "\u00a0": "~",
    "\u2013": r"\textendash{}",
    "\u2014": r"\textemdash{}",
    "\u2018": r"\textquoteleft{}",
    "\u2019": r"\textquoteright{}",
    "\u201c": r"\textquotedblleft{}",
    "\u201d": r"\textquotedblright{}",
    "\u2026": r"\ldots{}",
    "\u2022": r"{$\bullet$}",
    "\u2020": r"{$\dagger$}",
    "\u2021": r"{$\ddagger$}",
    "\u00a7": r"{$\S$}",
    "\u00b6": r"{$\P$}",
    "\u00a9": r"\copyright{}",
    "\u00a3": r"\pounds{}",
    "\u00bf": r"?`",
    "\u00a1": r"!`",
}

_MATH_NAMES = {
    "×": "times",
    "±": "pm",
    "÷": "div",
    "·": "cdot",
    "≤": "leq",
    "≥": "geq",
    "≠": "neq",
    "≈": "approx",
    "≡": "equiv",
    "∼": "sim",
    "∞": "infty",
    "→": "rightarrow",
    "←": "leftarrow",
    "↔": "leftrightarrow",
    "⇒": "Rightarrow",
    "⇔": "Leftrightarrow",
    "∈": "in",
    "∉": "notin",
    "∑": "sum",
    "∏": "prod",
    "∫": "int",
    "√": "surd",
    "∂": "partial",
    "∇": "nabla",
    "∀": "forall",
    "∃": "exists",
    "∅": "emptyset",
    "∩": "cap",
    "∪": "cup",
    "⊂": "subset",
    "⊆": "subseteq",
    "∗": "ast",
    "∘": "circ",
    "⊙": "odot",
    "⊗": "otimes",
    "⊕": "oplus",
    "¬": "neg",
    "∧": "wedge",
    "∨": "vee",
    "≪": "ll",
    "≫": "gg",
    "∝": "propto",
    "′": "prime",
    "ℓ": "ell",
    "µ": "mu",
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "varepsilon",
    "ϵ": "epsilon",
    "ζ": "zeta",
    "η": "eta",
    "θ": "theta",
    "ϑ": "vartheta",
    "ι": "iota",
    "κ": "kappa",
    "λ": "lambda",
    "μ": "mu",
    "ν": "nu",
    "ξ": "xi",
    "π": "pi",
    "ϖ": "varpi",
    "ρ": "rho",
    "ϱ": "varrho",
    "σ": "sigma",
    "ς": "varsigma",
    "τ": "tau",
    "υ": "upsilon",
    "φ": "varphi",
    "ϕ": "phi",
    "χ": "chi",
    "ψ": "psi",
    "ω": "omega",
    "Γ": "Gamma",
    "Δ": "Delta",
    "Θ": "Theta",
    "Λ": "Lambda",
    "Ξ": "Xi",
    "Π": "Pi",
    "Σ": "Sigma",
    "Υ": "Upsilon",
    "Φ": "Phi",
    "Ψ": "Psi",
    "Ω": "Omega",
}
MATH_SYMBOLS = {char: "{$\\" + name + "$}" for char, name in _MATH_NAMES.items()}
MATH_SYMBOLS.update({"−": "{$-$}", "°": "{$^\\circ$}", "ο": "{$o$}"})
# Greek capitals drawn like Latin ones have no macro of their own.
MATH_SYMBOLS.update(
    {
        greek: "{$\\mathrm{" + latin + "}$}"
        for greek, latin in zip("ΑΒΕΖΗΙΚΜΝΟΡΤΧ", "ABEZHIKMNOPTX", strict=True)
    }
)

_LETTER_MACROS = {letter: "{\\" + name + "}" for name, letter in SPECIAL_LETTERS.items()}
_MARK_MACROS = {mark: cmd for cmd, mark in {**SYMBOL_ACCENTS, **LETTER_ACCENTS}.items()}
_MARKS_BELOW = {"\u0327", "\u0328", "\u0323", "\u0331"}
_COMPAT_TAGS = ("<compat>", "<font>", "<wide>", "<narrow>", "<small>", "<noBreak>")
_SCRIPT_TAGS = {"<super>": "textsuperscript", "<sub>": "textsubscript"}
_WORD = re.compile(r"[^\W_]+")
# A word as _WORD reads ASCII text, with a capital after its first character.
# Control characters (category Cc) other than whitespace: all lie below U+00A0.
_CONTROLS = [chr(c) for c in range(0xA0) if unicodedata.category(chr(c)) == "Cc"]
_CONTROL = re.compile("[" + "".join(re.escape(c) for c in _CONTROLS if not c.isspace()) + "]")
_LATEX_SPECIAL = re.compile("[" + "".join(re.escape(c) for c in ASCII_SPECIALS) + "]")
_NOT_PLAIN_ASCII = re.compile(_LATEX_SPECIAL.pattern + r"|[^\x00-\x7f]")
# In ASCII text, what clean_text or escaping would change: controls (all ASCII whitespace
# but the space is among them) and the LaTeX specials.
_ASCII_TO_CHANGE = bytes(range(0x20)) + b"\x7f" + "".join(ASCII_SPECIALS).encode("ascii")


def clean_text(text: str) -> str:
    """Whitespace runs as one space, control characters dropped, ends trimmed."""
    return " ".join(_CONTROL.sub("", text).split())


# TeX ligatures that would print other characters: -- ---, `` '', ?` !` and ,, (T1).
_LIGATURE_START = re.compile(r"-(?=-)|`(?=`)|'(?=')|[?!](?=`)|,(?=,)")


def _unchanged_by_escaping(text: str) -> bool:
    """True for text that ``escape_text`` returns as it is: the common case, found in C.

    (Deleting the characters to change from the bytes is the fastest test CPython has:
    about twice as fast as a regex search; the ligature pairs are plain substring tests
    for the same reason.)
    """
    if not text.isascii():
        return False
    raw = text.encode("ascii")
    return (
        len(raw.translate(None, _ASCII_TO_CHANGE)) == len(raw)
        and "  " not in text
        and text[:1] != " "
        and text[-1:] != " "
        and "--" not in text
        and "``" not in text
        and "''" not in text
        and "?`" not in text
        and "!`" not in text
        and ",," not in text
    )


def _accented(char: str) -> str | None:
    """``{\\'e}`` for a letter that is an ASCII letter plus known accents, else None."""
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], list(decomposed[1:])
    if not marks or not (base.isascii() and base.isalpha()):
        return None
    if any(m not in _MARK_MACROS for m in marks):
        return None
    dotless = base in "ij" and marks[0] not in _MARKS_BELOW
    inner = "\\" + base if dotless else base
    for mark in marks:
        cmd = _MARK_MACROS[mark]
        simple = len(inner) == 1 or inner in ("\\i", "\\j")
        inner = f"\\{cmd}{inner}" if cmd in SYMBOL_ACCENTS and simple else f"\\{cmd}{{{inner}}}"
    return "{" + inner + "}"


def encode_char(char: str, unknown: set[str] | None = None) -> str:
    """One character as pure-ASCII LaTeX (see the module docstring for the rules)."""
    if char.isascii():
        return ASCII_SPECIALS.get(char, char)
    for table in (_LETTER_MACROS, TEXT_SYMBOLS, MATH_SYMBOLS):
        if char in table:
            return table[char]
    accented = _accented(unicodedata.normalize("NFC", char))
    if accented:
        return accented
    decomposition = unicodedata.decomposition(char)
    tag, _, codes = decomposition.partition(" ")
    if tag in _COMPAT_TAGS or tag in _SCRIPT_TAGS:
        plain = "".join(chr(int(code, 16)) for code in codes.split())
        probe: set[str] = set()
        encoded = "".join(encode_char(c, probe) for c in plain)
        if not probe:
            return (
                "{\\" + _SCRIPT_TAGS[tag] + "{" + encoded + "}}" if tag in _SCRIPT_TAGS else encoded
            )
    if unknown is not None:
        unknown.add(char)
    return f"{{[U+{ord(char):04X}]}}"


def escape_text(text: str, ascii: bool = False, unknown: set[str] | None = None) -> str:
    """Plain text as LaTeX that prints the same text; balanced braces guaranteed.

    ``ascii=True`` also encodes non-ASCII characters; those without a macro are added
    to ``unknown``.
    """
    if _unchanged_by_escaping(text):
        return text
    return _escape_chars(clean_text(text), ascii, unknown)


def _special_macro(match: re.Match[str]) -> str:
    return ASCII_SPECIALS[match.group()]


@functools.lru_cache(maxsize=4096)
def _encoded(char: str) -> tuple[str, bool]:
    """``encode_char(char)`` and whether it had no macro (memoised: text repeats letters)."""
    probe: set[str] = set()
    return encode_char(char, probe), bool(probe)


def _escape_chars(text: str, ascii: bool, unknown: set[str] | None) -> str:
    """Escape character by character; regexes find the rare characters that change."""
    if _LIGATURE_START.search(text):
        return _LIGATURE_START.sub(r"\g<0>{}", _escape_chars_only(text, ascii, unknown))
    return _escape_chars_only(text, ascii, unknown)


def _escape_chars_only(text: str, ascii: bool, unknown: set[str] | None) -> str:
    if not ascii or text.isascii():
        return _LATEX_SPECIAL.sub(_special_macro, text)

    def encode(match: re.Match[str]) -> str:
        latex, no_macro = _encoded(match.group())
        if no_macro and unknown is not None:
            unknown.add(match.group())
        return latex

    return _NOT_PLAIN_ASCII.sub(encode, text)


def needs_protection(word: str) -> bool:
    """True for words with a capital after the first letter (``LLMs``, ``ResNet``, ``3D``)."""
    return any(c.isupper() for c in word[1:])


def _protect_word(word: str, ascii: bool, unknown: set[str] | None) -> str:
    if len(word) > 2 and word.endswith("s") and word[:-1].isupper():
        return "{" + _escape_chars(word[:-1], ascii, unknown) + "}s"
    return "{" + _escape_chars(word, ascii, unknown) + "}"


def escape_title(text: str, ascii: bool = False, unknown: set[str] | None = None) -> str:
    """A title that prints exactly as stored, even under plain.bst, which lowercases titles.

    The rule: every word (a run of letters and digits) holding a capital is braced, so
    no style can re-case it: ``{Nash} {Equilibria}``, ``{R}\\&{D}``, ``{LLM}s``, ``{GPT}-4``.
    The first word of the title is left bare when only its first letter is a capital (no
    style lowers a title's first letter), so ``Attention {Is} {All} {You} {Need}``. A
    protected word never starts with a backslash (encoded letters start with ``{``), so
    BibTeX sees a protected group, not a "special character" whose letters it re-cases.
    Safe TeX math (``papercli.latex.math``) is written as braced math: ``{$O(\\sqrt{T})$}``.
    """
    if not _unchanged_by_escaping(text):
        text = clean_text(text)
    out: list[str] = []
    start = True
    for is_math, piece in split_math(text):
        if is_math:
            out.append("{$" + piece + "$}")
        else:
            out.append(_protect_capitals(piece, ascii, unknown, start))
        start = False
    return "".join(out)


def escape_rich_text(text: str, ascii: bool = False, unknown: set[str] | None = None) -> str:
    """``escape_text`` that keeps safe TeX math as math (abstracts from arXiv)."""
    pieces = split_math(text) if "$" in text else [(False, text)]
    if len(pieces) == 1 and not pieces[0][0]:
        return escape_text(text, ascii, unknown)
    text = clean_text(text)
    return "".join(
        "{$" + piece + "$}" if is_math else _escape_chars(piece, ascii, unknown)
        for is_math, piece in split_math(text)
    )


def _protect_capitals(text: str, ascii: bool, unknown: set[str] | None, start: bool) -> str:
    out: list[str] = []
    pos = 0
    for match in _WORD.finditer(text):
        word = match.group()
        # No capital: most words are found so in C; a titlecase letter (ǅ) is no capital.
        if word == word.lower() or not any(c.isupper() for c in word):
            continue
        if start and match.start() == 0 and not needs_protection(word):
            continue
        out.append(_escape_chars(text[pos : match.start()], ascii, unknown))
        out.append(_protect_word(word, ascii, unknown))
        pos = match.end()
    out.append(_escape_chars(text[pos:], ascii, unknown))
    return "".join(out)


_URL_UNSAFE = {"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20"}
_URL_UNSAFE_RE = re.compile(r"[{}\\]|\s")
_ANY_CONTROL = re.compile("[" + "".join(re.escape(c) for c in _CONTROLS) + "]")


def verbatim_value(text: str) -> str:
    """A URL or DOI kept as written, made safe inside a braced BibTeX value.

    Characters that would break the .bib file (braces, backslash) and spaces are
    percent-encoded, which any browser or resolver reads the same way; ``% _ # ~`` stay
    as they are (url fields are read verbatim by biblatex and ``\\url``).
    """
    text = _ANY_CONTROL.sub("", text.strip())
    return _URL_UNSAFE_RE.sub(_percent_encoded, text)


def _percent_encoded(match: re.Match[str]) -> str:
    return _URL_UNSAFE.get(match.group(), "%20")


def braces_balanced(text: str) -> bool:
    """True when every brace closes one opened before it, counted as BibTeX does."""
    if "{" not in text and "}" not in text:
        return True
    depth = 0
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0
