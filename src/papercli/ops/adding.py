"""``add``: papers named by arXiv id or DOI, looked up online, then imported like a digest.

arXiv ids (and arXiv DOIs, ``10.48550/arXiv.ID``) are asked of the arXiv API in batches
through ``id_list``; other DOIs of Crossref, one ``/works/{doi}`` each. The records found go
through ``ops.importing`` exactly as a digest's would: new papers added, known ones merged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from papercli.citekeys import DEFAULT_PATTERN
from papercli.errors import NotFoundError
from papercli.identifiers import PaperId
from papercli.model import Entry
from papercli.ops.importing import ImportReport, import_entries, preview_import
from papercli.ops.online import Sources
from papercli.store import Store


@dataclass
class Fetched:
    """The records found, in the order asked, and the identifiers nobody knew."""

    records: list[Entry] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class AddResult:
    """The import report of the papers found, plus what was not found."""

    report: ImportReport
    missing: list[str]
    dry_run: bool
    titles: dict[str, str] = field(default_factory=dict)  # key -> title of what changes
    held: dict[str, str] = field(default_factory=dict)  # identifier -> key already holding it

    def to_dict(self) -> dict[str, object]:
        """Plain data for ``--json``: the import report plus ``not_found``, ``held`` (the
        identifiers the library already holds, and the key of each) and ``dry_run``."""
        return {
            **self.report.to_dict(),
            "not_found": self.missing,
            "held": self.held,
            "dry_run": self.dry_run,
        }


def arxiv_id_of(paper: PaperId) -> str | None:
    """The arXiv id a paper identifier names (an arXiv DOI parses as its arXiv id)."""
    return paper.value if paper.kind == "arxiv" else None


def fetch(papers: Sequence[PaperId], sources: Sources) -> Fetched:
    """Look every identifier up: arXiv ids batched, DOIs one by one at Crossref."""
    arxiv_ids = [a for p in papers if (a := arxiv_id_of(p))]
    from_arxiv = sources.arxiv.lookup(arxiv_ids) if arxiv_ids else {}
    dois = [p.value for p in papers if arxiv_id_of(p) is None]
    from_crossref = sources.crossref.works(dois) if dois else {}
    found = Fetched(warnings=list(dict.fromkeys(sources.arxiv.warnings)))
    for paper in papers:
        arxiv_id = arxiv_id_of(paper)
        if arxiv_id is not None:
            record = from_arxiv.get(arxiv_id)
            entry = record.entry if record else None
        else:
            entry = from_crossref.get(paper.value)
        if entry is None or not entry.title.strip():
            where = "arXiv" if arxiv_id is not None else "Crossref"
            found.missing.append(f"{paper} (not found on {where})")
        else:
            found.records.append(entry)
    return found


def add_papers(
    store: Store,
    papers: Sequence[PaperId],
    sources: Sources,
    now: dt.datetime,
    key_pattern: str = DEFAULT_PATTERN,
    dry_run: bool = False,
) -> AddResult:
    """Fetch ``papers`` and import them (``dry_run``: only say what would happen).

    Papers the library already holds (by any form of their identifier) are not asked
    for again: they are listed in ``held`` (``enrich`` refreshes them).

    NotFoundError when none of them was found; otherwise the unknown ones are listed in
    ``missing`` and the others added or merged.
    """
    store.check_format()
    found = store.find_keys([str(p) for p in papers])
    held = {str(p): found[str(p)] for p in papers if str(p) in found}
    papers = [p for p in papers if str(p) not in held]
    if not papers:
        return AddResult(ImportReport(unchanged=sorted(set(held.values()))), [], dry_run, {}, held)
    fetched = fetch(papers, sources)
    if not fetched.records:
        names = "; ".join(fetched.missing)
        raise NotFoundError(f"no paper found: {names}; nothing was added")
    if dry_run:
        report, changed = preview_import(store, fetched.records, now, key_pattern)
    else:
        report = import_entries(store, fetched.records, now, key_pattern=key_pattern)
        changed = [r for r in fetched.records if r.key in {*report.added, *report.updated}]
    report.warnings[:0] = fetched.warnings
    titles = {e.key: e.title for e in changed}
    report.unchanged = sorted({*report.unchanged, *held.values()})
    return AddResult(report, fetched.missing, dry_run, titles, held)
