"""A paper's peer-reviewed version: the record Semantic Scholar or DBLP gives, whether it is
surely the paper held, and what it changes in the entry. Pure.

**Not a venue.** A record with no peer-reviewed venue has ``kind`` None: Semantic Scholar's
arXiv-only papers (journal "ArXiv", venue "arXiv.org", even typed ``JournalArticle``) and
DBLP's CoRR records (venue "CoRR", key ``journals/corr/...``, type "Informal and Other
Publications"). They never change an entry.

**Surely the same paper** (``same_paper``), one of:

1. the record carries the entry's arXiv id, or its DOI (a preprint server's DOI aside);
2. the record was found by the entry's id (Semantic Scholar's batch) or is the DBLP record
   Semantic Scholar links to that paper (``externalIds.DBLP``);
3. the title is equal or near after normalisation (``matching.compare_titles``), AND the
   first authors' family names are equal (accents, case and DBLP's homonym numbers
   "0009" folded), AND the years are at most one apart (``matching.years_compatible``:
   a preprint in December, its proceedings in January).

A title that is only similar, or equal with another first author or year, is a near miss:
reported as ambiguous, never applied. So are two different published versions that both
pass (a conference paper and its journal extension under one title).

**The change** (``plan_venue``): a ``misc`` entry becomes ``inproceedings`` (``booktitle``)
or ``article`` (``journal``), the venue's full name (``venues.full_venue_name``); its date
becomes the venue's year when the years differ (or the date was unknown or inferred); empty
volume, number and pages are filled; the venue's DOI replaces a missing or preprint DOI
(arXiv's ``10.48550/...``, bioRxiv's...). The
key, the arXiv id, the title and everything the user set stay. An entry that already names
a venue is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from papercli.identifiers import arxiv_match, arxiv_of_doi, doi_match, entry_arxiv, entry_doi
from papercli.model import Entry, fold_accents, year_is_explicit, year_of
from papercli.names import split_name
from papercli.sources.enrich import Enrichment
from papercli.sources.matching import Status, compare_titles, years_compatible
from papercli.venues import VenueKind, display_venue, is_preprint_doi

_HOMONYM = re.compile(r"\s+\d{4}$")
_LETTERS = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class VenueRecord:
    """A paper as Semantic Scholar or DBLP describes it; ``kind`` None: no venue (arXiv)."""

    source: str  # "Semantic Scholar" or "DBLP"
    label: str  # for reports: "S2:<paperId>" or "dblp:conf/nips/..."
    title: str
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    kind: VenueKind | None = None
    venue: str | None = None  # the full name to store
    volume: str | None = None
    number: str | None = None
    pages: str | None = None
    doi: str | None = None
    arxiv_id: str | None = None
    dblp_key: str | None = None

    def describe(self) -> str:
        """``NeurIPS 2021 (dblp:conf/nips/...)`` or ``arXiv only (S2:...)``."""
        if self.kind is None:
            return f"arXiv only ({self.label})"
        year = f" {self.year}" if self.year else ""
        return f"{display_venue(self.venue or '', 'short')}{year} ({self.label})"


@dataclass(frozen=True)
class VenueMatch:
    """The published version accepted for an entry, or why none was."""

    status: Status  # ``sources.matching``'s verdict, for venues too
    record: VenueRecord | None = None
    reason: str = ""


def clean_pages(pages: str | None) -> str | None:
    """``525 - 535`` / ``169-174`` -> ``525--535`` / ``169--174``; None when blank."""
    if not pages or not pages.strip():
        return None
    text = " ".join(pages.split())
    return re.sub(r"\s*[-–—]+\s*", "--", text)


def family_key(name: str) -> str:
    """A name's family part reduced for comparison (``Zhang 0009`` -> ``zhang``)."""
    parts = split_name(_HOMONYM.sub("", name.strip()))
    family = parts.family or parts.literal if parts else ""
    return _LETTERS.sub("", fold_accents(family).casefold())


def shares_id(entry: Entry, record: VenueRecord) -> bool:
    """The record carries the entry's arXiv id or (non-arXiv) DOI."""
    mine = entry_arxiv(entry)
    if mine and mine == arxiv_match(record.arxiv_id):
        return True
    doi = entry_doi(entry)
    return bool(doi) and not is_preprint_doi(doi) and doi == doi_match(record.doi)


