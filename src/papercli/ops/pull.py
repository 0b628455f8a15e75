"""``pull``: the daily papers of Hugging Face and arXiv categories, merged like an import.

Every day of every source is fetched first; only when all answered is anything written,
in one import (``importing.import_entries``: papers already held are merged, new ones
arrive as ``new``). The last day pulled from each source is kept in the library's local
state (``pull``), so ``pull`` without days catches up from the day after it. Today's lists
still grow, so today is pulled again by the next run and never recorded as done; the
lists of today and yesterday are always asked afresh and never saved, older days are
saved in the library's HTTP cache (``--offline`` answers from it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from papercli.citekeys import DEFAULT_PATTERN
from papercli.errors import InputError
from papercli.model import Entry
from papercli.ops.importing import ImportReport, preview_import
from papercli.sources.arxiv import ArxivSource
from papercli.sources.feeds import ARXIV, PullSource
from papercli.sources.hf_api import HfSource
from papercli.sources.http import HttpClient, Response
from papercli.sources.settings import SourceSettings
from papercli.store import Store

STATE = "pull"
CACHE_NAME = "http"
MAX_DAYS = 62  # a longer catch-up is refused: ask for it with --since
Progress = Callable[[int, int], None]


@dataclass
class DayResult:
    """What one source listed on one day."""

    source: str
    day: str
    papers: int

    def to_dict(self) -> dict[str, object]:
        """Plain data for ``--json``."""
        return {"source": self.source, "day": self.day, "papers": self.papers}


@dataclass
class PullReport:
    """The days fetched, the import that followed, and the warnings of both."""

    days: list[DayResult] = field(default_factory=list)
    imported: ImportReport = field(default_factory=ImportReport)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False

    def empty_days(self) -> list[DayResult]:
        """Days whose list held no paper (yet)."""
        return [d for d in self.days if d.papers == 0]

    def to_dict(self) -> dict[str, object]:
        """Plain data for ``--json``."""
        return {
            "days": [d.to_dict() for d in self.days],
            **self.imported.to_dict(),
            "warnings": [*self.warnings, *self.imported.warnings],
            "dry_run": self.dry_run,
        }


class _FreshClient(HttpClient):
    """An HttpClient for lists that may still grow: it neither answers from the cache
    (unless offline) nor saves there a list that a later day would find incomplete."""

    def _cached(self, url: str) -> Response | None:
        return super()._cached(url) if self.offline else None

    def _store(self, response: Response) -> None:
        return None


def day_range(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every day from ``start`` to ``end``, both included; InputError when too many/none."""
    if start > end:
        raise InputError(f"{start} is after {end}; nothing to pull")
    count = (end - start).days + 1
    if count > MAX_DAYS:
        raise InputError(f"{count} days from {start} to {end}; pull at most {MAX_DAYS} at once")
    return [start + dt.timedelta(days=n) for n in range(count)]


def pending_days(store: Store, source: PullSource, today: dt.date) -> list[dt.date]:
    """The days ``pull`` alone fetches for ``source``: after the last one done, to today."""
    last = store.read_state(STATE).get(source.name) if store.exists() else None
    try:
        start = dt.date.fromisoformat(last) + dt.timedelta(days=1) if last else today
    except (TypeError, ValueError):
        start = today
    start = max(start, today - dt.timedelta(days=MAX_DAYS - 1))
    return day_range(min(start, today), today)


def fetch(
    sources: Sequence[tuple[PullSource, Sequence[dt.date]]],
    settings: SourceSettings,
    cache_dir: Path | None,
    offline: bool,
    today: dt.date,
    progress: Progress | None = None,
) -> tuple[list[Entry], PullReport]:
    """Every paper of every (source, days); raises on the first day that cannot be had."""
    stored = settings.client(cache_dir=cache_dir, offline=offline)
    fresh = _FreshClient(
        user_agent=stored.user_agent,
        cache_dir=cache_dir,
        offline=offline,
        timeout=stored.timeout,
        backoff=stored.backoff,
    )
    fresh._last_request = stored._last_request  # one pause between requests to one host
    report = PullReport()
    entries: list[Entry] = []
    total = sum(len(days) for _, days in sources)
    done = 0
    for source, days in sources:
        for day in days:
            client = fresh if day >= today - dt.timedelta(days=1) else stored
            papers, warnings = _fetch_day(source, day, client, settings)
            entries.extend(papers)
            report.warnings.extend(warnings)
            report.days.append(DayResult(source.name, day.isoformat(), len(papers)))
            done += 1
            if progress:
                progress(done, total)
    return entries, report


def _fetch_day(
    source: PullSource, day: dt.date, client: HttpClient, settings: SourceSettings
) -> tuple[list[Entry], list[str]]:
    if source.kind == ARXIV and source.category:
        arxiv = ArxivSource(client, settings.arxiv_api, settings.arxiv_delay)
        records = arxiv.listing(source.category, day)
        return [r.entry for r in records], arxiv.warnings
    hf = HfSource(client, settings.hf_api)
    return hf.daily(day), hf.warnings


def pull(
    store: Store,
    sources: Sequence[tuple[PullSource, Sequence[dt.date]]],
    settings: SourceSettings,
    *,
    today: dt.date,
    now: dt.datetime,
    dry_run: bool = False,
    offline: bool = False,
    key_pattern: str = DEFAULT_PATTERN,
    progress: Progress | None = None,
) -> PullReport:
    """Fetch every day of ``sources``, then import their papers and remember the days."""
    cache_dir = None if dry_run and not store.exists() else store.cache_dir(CACHE_NAME)
    entries, report = fetch(sources, settings, cache_dir, offline, today, progress)
    report.dry_run = dry_run
    if dry_run:
        report.imported, _ = preview_import(store, entries, now, key_pattern)
        return report
    with store.transaction():  # as ``import_entries`` does, and the days with it
        report.imported, to_write = preview_import(store, entries, now, key_pattern)
        store.add(to_write)
        _remember(store, sources, today)
    return report


def _remember(
    store: Store, sources: Sequence[tuple[PullSource, Sequence[dt.date]]], today: dt.date
) -> None:
    """Move each source's last day done forward when the days pulled continue from it.
    Today never counts as done (its list still grows): pulling it records yesterday."""
    state = store.read_state(STATE)
    for source, days in sources:
        if not days:
            continue
        done = min(max(days), today - dt.timedelta(days=1))
        previous = _date(state.get(source.name))
        if previous is None or min(days) <= previous + dt.timedelta(days=1):
            state[source.name] = max(done, previous or done).isoformat()
    store.write_state(STATE, state)


def _date(text: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None
