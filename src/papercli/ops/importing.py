"""Importing parsed papers into the library: match, merge, assign keys, write."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields

from papercli.citekeys import DEFAULT_PATTERN, base_key, is_valid_key, unique_key
from papercli.dates import is_valid_date, valid_part
from papercli.errors import InputError
from papercli.identifiers import arxiv_of_doi
from papercli.model import Entry, settle_extra
from papercli.ops.digest_input import read_digest
from papercli.ops.import_merge import IdentityIndex, merge_into
from papercli.parsers import parse
from papercli.parsers.base import Skipped
from papercli.store import Store
from papercli.store.files import key_of_name

# C0 controls other than tab, LF and CR, DEL, C1 controls and lone surrogates: never useful
# in a reference, unsafe on a terminal, and (surrogates) not writable as UTF-8.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` in NFC with control characters and lone surrogates removed."""
    return unicodedata.normalize("NFC", _UNSAFE.sub("", text))


def clean_entry(entry: Entry) -> Entry:
    """Apply ``clean_text`` to every text of ``entry`` in place (NFC/NFD forms become one)."""
    for f in fields(entry):
        value = getattr(entry, f.name)
        if isinstance(value, str):
            setattr(entry, f.name, clean_text(value))
        elif isinstance(value, list):
            setattr(entry, f.name, [clean_text(v) for v in value])
        elif isinstance(value, dict):
            setattr(entry, f.name, {clean_text(k): clean_text(v) for k, v in value.items()})
    settle_extra(entry)  # what reading its file back would do
    return entry


@dataclass
class Merge:
    """An incoming record that was recognised as a paper already held (or just added)."""

    title: str
    into: str  # the key of the entry it merged into
    source: str | None  # the record's source format
    key: str | None  # the key it arrived with (BibTeX), when another one was kept

    def to_dict(self) -> dict[str, object]:
        """Plain data for ``--json``."""
        return {"title": self.title, "into": self.into, "source": self.source, "key": self.key}


@dataclass
class Refusal:
    """A digest file that was refused, and why (``import --dry-run`` lists them)."""

    file: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        """Plain data for ``--json``."""
        return {"file": self.file, "reason": self.reason}


@dataclass
class ImportReport:
    """What an import did. ``merged`` counts records folded into another one of the batch;
    ``merges`` says, for every record recognised as a paper already held, which entry it
    went into; ``titles`` maps each added key to its title."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    merged: int = 0
    warnings: list[str] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    refused: list[Refusal] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # records the gate let go (--skip-bad)
    unreadable: list[str] = field(default_factory=list)  # keys of unreadable files, not re-added

    def summary(self) -> str:
        """One line: ``76 added, 0 updated, 0 unchanged``."""
        text = (
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged"
        )
        if self.merged:
            text += f", {self.merged} duplicates merged"
        if self.unreadable:
            text += f", {len(self.unreadable)} skipped (unreadable entry file)"
        if self.skipped:
            text += f", {len(self.skipped)} bad records skipped"
        return text

    def to_dict(self) -> dict[str, object]:
        """Plain data for ``--json``."""
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "merged": self.merged,
            "merges": [m.to_dict() for m in self.merges],
            "refused": [r.to_dict() for r in self.refused],
            "skipped": [s.to_dict() for s in self.skipped],
            "unreadable": self.unreadable,
            "warnings": self.warnings,
        }


def _new_key(record: Entry, taken: set[str], report: ImportReport, pattern: str) -> str:
    """Keep a key the record arrived with (BibTeX) when valid and free, else make one."""
    wanted = record.key
    if wanted and is_valid_key(wanted) and wanted.lower() not in taken:
        taken.add(wanted.lower())
        return wanted
    key = unique_key(record, taken, pattern)
    if wanted:
        why = "is taken" if is_valid_key(wanted) else "is not a valid BibTeX key"
        report.warnings.append(f"key {wanted!r} {why}; imported as {key!r}")
    return key


def _held_by_broken_file(
    record: Entry, broken: dict[str, str] | None, pattern: str, report: ImportReport
) -> bool:
    """True (and a warning) when the key ``record`` would get is an unreadable file's."""
    if not broken:
        return False
    wanted = record.key if record.key and is_valid_key(record.key) else base_key(record, pattern)
    path = broken.get(wanted.lower())
    if path is None:
        return False
    report.unreadable.append(wanted)
    report.warnings.append(
        f"skipped {record.title[:60]!r}: it is probably the paper in {path}, which cannot be "
        f"read; repair it ('papercli edit {wanted}') and import again"
    )
    return True


def add_alias(entry: Entry, alias: str, taken: set[str]) -> bool:
    """Keep ``alias`` as a former key of ``entry`` when it is a valid key no other paper
    uses (``taken``: lower-cased keys and aliases in use, updated); True when added."""
    folded = alias.lower()
    if folded == entry.key.lower() or any(a.lower() == folded for a in entry.aliases):
        return False
    if not is_valid_key(alias) or folded in taken:
        return False
    entry.aliases.append(alias)
    taken.add(folded)
    return True


