"""Is a title-search candidate the paper we hold? Accept only what is surely the same.

Titles are compared after ``normalise_title`` (``titles.title_identity``: case, accents,
punctuation, spacing, TeX and British/American spelling folded):

- **equal**, or equal once spaces are removed (``Pre-training`` / ``Pretraining``): same;
- **near**: the same numbers, and the words differ in at most ``MAX_CHANGED_WORDS`` places,
  each a spelling variant of its partner (rapidfuzz ``ratio`` >= ``WORD_SIMILARITY``:
  ``modelling``/``modeling``, ``normalised``/``normalized``, ``model``/``models``). A whole-
  title ratio is not enough: ``Llama 2: ...`` vs ``Llama 3: ...`` scores 98, and a long title
  that swaps ``large`` for ``small`` scores over 95; those are different papers;
- **similar** (whole-title ``ratio`` >= ``SIMILAR_RATIO``, or one title inside the other):
  reported as ambiguous, never applied;
- anything else is unrelated.

Years are compatible when either is unknown or inferred (a digest date without a year), or
when they differ by at most one (a preprint in December, its journal version in January).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from papercli.model import Entry, normalise_title, year_is_explicit, year_of

WORD_SIMILARITY = 80.0
MAX_CHANGED_WORDS = 2
SIMILAR_RATIO = 80.0
MAX_YEAR_GAP = 1
_DIGITS = re.compile(r"\d+")

Likeness = Literal["equal", "near", "similar", "different"]
Status = Literal["matched", "ambiguous", "none"]


@dataclass(frozen=True)
class TitleMatch:
    """The verdict on a set of candidates: the accepted one, or why none was."""

    status: Status
    candidate: Entry | None = None
    reason: str = ""


def compare_titles(a: str, b: str) -> Likeness:
    """How alike two titles are (see the module docstring)."""
    na, nb = normalise_title(a), normalise_title(b)
    if not na or not nb:
        return "different"
    if na == nb or na.replace(" ", "") == nb.replace(" ", ""):
        return "equal"
    if _DIGITS.findall(na) == _DIGITS.findall(nb) and _spelling_variants(na.split(), nb.split()):
        return "near"
    if fuzz.ratio(na, nb) >= SIMILAR_RATIO or na in nb or nb in na:
        return "similar"
    return "different"


def _spelling_variants(a: list[str], b: list[str]) -> bool:
    """True when ``a`` and ``b`` differ only in a few words, each close to its partner."""
    only_a = list((Counter(a) - Counter(b)).elements())
    only_b = list((Counter(b) - Counter(a)).elements())
    if len(only_a) != len(only_b) or len(only_a) > MAX_CHANGED_WORDS:
        return False
    for word in only_a:
        best = max(only_b, key=lambda other: fuzz.ratio(word, other))
        if fuzz.ratio(word, best) < WORD_SIMILARITY:
            return False
        only_b.remove(best)
    return True


def years_compatible(entry: Entry, candidate: Entry) -> bool:
    """Years agree, or one of them is unknown or inferred."""
    mine, theirs = year_of(entry), year_of(candidate)
    if mine is None or theirs is None or not year_is_explicit(entry):
        return True
    return abs(mine - theirs) <= MAX_YEAR_GAP


def _identity(entry: Entry) -> str:
    if entry.arxiv_id:
        return "arxiv:" + entry.arxiv_id.lower()
    if entry.doi:
        return "doi:" + entry.doi.lower()
    return "title:" + normalise_title(entry.title)


def best_match(entry: Entry, candidates: Sequence[Entry]) -> TitleMatch:
    """The one candidate that is surely ``entry``'s paper, or an ambiguous/none verdict."""
    accepted: dict[str, tuple[Likeness, Entry]] = {}
    doubts: list[str] = []
    for candidate in candidates:
        likeness = compare_titles(entry.title, candidate.title)
        if likeness in ("equal", "near") and years_compatible(entry, candidate):
            accepted.setdefault(_identity(candidate), (likeness, candidate))
        elif likeness in ("equal", "near"):
            doubts.append(f"{_label(candidate)} has the title but year {year_of(candidate)}")
        elif likeness == "similar":
            doubts.append(f"{_label(candidate)} has a similar title: {candidate.title!r}")
    equal = {k: v for k, v in accepted.items() if v[0] == "equal"}
    chosen = equal or accepted
    if len(chosen) == 1:
        likeness, candidate = next(iter(chosen.values()))
        return TitleMatch("matched", candidate, f"title {likeness} to {_label(candidate)}")
    if len(chosen) > 1:
        labels = ", ".join(_label(c) for _, c in chosen.values())
        return TitleMatch("ambiguous", reason=f"{len(chosen)} papers have this title: {labels}")
    if doubts:
        return TitleMatch("ambiguous", reason="; ".join(doubts[:3]))
    return TitleMatch("none", reason="no paper with this title found")


def _label(entry: Entry) -> str:
    if entry.arxiv_id:
        return f"arXiv:{entry.arxiv_id}"
    if entry.doi:
        return f"doi:{entry.doi}"
    return repr(entry.title[:60])
