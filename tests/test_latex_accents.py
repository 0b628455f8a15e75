"""LaTeX accent macros become Unicode; other LaTeX is left alone."""

from __future__ import annotations

import pytest

from papercli.latex.accents import decode_accents


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        (r"Mat\'ern", "Matérn"),
        (r"{\'e}t{\'{e}}", "été"),
        (r"G\"odel", "Gödel"),
        (r"Erd\H{o}s", "Erdős"),
        (r"S{\o}ren \L{}ukasz Stra\ss e", "Søren Łukasz Straße"),
        (r"Zolt\'an", "Zoltán"),
        (r"\c{c}a \v{S}", "ça Š"),
        (r"\'\i", "í"),
        (r"na\"{\i}ve", "naïve"),
        (r"\`a la \^ile \~n", "à la île ñ"),
    ],
)
def test_accents(tex: str, text: str) -> None:
    assert decode_accents(tex) == text


@pytest.mark.parametrize(
    "tex",
    [
        r"\left\{ \omega \lambda \right.",
        r"\underline{x} \bar{y} \dot{z}",
        r"{unbalanced \{ brace",
        "no backslash at all",
    ],
)
def test_other_latex_untouched(tex: str) -> None:
    assert decode_accents(tex) == tex


def test_braces_not_ours_are_kept() -> None:
    assert decode_accents(r"{\"a}b}") == "äb}"
    assert decode_accents(r"{a\"a}") == "{aä}"
