"""The Entry record: one paper, as stored in ``entries/<key>.yaml`` and printed by ``--json``."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, fields
from typing import Any

from papercli.dates import is_valid_date, year_shown
from papercli.errors import PapercliError

# Field order is the order written to YAML and JSON.
LIST_FIELDS = ("aliases", "authors", "urls", "tags", "categories", "editors")
INT_FIELDS = ("author_count", "upvotes")
BOOL_FIELDS = ("date_inferred",)
# Where a paper appeared, as BibTeX names these fields (all text: "12--34", "3").
VENUE_FIELDS = ("journal", "booktitle", "volume", "number", "pages", "publisher", "isbn", "issn")
STR_FIELDS = (
    "key",
    "title",
    "abstract",
    "date",
    "date_raw",
    "source",
    "added",
    "type",
    "arxiv_id",
    "doi",
    "comments",
    "journal_ref",
    "organization",
    "note",
    "status",
    *VENUE_FIELDS,
    "pdf",
    "pdf_sha256",
)
# Written (to YAML and JSON) only when set: most papers have no file, and every other
# field's file and golden sample stays as it was.
OPTIONAL_FIELDS = ("pdf", "pdf_sha256")
# Reading status: imported papers start as ``new``; triage moves them on.
STATUSES = ("new", "to-read", "read", "skipped")
# Entries stored before statuses existed have none: they count as already triaged and
# kept, i.e. ``to-read``, so upgrading does not flood the inbox with a whole library.
STATUS_WITHOUT_FIELD = "to-read"


class EntryFormatError(PapercliError):
    """An entry mapping whose fields have the wrong shape."""


@dataclass
class Entry:
    """One paper. Unknown values are ``None`` or empty, never invented."""

    key: str = ""
    title: str = ""
    authors: list[str] = field(default_factory=list)
    author_count: int | None = None
    date: str | None = None
    date_raw: str | None = None
    upvotes: int | None = None
    abstract: str = ""
    urls: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    source: str | None = None
    added: str | None = None
    type: str = "misc"
    arxiv_id: str | None = None
    doi: str | None = None
    categories: list[str] = field(default_factory=list)
    comments: str | None = None
    journal_ref: str | None = None
    organization: str | None = None
    note: str | None = None
    status: str | None = None
    # Round trips (issue 13): whether ``date``'s year was guessed from a year-less digest
    # date (``Sep 28``), and the venue fields of a published paper.
    date_inferred: bool = False
    journal: str | None = None
    booktitle: str | None = None
    volume: str | None = None
    number: str | None = None
    pages: str | None = None
    publisher: str | None = None
    editors: list[str] = field(default_factory=list)
    isbn: str | None = None
    issn: str | None = None
    # The paper's PDF in the library (``pdfs/<key>.pdf``, posix, relative to the library)
    # and the SHA-256 of its bytes when it was stored (``store.pdfs``).
    pdf: str | None = None
    pdf_sha256: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    # Keys the paper was known by before (``rekey``, ``merge``, an import that named it
    # otherwise): they still resolve, so ``\cite{old}`` in a paper keeps working.
    aliases: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict in storage order (lists and dicts copied)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None and f.name in OPTIONAL_FIELDS:
                continue
            if isinstance(value, list):
                value = list(value)
            elif isinstance(value, dict):
                value = dict(value)
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        """Build an Entry from a stored mapping, checking every field's type.

        Unknown keys are rejected so a typo in a hand edit is reported, not dropped.
        """
        if not isinstance(data, dict):
            raise EntryFormatError("entry is not a mapping of field: value")
        if not _FIELD_NAMES.issuperset(data):
            unknown = sorted(str(k) for k in data if k not in _FIELD_NAMES)
            raise EntryFormatError(f"unknown field(s): {', '.join(unknown)}")
        entry = cls(**{name: _checked(name, value) for name, value in data.items()})
        if not entry.title.strip():
            raise EntryFormatError("entry has no title")
        _migrate(entry, data)
        return entry


def _migrate(entry: Entry, data: dict[str, Any]) -> None:
    """Read files written before the venue fields and ``date_inferred`` existed.

    Venue fields an imported .bib left in ``extra`` move to their own field; a digest date
    without a year (``date_raw: Sep 28``) marks the date as inferred.
    """
    settle_extra(entry)
    if "date_inferred" not in data and entry.date and entry.date_raw:
        entry.date_inferred = not year_shown(entry.date_raw)


def settle_extra(entry: Entry) -> None:
    """Venue fields (and ``editor``) held in ``extra`` move to their own empty field, as a
    file is read: an entry settled so reads back from its file unchanged."""
    if not entry.extra:
        return
    from papercli.latex.decode import latex_to_text, split_names

    for name in (*VENUE_FIELDS, "editor"):
        value = entry.extra.get(name)
        target = "editors" if name == "editor" else name
        if value and value.strip() and not getattr(entry, target):
            del entry.extra[name]
            if name == "editor":
                entry.editors = split_names(value)
            else:
                setattr(entry, target, latex_to_text(value))


# Looked up once: from_dict runs for every entry of a 100,000-paper export.
_FIELD_NAMES = frozenset(f.name for f in fields(Entry))
_FIELD_COUNT = len(_FIELD_NAMES)
_OPTIONAL_UNSET = dict.fromkeys(OPTIONAL_FIELDS)


def entry_from_index(data: dict[str, Any]) -> Entry:
    """An Entry from a dict the index stored from ``to_dict``: already checked, so no checks.

    Listing 100,000 papers spent most of its time re-validating what the index had
    validated when it read the file; the dataclass ``__init__`` is skipped too (``data``
    has every field, freshly unpacked, so nothing is shared).
    """
    if not _FIELD_COUNT - len(OPTIONAL_FIELDS) <= len(data) <= _FIELD_COUNT:
        return Entry(**data)  # written by another version of the fields: let init fill in
    entry = object.__new__(Entry)
    if len(data) != _FIELD_COUNT:
        entry.__dict__.update(_OPTIONAL_UNSET)  # ``to_dict`` leaves unset files out
    entry.__dict__.update(data)
    return entry


def _checked(name: str, value: Any) -> Any:
    """Return ``value`` if it has the type field ``name`` needs, else raise."""
    if name in LIST_FIELDS:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise EntryFormatError(f"field '{name}' must be a list of strings")
        return list(value)
    if name in BOOL_FIELDS:
        if isinstance(value, bool):
            return value
        if value is None:
            return False
        raise EntryFormatError(f"field '{name}' must be true or false")
    if name in INT_FIELDS:
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        raise EntryFormatError(f"field '{name}' must be a whole number or null")
    if name == "extra":
        if value is None:
            return {}
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise EntryFormatError("field 'extra' must map names to strings")
        return dict(value)
    if name in ("title", "abstract", "key", "type"):
        if value is None and name == "abstract":
            return ""
        if not isinstance(value, str):
            raise EntryFormatError(f"field '{name}' must be text")
        return value
    if (
        name == "date"
        and value is not None
        and not (isinstance(value, str) and is_valid_date(value))
    ):
        raise EntryFormatError(
            f"date {value!r} must be YYYY, YYYY-MM or YYYY-MM-DD, and a real day"
        )
    if name == "status" and value is not None and value not in STATUSES:
        raise EntryFormatError(f"field 'status' must be one of: {', '.join(STATUSES)}")
    if value is None or isinstance(value, str):
        return value
    raise EntryFormatError(f"field '{name}' must be text or null")


_NON_WORD = re.compile(r"[\W_]+")


def fold_accents(text: str) -> str:
    """Strip combining marks after NFKD decomposition (``Matérn`` -> ``Matern``)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_title(title: str) -> str:
    """Title as plain words: case, accents, punctuation and spacing folded, spelling kept
    (what a search service is asked for)."""
    folded = fold_accents(title).casefold()
    return _NON_WORD.sub(" ", folded).strip()


