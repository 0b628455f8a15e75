"""What query expansion needs from a vocabulary, and a plain in-memory one.

Expansion asks three things: is this term there, which terms start with this prefix, and
which terms could be within a few typos of this form. A typo match (OSA distance <= k) can
only be a term whose length is within k of the form's, and a form with three letters or
more is never within two typos of a term without letters (a number), so the last question
only needs the terms of a few lengths: the index keeps its vocabulary in such buckets
(``store.index``) and never loads all of it.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Protocol


class Vocabulary(Protocol):
    """The indexed terms, as query expansion asks for them."""

    def has(self, term: str) -> bool:
        """True when ``term`` is indexed."""

    def with_prefix(self, prefix: str) -> list[str]:
        """Every indexed term starting with ``prefix``, sorted."""

    def near_length(self, low: int, high: int, letters_only: bool) -> Sequence[str]:
        """The terms of ``low`` to ``high`` characters (only those with a letter when
        ``letters_only``): every term a typo match could be."""


def has_letter(term: str) -> bool:
    """True when ``term`` has a letter (not only digits)."""
    return not term.isdigit()


class SortedVocabulary:
    """A ``Vocabulary`` over a sorted list of terms in memory."""

    def __init__(self, terms: Sequence[str]) -> None:
        self.terms = terms

    def has(self, term: str) -> bool:
        """True when ``term`` is in the list."""
        i = bisect.bisect_left(self.terms, term)
        return i < len(self.terms) and self.terms[i] == term

    def with_prefix(self, prefix: str) -> list[str]:
        """The terms starting with ``prefix``."""
        start = bisect.bisect_left(self.terms, prefix)
        out = []
        for term in self.terms[start:]:
            if not term.startswith(prefix):
                break
            out.append(term)
        return out

    def near_length(self, low: int, high: int, letters_only: bool) -> Sequence[str]:
        """The terms of ``low`` to ``high`` characters."""
        return [
            t for t in self.terms if low <= len(t) <= high and (not letters_only or has_letter(t))
        ]
