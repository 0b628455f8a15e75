"""``enrich --venue``: make preprints cite their peer-reviewed version (NeurIPS, JMLR...).

1. Look up first, holding no lock. Semantic Scholar by id (``ARXIV:<id>``, else
   ``DOI:<doi>``; up to 500 a request, each answer cached per paper), else by title
   (``paper/search/match``). A paper found by id is surely the entry's; one found by title
   only under ``sources.published``'s rule (title, first author, year).
2. When Semantic Scholar names a venue, DBLP is asked by title for its record of that
   paper: the one Semantic Scholar links to (``externalIds.DBLP``), or, when that link is
   the CoRR record's, one passing the rule at the same venue. Its year, volume, number and
   pages are the venue's (Semantic Scholar's year is often the preprint's); without one,
   Semantic Scholar's details are used.
3. When Semantic Scholar knows no venue (arXiv only, or not at all), DBLP's title search
   decides under the same rule; CoRR records are no venue. The authors Semantic Scholar
   gave for the entry's id help when the entry has none.
4. Apply with ``store.change`` (fresh read under the lock): ``published.plan_venue``.
   Ambiguous or near-miss answers are reported, never applied; a venue DOI another entry
   already holds is skipped (``papercli merge`` folds the two).

Any failure of a source raises before anything is written: the library is unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from papercli.identifiers import strip_version
from papercli.model import Entry
from papercli.ops.enriching import (
    EnrichReport,
    Outcome,
    Progress,
    apply_plans,
    taken_elsewhere,
)
from papercli.sources.dblp import DblpSource
from papercli.sources.http import HttpClient
from papercli.sources.published import (
    VenueMatch,
    VenueRecord,
    choose,
    has_venue,
    plan_venue,
)
from papercli.sources.semantic_scholar import SemanticScholarSource
from papercli.sources.settings import SourceSettings
from papercli.store import Store

S2 = "Semantic Scholar"


@dataclass
class VenueSources:
    """Semantic Scholar and DBLP behind one client (one cache, one request count)."""

    client: HttpClient
    s2: SemanticScholarSource
    dblp: DblpSource

    @property
    def requests(self) -> int:
        """Requests actually sent (answers from the cache are not counted)."""
        return self.client.requests_made


def open_venue_sources(
    settings: SourceSettings, cache_dir: Path | None, offline: bool, refresh: bool = False
) -> VenueSources:
    """Sources with ``settings``' endpoints, key and pause; answers cached in ``cache_dir``
    (``refresh``: none read, every paper asked again)."""
    client = settings.client(cache_dir=cache_dir, offline=offline)
    client.refresh = refresh
    s2 = SemanticScholarSource(client, settings.s2_api, settings.s2_key, settings.venue_delay)
    return VenueSources(client, s2, DblpSource(client, settings.dblp_api, settings.venue_delay))


def select_for_venues(
    store: Store,
    refs: Sequence[str] = (),
    tags: Sequence[str] = (),
    hits: Sequence[str] | None = None,
    everything: bool = False,
) -> list[Entry]:
    """``refs`` as asked; else the library (narrowed by ``tags`` and ``hits``), only the
    papers naming no venue unless ``everything``."""
    from papercli.ops.selection import select_entries

    chosen = list(select_entries(store, refs, tags, hits, outcome="nothing was enriched"))
    if refs or everything:
        return chosen
    return [e for e in chosen if not has_venue(e)]


def s2_id(entry: Entry) -> str | None:
    """The id Semantic Scholar's batch is asked with: ``ARXIV:<id>``, else ``DOI:<doi>``."""
    if entry.arxiv_id and entry.arxiv_id.strip():
        return f"ARXIV:{strip_version(entry.arxiv_id.strip())}"
    if entry.doi and entry.doi.strip():
        return f"DOI:{entry.doi.strip()}"
    return None


def _is_corr(key: str | None) -> bool:
    return not key or key.startswith("journals/corr/")