def normalise_title(title: str) -> str:
    """Title reduced for identity: ``titles.title_identity`` (TeX, Unicode, case,
    punctuation and British/American spelling folded). Imported on first use: reading
    commands answer from the index and never fold a title."""
    from papercli.titles import title_identity

    return title_identity(title)


def paper_url(entry: Entry) -> str | None:
    """The one rule for a paper's page: the arXiv abstract page, else the first URL, else the
    DOI resolver; None when there is none. ``open`` and the exporters all use it."""
    if entry.arxiv_id and entry.arxiv_id.strip():
        return f"https://arxiv.org/abs/{entry.arxiv_id.strip()}"
    for url in entry.urls:
        if url.strip():
            return url.strip()
    if entry.doi and entry.doi.strip():
        return f"https://doi.org/{entry.doi.strip()}"
    return None


def author_count_text(count: int) -> str:
    """``1 author``, ``9 authors``: the one wording for a count of unnamed authors."""
    return f"{count} author" + ("s" if count != 1 else "")


def clean_tag(tag: str) -> str:
    """``tag`` trimmed, inner whitespace collapsed to single spaces."""
    return " ".join(tag.split())


def match_key(tag: str) -> str:
    """What two tags are compared by: cleaned and casefolded."""
    return clean_tag(tag).casefold()


def status_of(entry: Entry) -> str:
    """The entry's reading status (``STATUS_WITHOUT_FIELD`` when it has none)."""
    return entry.status or STATUS_WITHOUT_FIELD


def year_is_explicit(entry: Entry) -> bool:
    """False when the year was inferred (a digest date such as ``Sep 28``)."""
    if entry.date_inferred:
        return False
    return year_shown(entry.date_raw)


_AUTHOR_COUNT = re.compile(r"(?:^|(?<=[.!?]) )(\d+) authors?\.?$")


def split_author_count(note: str) -> tuple[int | None, str]:
    """The reverse of ``author_count_text`` at the end of an exported note:
    ``"Oral. 9 authors"`` -> ``(9, "Oral.")``; ``(None, note)`` when it is not there."""
    match = _AUTHOR_COUNT.search(note)
    if not match:
        return None, note
    return int(match.group(1)), note[: match.start()].strip()


def year_of(entry: Entry) -> int | None:
    """The entry's year, or None when its date is unknown."""
    if entry.date and len(entry.date) >= 4 and entry.date[:4].isdigit():
        return int(entry.date[:4])
    return None