def title_verdict(entry: Entry, record: VenueRecord) -> tuple[bool, str]:
    """(surely the same paper by rule 3, the reason when it is not; "" when unrelated)."""
    likeness = compare_titles(entry.title, record.title)
    if likeness == "different":
        return False, ""
    if likeness == "similar":
        return False, f"{record.describe()} has a similar title: {record.title!r}"
    if not entry.authors or not record.authors:
        return False, f"{record.describe()} has the title, but no first author to compare"
    mine, theirs = family_key(entry.authors[0]), family_key(record.authors[0])
    if not mine or mine != theirs:
        return False, f"{record.describe()} has the title, but first author {record.authors[0]!r}"
    if not years_compatible(entry, Entry(title=record.title, date=_year_text(record))):
        return False, f"{record.describe()} has the title, but year {record.year}"
    return True, ""


def _year_text(record: VenueRecord) -> str | None:
    return f"{record.year:04d}" if record.year and 1000 <= record.year <= 9999 else None


def same_paper(entry: Entry, record: VenueRecord) -> tuple[bool, str]:
    """Whether ``record`` is surely ``entry``'s paper (rules 1 and 3), else a near-miss reason."""
    if shares_id(entry, record):
        return True, ""
    return title_verdict(entry, record)


def choose(entry: Entry, records: Sequence[VenueRecord], source: str) -> VenueMatch:
    """The one published version among ``records`` surely ``entry``'s, or why none is."""
    sure: dict[tuple[str, str, int | None], VenueRecord] = {}
    doubts: list[str] = []
    preprint_only = False
    for record in records:
        same, doubt = same_paper(entry, record)
        if same and record.kind is None:
            preprint_only = True
        elif same:
            sure.setdefault((record.kind or "", record.venue or "", record.year), record)
        elif doubt and record.kind is not None:
            doubts.append(doubt)
    if len(sure) == 1:
        record = next(iter(sure.values()))
        return VenueMatch("matched", record, f"{source}: {record.describe()}")
    if len(sure) > 1:
        versions = ", ".join(r.describe() for r in sure.values())
        return VenueMatch(
            "ambiguous", reason=f"{source}: {len(sure)} published versions: {versions}"
        )
    if doubts:
        return VenueMatch("ambiguous", reason=f"{source}: " + "; ".join(doubts[:3]))
    if preprint_only:
        return VenueMatch("none", reason=f"{source}: only the arXiv preprint")
    return VenueMatch("none", reason=f"{source}: no published version found")


def has_venue(entry: Entry) -> bool:
    """True when the entry already names where it was published."""
    return bool(entry.journal or entry.booktitle or (entry.type != "misc" and entry.journal_ref))


def plan_venue(entry: Entry, record: VenueRecord) -> Enrichment:
    """A copy of ``entry`` made the published version ``record`` describes (see above)."""
    new = Entry(**entry.to_dict())
    if has_venue(entry):
        where = entry.journal or entry.booktitle or entry.journal_ref
        return Enrichment(new, [], f"already has a venue: {where}")
    if record.kind is None or not record.venue:
        return Enrichment(new, [], "no published version")
    filled = ["type"]
    new.type = record.kind
    if record.kind == "inproceedings":
        new.booktitle = record.venue
        filled.append("booktitle")
    else:
        new.journal = record.venue
        filled.append("journal")
    year = _year_text(record)
    if year and (year_of(entry) != record.year or not year_is_explicit(entry)):
        new.date, new.date_raw, new.date_inferred = year, None, False
        filled.append("date")
    for name in ("volume", "number", "pages"):
        value = getattr(record, name)
        if value and not getattr(new, name):
            setattr(new, name, value)
            filled.append(name)
    replaceable = not new.doi or is_preprint_doi(new.doi)
    if record.doi and replaceable and doi_match(record.doi) != doi_match(new.doi):
        if not new.arxiv_id and (arxiv := arxiv_of_doi(new.doi)):
            new.arxiv_id = arxiv  # the arXiv DOI goes, the paper's arXiv identity stays
        new.doi = record.doi
        filled.append("doi")
    return Enrichment(new, filled, "filled " + ", ".join(filled))
