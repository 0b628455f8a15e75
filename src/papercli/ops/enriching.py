"""``enrich``: complete entries (author names, identifiers, venue, dates) from arXiv and
Crossref.

1. Look everything up first, holding no lock: entries with an arXiv id on the arXiv API
   (batched through ``id_list``), entries with only a DOI on Crossref; entries with neither
   by title, first on the arXiv API (``ti:`` phrases OR-ed, batched), then Crossref's
   bibliographic search. A title-search candidate is taken only when ``sources.matching``
   says it is surely the paper; near misses are reported as ambiguous, never applied.
2. Then apply: ``store.change`` re-reads each file under the lock and ``sources.enrich``
   fills only empty fields of that fresh entry, so the user's title, tags, note and status
   (and an edit made meanwhile) are never overwritten.

Any failure of a source (no network, a malformed answer, ``--offline`` without a saved
answer) raises before anything is written: the library is unchanged, and a second run
finds the answers already fetched in the cache.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from papercli.identifiers import entry_arxiv, entry_doi, strip_version
from papercli.model import Entry
from papercli.ops.online import Sources
from papercli.sources import arxiv as arxiv_mod
from papercli.sources.arxiv import title_phrase
from papercli.sources.enrich import Enrichment, plan_enrichment
from papercli.sources.matching import TitleMatch, best_match
from papercli.store import Store

Status = Literal["filled", "unchanged", "ambiguous", "not found", "skipped"]
Progress = Callable[[int, int], None]  # (entries settled, entries in all)


def needs_enrichment(entry: Entry) -> bool:
    """True when the entry lacks author names or any identifier (arXiv id, DOI)."""
    return not entry.authors or not (entry.arxiv_id or entry.doi)


@dataclass
class Outcome:
    """What enrich did (or would do) for one entry."""

    key: str
    title: str
    status: Status
    reason: str
    filled: list[str] = field(default_factory=list)
    found: str | None = None  # ``arXiv:ID`` or ``doi:DOI`` of the record used

    def to_dict(self) -> dict[str, object]:
        """Plain data for ``--json``."""
        return {
            "key": self.key,
            "title": self.title,
            "status": self.status,
            "filled": self.filled,
            "found": self.found,
            "reason": self.reason,
        }


@dataclass
class EnrichReport:
    """Per-entry outcomes, source warnings, and how many requests went out."""

    outcomes: list[Outcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    requests: int = 0
    dry_run: bool = False

    def count(self, status: Status) -> int:
        """How many entries ended with ``status``."""
        return sum(1 for o in self.outcomes if o.status == status)

    def summary(self) -> str:
        """One line: ``3 filled, 1 ambiguous, 2 not found, 0 unchanged; 4 requests``."""
        parts = [f"{self.count('filled')} filled"]
        for status in ("ambiguous", "not found", "skipped"):
            if self.count(status):
                parts.append(f"{self.count(status)} {status}")
        parts.append(f"{self.count('unchanged')} unchanged")
        noun = "request" if self.requests == 1 else "requests"
        return ", ".join(parts) + f"; {self.requests} {noun}"

    def to_dict(self) -> dict[str, object]:
        """Plain data for ``--json``."""
        return {
            "dry_run": self.dry_run,
            "requests": self.requests,
            "entries": [o.to_dict() for o in self.outcomes],
            "warnings": self.warnings,
        }


def select_for_enrichment(
    store: Store,
    refs: Sequence[str] = (),
    tags: Sequence[str] = (),
    hits: Sequence[str] | None = None,
    everything: bool = False,
) -> list[Entry]:
    """The entries to enrich: ``refs`` (keys, arXiv ids, DOIs) as asked; otherwise the
    library (narrowed by ``tags`` and search ``hits``), only those missing authors or an
    identifier unless ``everything``."""
    from papercli.ops.selection import select_entries

    chosen = list(select_entries(store, refs, tags, hits, outcome="nothing was enriched"))
    if refs or everything:
        return chosen
    return [e for e in chosen if needs_enrichment(e)]


@dataclass
class _Found:
    """A lookup's result for one entry: the record to use, or why there is none."""

    record: Entry | None
    status: Status
    reason: str


def _label(record: Entry) -> str:
    return f"arXiv:{record.arxiv_id}" if record.arxiv_id else f"doi:{record.doi}"


