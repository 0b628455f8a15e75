"""TeX math in stored text (arXiv titles and abstracts: ``An $O(\\sqrt{T})$ Bound``).

Stored text is plain text, but arXiv writes formulas as TeX between dollars, and printing
them as TeX source helps nobody. ``split_math`` finds them with pandoc's rule for
``$...$``: the opening ``$`` has a non-space on its right, the closing one a non-space on
its left and no digit after it (so "$5 or $10" is money), and ``\\$`` is not a dollar. A
span is kept as math only when it is safe to typeset: ASCII, braces balanced, no ``$$``,
``%``, ``#``, ``&`` or ``\\\\``, and every command one the LaTeX kernel defines in math mode
(Greek, operators, relations, arrows, ``\\sqrt``, ``\\frac``, ``\\mathrm``...). Anything
else (a lone ``$``, ``\\mathbb`` which needs amssymb, ``\\input``) makes the whole text
plain, escaped text: it then prints as written, dollars and all.
"""

from __future__ import annotations

import re

_GREEK = (
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu "
    "nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma "
    "Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega"
)
_SYMBOLS = (
    "sum prod coprod int oint bigcup bigcap bigoplus bigotimes bigvee bigwedge "
    "leq le geq ge neq ne approx sim simeq cong equiv ll gg subset subseteq supset supseteq "
    "in ni notin propto perp mid parallel prec succ preceq succeq "
    "to rightarrow leftarrow leftrightarrow Rightarrow Leftarrow Leftrightarrow mapsto "
    "longrightarrow uparrow downarrow infty partial nabla ell hbar emptyset forall exists "
    "neg lnot top bot angle cdot times pm mp div circ ast star otimes oplus odot wedge vee "
    "cap cup setminus ldots cdots vdots ddots dots prime langle rangle lfloor rfloor lceil "
    "rceil backslash vert Vert"
)
_FUNCTIONS = "log ln exp sin cos tan sinh cosh tanh max min sup inf lim arg det dim ker Pr deg gcd"
_WITH_ARGUMENT = (
    "sqrt frac mathrm mathbf mathit mathsf mathtt mathcal hat tilde bar vec dot ddot breve "
    "check widehat widetilde overline underline textrm textit textbf text mbox operatorname"
)
_SIZES = "left right big Big bigg Bigg bigl bigr Bigl Bigr"
MATH_COMMANDS = frozenset(
    " ".join((_GREEK, _SYMBOLS, _FUNCTIONS, _WITH_ARGUMENT, _SIZES)).split()
) - {"text", "operatorname"}  # amsmath only
MATH_SPAN = re.compile(r"(?<!\\)\$(?=\S)((?:[^$\\]|\\.)+?)(?<=\S)(?<!\\)\$(?!\d)")
_COMMAND = re.compile(r"\\([A-Za-z]+|.)")
_ALLOWED_SYMBOL_COMMANDS = frozenset(",;:!{}|_ ")
_FORBIDDEN = re.compile(r"[%#&$~]|\\\\")


def is_safe_math(body: str) -> bool:
    """True when ``body`` (between the dollars) typesets with the LaTeX kernel alone."""
    if not body.isascii() or not body.isprintable() or _FORBIDDEN.search(body):
        return False
    depth = 0
    for char in re.sub(r"\\[{}]", "", body):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    if depth:
        return False
    for name in _COMMAND.findall(body):
        allowed = MATH_COMMANDS if len(name) > 1 or name.isalpha() else _ALLOWED_SYMBOL_COMMANDS
        if name not in allowed:
            return False
    return not re.search(r"\\(?:left|right|big\w*)(?![.()\[\]|]|\\[{}|]|\\[a-z]+)", body)


def split_math(text: str) -> list[tuple[bool, str]]:
    """``text`` as ``(is_math, piece)`` pairs; math pieces are the bodies without dollars.

    Text with no dollar sign, or any dollar that is not part of a safe span, is one plain
    piece.
    """
    if "$" not in text:
        return [(False, text)]
    pieces: list[tuple[bool, str]] = []
    pos = 0
    for match in MATH_SPAN.finditer(text):
        if not is_safe_math(match.group(1)):
            return [(False, text)]
        if match.start() > pos:
            pieces.append((False, text[pos : match.start()]))
        pieces.append((True, match.group(1)))
        pos = match.end()
    rest = text[pos:]
    if re.search(r"(?<!\\)\$", rest) or any(
        re.search(r"(?<!\\)\$", piece) for is_math, piece in pieces if not is_math
    ):
        return [(False, text)]
    if rest:
        pieces.append((False, rest))
    return pieces