def plan_import(
    existing: list[Entry],
    incoming: list[Entry],
    now: dt.datetime,
    reserved: set[str] | None = None,
    key_pattern: str = DEFAULT_PATTERN,
    taken: set[str] | None = None,
    broken: dict[str, str] | None = None,
) -> tuple[ImportReport, list[Entry]]:
    """Decide what an import does without touching disk: the report and entries to write.

    ``reserved`` holds keys in use by files that could not be read, so they are never reused;
    ``taken`` the lowercased keys of the whole library (``existing`` may be only the
    entries that could match).
    ``broken`` maps the lowercased keys of unreadable entry files to their paths: a record
    whose key would be one of them is probably that paper, so it is skipped with a warning
    naming the file rather than added again under a suffixed key.
    Incoming records are cleaned first (``clean_entry``); new keys follow ``key_pattern``
    (see ``citekeys.check_pattern``).
    """
    index = IdentityIndex()
    for entry in existing:
        index.add(entry)
    taken = (
        {e.key.lower() for e in existing} | {k.lower() for k in reserved or ()} | set(taken or ())
    )
    stamp = now.replace(microsecond=0).isoformat()
    report = ImportReport()
    new_keys: set[str] = set()
    changed: dict[str, Entry] = {}
    matched: set[str] = set()
    for record in incoming:
        if not record.arxiv_id and (arxiv := arxiv_of_doi(record.doi)):
            record.arxiv_id = arxiv  # arXiv's DOI names the arXiv paper: cite it as one
        if not clean_entry(record).title.strip():
            report.warnings.append("skipped a paper whose title is only control characters")
            continue
        if record.date is not None and not is_valid_date(record.date):
            kept = valid_part(record.date)
            report.warnings.append(
                f"{record.title[:50]!r}: date {record.date!r} does not exist; kept "
                + (repr(kept) if kept else "no date")
            )
            record.date = kept
        stored = index.find(record)
        if stored is None and _held_by_broken_file(record, broken, key_pattern, report):
            continue
        if stored is None:
            keyed = bool(record.key)
            record.key = _new_key(record, taken, report, key_pattern)
            record.added = stamp
            record.status = record.status or "new"
            if record.authors and record.author_count is None:
                record.author_count = len(record.authors)
            index.add(record, incoming=True, keyed=keyed)
            new_keys.add(record.key)
            report.added.append(record.key)
            report.titles[record.key] = record.title
            changed[record.key] = record
            continue
        if stored.key in new_keys or stored.key in matched:
            report.merged += 1
        arrived = record.key if record.key and record.key != stored.key else None
        report.merges.append(Merge(record.title, stored.key, record.source, arrived))
        aliased = bool(arrived) and add_alias(stored, arrived or "", taken)
        if arrived and aliased:
            report.warnings.append(
                f"{arrived!r} is the paper already held as {stored.key!r}; "
                f"{arrived!r} is kept as its alias, so \\cite{{{arrived}}} still resolves"
            )
        elif arrived and record.source == "bibtex":
            report.warnings.append(
                f"{arrived!r} is the paper already held as {stored.key!r}; "
                f"cite it as {stored.key!r} (or 'papercli edit {stored.key}' to change the key)"
            )
        matched.add(stored.key)
        if merge_into(stored, record) or aliased:
            index.add(stored)
            changed[stored.key] = stored
    for key in dict.fromkeys(k for k in matched if k not in new_keys):
        (report.updated if key in changed else report.unchanged).append(key)
    report.updated.sort()
    report.unchanged.sort()
    return report, list(changed.values())


@dataclass
class Parsed:
    """Digest files read: their records, warnings, refused files and skipped records."""

    incoming: list[Entry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def parse_digests(
    names: Sequence[str],
    reference: dt.date,
    fmt: str | None = None,
    keep_going: bool = False,
    skip_bad: bool = False,
) -> Parsed:
    """Read and parse digest files.

    A file that cannot be read or is refused by the gate raises, unless ``keep_going``
    (``--dry-run``, ``--json``), which lists it among the refused and goes on with the next
    file. ``skip_bad`` leaves out the few records the gate refuses (``--skip-bad``), each
    reported among ``skipped`` and as a warning.
    """
    parsed = Parsed()
    for name in names:
        try:
            origin, text = read_digest(name)
            digest = parse(text, reference, fmt=fmt, origin=origin, skip_bad=skip_bad)
        except InputError as exc:
            if not keep_going:
                raise
            parsed.refused.append(Refusal(name, str(exc)))
            continue
        parsed.incoming.extend(digest.entries)
        parsed.warnings.extend(f"{origin}: {w}" for w in digest.warnings)
        parsed.warnings.extend(f"{origin}: skipped {s.describe()}" for s in digest.skipped)
        parsed.skipped.extend(digest.skipped)
    return parsed


def import_entries(
    store: Store,
    incoming: list[Entry],
    now: dt.datetime,
    progress: Callable[[int, int], None] | None = None,
    key_pattern: str = DEFAULT_PATTERN,
) -> ImportReport:
    """Merge ``incoming`` into the library under the writer lock; returns what changed.

    Only stored entries that share an identity with the incoming records are decoded, and
    only the keys are listed, so importing a small digest into a large library costs what
    the digest costs.
    """
    with store.transaction():
        report, to_write = preview_import(store, incoming, now, key_pattern)
        store.add(to_write, progress)
    return report


def preview_import(
    store: Store,
    incoming: list[Entry],
    now: dt.datetime,
    key_pattern: str = DEFAULT_PATTERN,
) -> tuple[ImportReport, list[Entry]]:
    """What ``import_entries`` would do, without writing anything or creating the library:
    the report and the entries it would write."""
    existing: list[Entry] = []
    taken: set[str] = set()
    if store.exists():
        existing, taken = store.import_view(incoming)
    broken = {key_of_name(p.path.name).lower(): store.relative(str(p.path)) for p in store.problems}
    report, to_write = plan_import(
        existing, incoming, now, key_pattern=key_pattern, taken=taken, broken=broken
    )
    report.warnings.extend(str(p) for p in store.problems)
    return report, to_write