class _Finder:
    """The network phase for one run."""

    def __init__(self, sources: VenueSources) -> None:
        self.sources = sources

    def find(self, entry: Entry, by_id: VenueRecord | None) -> VenueMatch:
        if by_id is not None:
            how = "by arXiv id" if entry.arxiv_id else "by DOI"
            if by_id.kind is not None:
                s2 = VenueMatch("matched", by_id, f"{S2} ({how}): {by_id.describe()}")
            else:
                s2 = VenueMatch("none", reason=f"{S2} ({how}): only the arXiv preprint")
        else:
            found = self.sources.s2.match_title(entry.title) if entry.title.strip() else None
            s2 = (
                choose(entry, [found], S2)
                if found
                else VenueMatch("none", reason=f"{S2}: no match")
            )
        if s2.status == "matched" and s2.record is not None:
            return self._details(entry, s2.record) or s2
        probe = entry
        if by_id is not None and not entry.authors:
            probe = replace(entry, authors=list(by_id.authors))
        on_dblp = choose(probe, self.sources.dblp.search(entry.title), "DBLP")
        if on_dblp.status == "matched":
            return on_dblp
        doubts = [m.reason for m in (s2, on_dblp) if m.status == "ambiguous"]
        if doubts:
            return VenueMatch("ambiguous", reason="; ".join(doubts) + "; nothing applied")
        return VenueMatch("none", reason=f"{s2.reason}; {on_dblp.reason}")

    def _details(self, entry: Entry, record: VenueRecord) -> VenueMatch | None:
        """DBLP's record of the venue paper Semantic Scholar found, for the venue's own year,
        volume, number and pages: the one Semantic Scholar links to, else (its link being
        the CoRR record's) one DBLP surely matches at the same venue. None: keep S2's."""
        hits = self.sources.dblp.search(record.title or entry.title)
        if not _is_corr(record.dblp_key):
            linked = [r for r in hits if r.dblp_key == record.dblp_key and r.kind is not None]
            how = f"linked to {record.label} by {S2}"
        else:
            probe = entry if entry.authors else replace(entry, authors=list(record.authors))
            verdict = choose(probe, hits, "DBLP")
            same = verdict.record is not None and verdict.record.venue == record.venue
            linked = [verdict.record] if verdict.record is not None and same else []
            how = f"the venue {S2} gives {record.label}"
        if not linked:
            return None
        dblp = linked[0]
        merged = replace(
            dblp,
            doi=record.doi or dblp.doi,
            arxiv_id=record.arxiv_id or dblp.arxiv_id,
            volume=dblp.volume or record.volume,
            pages=dblp.pages or record.pages,
        )
        return VenueMatch("matched", merged, f"DBLP: {merged.describe()}, {how}")


def find_published(
    entries: Sequence[Entry], sources: VenueSources, progress: Progress | None = None
) -> dict[str, VenueMatch]:
    """Every entry's published version, or why none was taken (entries naming a venue
    already are not asked about)."""
    asked = [e for e in entries if not has_venue(e)]
    ids = {e.key: i for e in asked if (i := s2_id(e))}
    by_id = sources.s2.batch(list(ids.values())) if ids else {}
    finder = _Finder(sources)
    found: dict[str, VenueMatch] = {}
    for done, entry in enumerate(asked, start=1):
        record = by_id.get(ids[entry.key]) if entry.key in ids else None
        found[entry.key] = finder.find(entry, record)
        if progress:
            progress(done, len(asked))
    return found


def _outcome(store: Store, entry: Entry, match: VenueMatch | None) -> Outcome:
    if match is None:
        where = entry.journal or entry.booktitle or entry.journal_ref
        return Outcome(entry.key, entry.title, "unchanged", f"already has a venue: {where}")
    if match.status == "ambiguous":
        return Outcome(entry.key, entry.title, "ambiguous", match.reason)
    if match.status == "none" or match.record is None:
        return Outcome(entry.key, entry.title, "not found", match.reason)
    outcome = Outcome(entry.key, entry.title, "filled", match.reason, found=match.record.label)
    doi = match.record.doi
    if doi and (entry.doi or "").casefold() != doi.casefold():
        other = taken_elsewhere(store, entry, Entry(title="", doi=doi))
        if other:
            outcome.status = "skipped"
            outcome.reason = (
                f"doi:{doi} is already {other!r}; 'papercli merge {other} {entry.key}' folds them"
            )
    return outcome


def venue_entries(
    store: Store,
    entries: Sequence[Entry],
    sources: VenueSources,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> EnrichReport:
    """Find ``entries``' published versions and make them cite it (``dry_run``: report)."""
    found = find_published(entries, sources, progress)
    report = EnrichReport(dry_run=dry_run)
    outcomes = {e.key: _outcome(store, e, found.get(e.key)) for e in entries}
    usable = {
        key: match.record
        for key, match in found.items()
        if match.record is not None and outcomes[key].status == "filled"
    }

    report.outcomes = apply_plans(store, entries, usable, outcomes, plan_venue, dry_run)
    report.requests = sources.requests
    return report
