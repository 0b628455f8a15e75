"""Author names as stored ("Ada Lovelace") split into the parts CSL-JSON and RIS want.

Stored names are free text, mostly "Given Family" as digests print them, sometimes
"Family, Given" (from imported BibTeX). The rules, deliberately few:

- "Family, Given" and "Family, Suffix, Given" (BibTeX's forms) are split at the commas.
- Otherwise the last word is the family name; lower-case words just before it ("van der",
  "de la") are its particle; a trailing "Jr.", "Sr.", "II"... is a suffix.
- A single word is a family name alone.
- A name with the word "and" in it ("Tom and Jerry Studio") or with more commas is not a
  person's name: it stays whole (``literal``), as BibTeX's export braces it whole; so does
  a group's name ("The ATLAS Collaboration", "Fern Consortium"), found by a word such as
  Collaboration, Consortium, Team or Group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_AND_WORD = re.compile(r"(?:^|\s)and(?:\s|$)", re.IGNORECASE)
_GROUP_WORD = re.compile(
    r"\b(?:collaboration|consortium|team|group|project|initiative|committee|network)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Name:
    """One author: either ``literal`` (kept whole) or family/given with particle and suffix."""

    family: str = ""
    given: str = ""
    particle: str = ""
    suffix: str = ""
    literal: str = ""

    def display(self) -> str:
        """The name in reading order: ``Juan de la Cruz``, ``Martin Luther King Jr.``."""
        if self.literal:
            return self.literal
        return " ".join(p for p in (self.given, self.particle, self.family, self.suffix) if p)

    def bibtex(self) -> str:
        """The name as BibTeX's ``von Last, Jr, First`` (a literal name as it is)."""
        if self.literal:
            return self.literal
        last = self.family_with_particle()
        return ", ".join(p for p in (last, self.suffix, self.given) if p)

    def family_with_particle(self) -> str:
        """``de la Cruz``: the family name as it is sorted and printed in a list."""
        return f"{self.particle} {self.family}" if self.particle else self.family


def split_name(name: str) -> Name | None:
    """The parts of one stored name, or None for a blank one."""
    name = " ".join(name.split())
    if not name:
        return None
    if _AND_WORD.search(name) or is_group_name(name):
        return Name(literal=name)
    if "," in name:
        return _split_commas(name)
    words = name.split(" ")
    suffix = ""
    if len(words) > 2 and words[-1].lower() in _SUFFIXES:
        suffix = words.pop()
    return _with_particle(words[-1], " ".join(words[:-1]), suffix)


def is_group_name(name: str) -> bool:
    """True for a group's name written without commas (``The PRETEND Collaboration``)."""
    return "," not in name and bool(_GROUP_WORD.search(name))


def _split_commas(name: str) -> Name:
    parts = [part.strip() for part in name.split(",")]
    if len(parts) == 2 and all(parts):
        family, given = parts
        suffix = ""
    elif len(parts) == 3 and all(parts):
        family, suffix, given = parts
    else:
        return Name(literal=name)
    words = family.split(" ")
    particle = []
    while len(words) > 1 and words[0][:1].islower():
        particle.append(words.pop(0))
    return Name(family=" ".join(words), given=given, particle=" ".join(particle), suffix=suffix)


def _with_particle(family: str, given: str, suffix: str) -> Name:
    """Move lower-case words from the end of ``given`` to the family name's particle."""
    words = given.split(" ") if given else []
    particle: list[str] = []
    while len(words) > 1 and words[-1][:1].islower():
        particle.insert(0, words.pop())
    return Name(family=family, given=" ".join(words), particle=" ".join(particle), suffix=suffix)


def known_names(authors: list[str]) -> list[Name]:
    """Every non-blank stored name, split."""
    return [n for n in (split_name(a) for a in authors) if n is not None]


def is_truncated(author_count: int | None, listed: int) -> bool:
    """True when the digest listed only some of the authors (``and others`` / et al.)."""
    return listed > 0 and author_count is not None and author_count > listed
