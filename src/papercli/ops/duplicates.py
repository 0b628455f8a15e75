"""Finding papers a library holds more than once (``doctor``'s duplicate check).

Three ways two entries are one paper, each found by hashing, never by comparing every pair:

- **the same identifier**: the same arXiv id in any form (a ``10.48550/arXiv.<id>`` DOI is
  that id), or the same DOI (DOIs ignore case);
- **the same title**: equal ``titles.title_identity`` (TeX, Unicode, punctuation and
  British/American spelling folded), with a compatible year (a guessed or unknown year
  never blocks) and first author (a missing author list never blocks), and no identifier
  saying they are two papers: the rule import uses to merge (``ops.import_merge``);
- **similar titles**: titles nearly equal (a typo, a plural) in one year, compared only
  within blocks of a shared year and title prefix or suffix.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from papercli.citekeys import family_name
from papercli.identifiers import arxiv_of_doi, entry_arxiv, entry_doi
from papercli.model import Entry, year_of
from papercli.ops.import_merge import identifiers_decide, same_first_author, same_year
from papercli.titles import title_identity

# Two titles of one year at least this similar (rapidfuzz ratio, 0-100) are likely one paper.
FUZZY_CUTOFF = 92.0
# Similar titles are compared only within blocks sharing a year and a prefix (or a suffix)
# of this many characters, which keeps the check near-linear on large libraries.
BLOCK_CHARS = 6
_NUMBER = re.compile(r"\d+")


@dataclass
class DuplicateGroup:
    """Entries that are likely one paper, and why (``reasons``, strongest first)."""

    entries: list[Entry]
    reasons: list[str]

    @property
    def keys(self) -> list[str]:
        return [e.key for e in self.entries]

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


class _Groups:
    """Union-find over entry positions, remembering why positions were joined."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))
        self.why: dict[int, list[str]] = defaultdict(list)
        self.joined: set[int] = set()  # positions in a group of two or more

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int, reason: str) -> None:
        self.joined.update((a, b))
        ra, rb = self.find(a), self.find(b)
        low, high = min(ra, rb), max(ra, rb)
        if ra != rb:
            self.parent[high] = low
            self.why[low].extend(self.why.pop(high, []))
        if reason not in self.why[low]:
            self.why[low].append(reason)


def identifiers_of(entry: Entry) -> list[tuple[str, str]]:
    """(what, value) for the entry's arXiv id and DOI, in the forms two copies share."""
    found: list[tuple[str, str]] = []
    if not entry.arxiv_id and not entry.doi:
        return found
    if arxiv := entry_arxiv(entry):
        found.append(("arXiv id", arxiv))
    if (doi := entry_doi(entry)) and not arxiv_of_doi(doi):  # an arXiv DOI is its id
        found.append(("DOI", doi))
    return found


def _join_identifiers(entries: list[Entry], groups: _Groups) -> None:
    first: dict[tuple[str, str], int] = {}
    for i, entry in enumerate(entries):
        for ident in identifiers_of(entry):
            j = first.setdefault(ident, i)
            if j != i:
                groups.join(j, i, f"same {ident[0]} {ident[1]}")


def _compatible(a: Entry, b: Entry) -> bool:
    """Years and first authors agree (as import's rule has it) and no identifier differs."""
    return same_year(a, b) and identifiers_decide(a, b) is not False


def _join_titles(entries: list[Entry], titles: list[str], groups: _Groups) -> None:
    """Equal title identities, compatible years and first authors.

    Within one title, entries are split by first author's family name: entries of one
    author are compared with each other, entries listing no authors with everyone.
    """
    by_title: dict[str, list[int]] = defaultdict(list)
    for i, title in enumerate(titles):
        if title:
            by_title[title].append(i)
    for members in by_title.values():
        if len(members) < 2:
            continue
        by_author: dict[str, list[int]] = defaultdict(list)
        for i in members:
            authors = entries[i].authors
            by_author[family_name(authors[0]) if authors else ""].append(i)
        anonymous = by_author.pop("", [])
        for same in by_author.values():
            for pos, i in enumerate(same):
                for j in same[pos + 1 :]:
                    _join_if_compatible(entries, i, j, groups)
        done: set[int] = set()
        for i in anonymous:
            done.add(i)
            for j in members:
                if j not in done:
                    _join_if_compatible(entries, i, j, groups)


def _join_if_compatible(entries: list[Entry], i: int, j: int, groups: _Groups) -> None:
    if _compatible(entries[i], entries[j]):
        groups.join(i, j, "same title")


def _blocks(titles: list[str], years: list[int | None]) -> Iterable[list[int]]:
    """Positions sharing a year and a title prefix, then those sharing a year and a suffix."""
    for cuts in ([t[:BLOCK_CHARS] for t in titles], [t[-BLOCK_CHARS:] for t in titles]):
        blocks: dict[tuple[int | None, str], list[int]] = defaultdict(list)
        for i, block in enumerate(zip(years, cuts, strict=True)):
            if block[1]:
                blocks[block].append(i)
        yield from (b for b in blocks.values() if len(b) > 1)


def _join_similar(entries: list[Entry], titles: list[str], groups: _Groups) -> None:
    """Near-equal titles (not equal ones) in one year; numbers must agree (``Llama 2``/``3``)."""
    years = [year_of(e) for e in entries]
    for block in _blocks(titles, years):
        choices = [titles[i] for i in block]
        for pos, i in enumerate(block[:-1]):
            rest = choices[pos + 1 :]
            for _, _, offset in process.extract(
                titles[i], rest, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
            ):
                j = block[pos + 1 + offset]
                if titles[i] == titles[j] or _NUMBER.findall(titles[i]) != _NUMBER.findall(
                    titles[j]
                ):
                    continue
                a, b = entries[i], entries[j]
                if same_first_author(a, b) and _compatible(a, b):
                    groups.join(i, j, "similar titles")


def find_duplicates(
    entries: list[Entry], identities: Mapping[str, str] | None = None
) -> list[DuplicateGroup]:
    """Groups of entries that are likely one paper (module docstring), sorted by first key;
    each group's entries sorted by key. ``identities`` maps keys to title identities already
    worked out (the index stores them); the others are worked out here."""
    known = identities or {}
    titles = [known.get(e.key) or title_identity(e.title) for e in entries]
    groups = _Groups(len(entries))
    _join_identifiers(entries, groups)
    _join_titles(entries, titles, groups)
    _join_similar(entries, titles, groups)
    members: dict[int, list[Entry]] = defaultdict(list)
    for i in sorted(groups.joined):
        members[groups.find(i)].append(entries[i])
    found = [
        DuplicateGroup(sorted(group, key=lambda e: e.key), groups.why[root])
        for root, group in members.items()
        if len(group) > 1
    ]
    return sorted(found, key=lambda g: g.entries[0].key)