def _chunks(items: list[Entry], size: int) -> list[list[Entry]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


class _Lookup:
    """The network phase: every entry's record, or why there is none."""

    def __init__(self, sources: Sources, total: int, progress: Progress | None) -> None:
        self.sources = sources
        self.total = total
        self.progress = progress
        self.done = 0
        self.found: dict[str, _Found] = {}

    def settle(self, entry: Entry, found: _Found) -> None:
        self.found[entry.key] = found
        self.done += 1
        if self.progress:
            self.progress(self.done, self.total)

    def by_arxiv_id(self, entries: list[Entry]) -> list[Entry]:
        """Look up entries by arXiv id; those not found but with a DOI are returned."""
        left: list[Entry] = []
        for batch in _chunks(entries, arxiv_mod.ID_BATCH):
            records = self.sources.arxiv.lookup([e.arxiv_id or "" for e in batch])
            for entry in batch:
                record = records.get(strip_version(entry.arxiv_id or ""))
                if record is not None:
                    self.settle(entry, _Found(record.entry, "filled", "by arXiv id"))
                elif entry.doi:
                    left.append(entry)
                else:
                    self.settle(entry, _Found(None, "not found", "arXiv has no such id"))
        return left

    def by_doi(self, entries: list[Entry]) -> None:
        for entry in entries:
            record = self.sources.crossref.work(entry.doi or "")
            if record is None:
                self.settle(entry, _Found(None, "not found", "Crossref does not know this DOI"))
            else:
                self.settle(entry, _Found(record, "filled", "by DOI"))

    def by_title(self, entries: list[Entry]) -> None:
        """arXiv title search in batches, then Crossref for what arXiv did not match."""
        for batch in _chunks(entries, arxiv_mod.TITLE_BATCH):
            searchable = [e for e in batch if title_phrase(e.title)]
            for entry in batch:
                if entry not in searchable:
                    self.settle(entry, _Found(None, "not found", "the title has no words"))
            if not searchable:
                continue
            records = self.sources.arxiv.search_titles([e.title for e in searchable])
            candidates = [r.entry for r in records]
            for entry in searchable:
                on_arxiv = best_match(entry, candidates)
                if on_arxiv.status == "matched":
                    self.settle(entry, _verdict(on_arxiv, "arXiv"))
                    continue
                on_crossref = best_match(entry, self.sources.crossref.search_title(entry.title))
                self.settle(entry, _combine(on_arxiv, on_crossref))


def _verdict(match: TitleMatch, where: str) -> _Found:
    assert match.candidate is not None
    return _Found(match.candidate, "filled", f"by title on {where}: {match.reason}")


def _combine(on_arxiv: TitleMatch, on_crossref: TitleMatch) -> _Found:
    if on_crossref.status == "matched":
        return _verdict(on_crossref, "Crossref")
    doubts = [
        f"{where} search: {m.reason}"
        for where, m in (("arXiv", on_arxiv), ("Crossref", on_crossref))
        if m.status == "ambiguous"
    ]
    if doubts:
        return _Found(None, "ambiguous", "; ".join(doubts) + "; nothing applied")
    return _Found(None, "not found", "no paper with this title on arXiv or Crossref")


def look_up(
    entries: Sequence[Entry], sources: Sources, progress: Progress | None = None
) -> dict[str, _Found]:
    """Every entry's record (by arXiv id, DOI, or title), or why none was taken."""
    lookup = _Lookup(sources, len(entries), progress)
    with_arxiv = [e for e in entries if e.arxiv_id]
    doi_only = [e for e in entries if not e.arxiv_id and e.doi]
    untitled = [e for e in entries if not e.arxiv_id and not e.doi]
    doi_only += lookup.by_arxiv_id(with_arxiv)
    lookup.by_doi(doi_only)
    lookup.by_title(untitled)
    return lookup.found


def taken_elsewhere(store: Store, entry: Entry, record: Entry) -> str | None:
    """The key of another entry that already has ``record``'s arXiv id or DOI."""
    if not store.exists():
        return None
    arxiv, doi = entry_arxiv(record), entry_doi(record)
    for other in store.matches([Entry(title="", arxiv_id=record.arxiv_id, doi=record.doi)]):
        if other.key == entry.key:
            continue
        if (arxiv and entry_arxiv(other) == arxiv) or (doi and entry_doi(other) == doi):
            return other.key
    return None


def enrich_entries(
    store: Store,
    entries: Sequence[Entry],
    sources: Sources,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> EnrichReport:
    """Look ``entries`` up and fill their empty fields (``dry_run``: only report)."""
    found = look_up(entries, sources, progress)
    report = EnrichReport(dry_run=dry_run)
    report.warnings = list(dict.fromkeys(sources.arxiv.warnings))
    outcomes: dict[str, Outcome] = {}
    usable: dict[str, Entry] = {}
    for entry in entries:
        hit = found[entry.key]
        outcome = Outcome(entry.key, entry.title, hit.status, hit.reason)
        if hit.record is not None:
            outcome.found = _label(hit.record)
            if (
                not entry.arxiv_id
                and not entry.doi
                and (other := taken_elsewhere(store, entry, hit.record))
            ):
                outcome.status = "skipped"
                outcome.reason = (
                    f"{outcome.found} is already {other!r}; "
                    f"'papercli merge {other} {entry.key}' folds the two"
                )
            else:
                usable[entry.key] = hit.record
        outcomes[entry.key] = outcome

    report.outcomes = apply_plans(store, entries, usable, outcomes, plan_enrichment, dry_run)
    report.requests = sources.requests
    return report


def apply_plans(
    store: Store,
    entries: Sequence[Entry],
    usable: dict[str, Any],
    outcomes: dict[str, Outcome],
    plan: Callable[[Entry, Any], Enrichment],
    dry_run: bool,
) -> list[Outcome]:
    """Fill each entry with a usable record through ``plan`` (under the lock, read fresh;
    ``dry_run``: only say what would change); each entry's outcome, in order."""

    def fill(current: Entry) -> Entry | None:
        planned = plan(current, usable[current.key])
        outcome = outcomes[current.key]
        outcome.filled = planned.filled
        outcome.status = "filled" if planned.changed else "unchanged"
        outcome.reason = f"{planned.reason} ({outcome.reason})"
        return planned.entry if planned.changed else None

    if dry_run:
        for entry in entries:
            if entry.key in usable:
                fill(entry)
    elif usable:
        store.change(list(usable), fill)
    return [outcomes[e.key] for e in entries]
