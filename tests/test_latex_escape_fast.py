"""The fast LaTeX escaper gives exactly what the first, per-character one gave.

``tests/latex_escape_reference.py`` keeps the original loops; hypothesis feeds both the
same text: LaTeX specials, TeX markup, every kind of whitespace and control character,
accents, Greek, CJK, combining marks and characters with no LaTeX form at all.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from papercli.latex import escape as fast
from tests import latex_escape_reference as slow

# Plain ASCII words and spaces: most stored text, and what the fast paths take.
PLAIN = ["a", "word", "B", "LLMs", "GPT-4", "ResNet", "iPhone", "3D", "x1", "ABCs", " ", "  "]
ODD = [
    "\\",
    "{",
    "}",
    "$x^2$",
    "\\emph{a}",
    *"&%#_~^<>|",
    "\t",
    "\n",
    "\r\n",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x85",
    "\xa0",
    "\u2003",
    "\u3000",
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x9f",
    "ÉCOLE",
    "Gödel",
    "Łukasz",
    "e\u0301",
    "α",
    "Γ",
    "ε²",
    "中文",
    "🙂",
    "ﬁ",
    "ǅ",
    "–",
]
plain_texts = st.lists(st.sampled_from(PLAIN), max_size=12).map("".join)
texts = st.one_of(
    plain_texts,
    st.lists(
        st.one_of(st.sampled_from(PLAIN), st.sampled_from(ODD), st.text(max_size=4)), max_size=12
    ).map("".join),
)


@settings(max_examples=400, deadline=None)
@given(texts, st.booleans())
@example("  LLMs beat GPT-4 on 3D\n", False)
@example("Plain words only", True)
def test_escape_text_and_title_match_the_reference(text: str, ascii_only: bool) -> None:
    assert fast.clean_text(text) == slow.clean_text(text)
    for new, old in ((fast.escape_text, slow.escape_text), (fast.escape_title, slow.escape_title)):
        unknown_new: set[str] = set()
        unknown_old: set[str] = set()
        assert new(text, ascii_only, unknown_new) == old(text, ascii_only, unknown_old)
        assert unknown_new == unknown_old


@settings(max_examples=200, deadline=None)
@given(texts)
def test_verbatim_value_matches_the_reference(text: str) -> None:
    assert fast.verbatim_value(text) == slow.verbatim_value(text)
