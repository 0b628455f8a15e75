"""Recognising the same paper twice, and merging a newly seen copy into a stored entry.

Identity, strongest first:

- the same arXiv id (any version; a ``10.48550/arXiv.<id>`` DOI counts as the id) -> the
  same paper; two different arXiv ids -> two papers, whatever else they share;
- else the same DOI -> the same paper; two different DOIs -> two papers;
- else, and only when neither record has an identifier the other contradicts, the same
  normalised title AND a compatible year (within one year; an unknown or inferred year
  is compatible) AND compatible authors (the first author's family name, when both
  records list authors). "Introduction" by Smith 2019 and by Jones 2019 are two papers.
- Records of one .bib import are never merged with each other on the title alone: a
  .bib that holds ten entries titled "A title" holds ten papers. (A digest listing one
  paper twice still collapses: digests have no keys of their own.)
"""

from __future__ import annotations

from dataclasses import fields

from papercli.citekeys import family_name
from papercli.identifiers import arxiv_of_doi, entry_arxiv, entry_doi
from papercli.model import Entry, normalise_title, year_is_explicit, year_of

# Fields the merge never touches: identity and the user's own organisation. ``status`` is
# the user's triage: a re-imported paper keeps it, and an entry stored before statuses
# existed stays without one (read as ``to-read``) rather than turning ``new``.
_KEEP = frozenset(
    {"key", "title", "added", "source", "type", "date", "date_raw", "date_inferred", "status"}
)
_UNION = ("urls", "categories", "tags", "aliases")


def same_year(a: Entry, b: Entry) -> bool:
    """Years agree closely enough for two records with one title to be one paper."""
    ya, yb = year_of(a), year_of(b)
    if ya is None or yb is None or not (year_is_explicit(a) and year_is_explicit(b)):
        return True
    return abs(ya - yb) <= 1


def same_first_author(a: Entry, b: Entry) -> bool:
    """The first authors' family names agree, or one side lists no authors."""
    if not a.authors or not b.authors:
        return True
    return family_name(a.authors[0]) == family_name(b.authors[0])


def _publisher_doi(entry: Entry) -> str | None:
    """The entry's DOI unless it is the arXiv DOI (which ``entry_arxiv`` already covers):
    a preprint's arXiv DOI does not contradict its journal version's DOI."""
    doi = entry_doi(entry)
    return None if doi is None or arxiv_of_doi(doi) else doi


def identifiers_decide(a: Entry, b: Entry) -> bool | None:
    """True/False when arXiv ids or DOIs say whether ``a`` and ``b`` are one paper, else None."""
    xa, xb = entry_arxiv(a), entry_arxiv(b)
    if xa and xb:
        return xa == xb
    da, db = _publisher_doi(a), _publisher_doi(b)
    if da and db:
        return da == db
    return None


def same_paper(a: Entry, b: Entry, title_may_decide: bool = True) -> bool:
    """Whether ``a`` and ``b`` are one paper (the rules of the module docstring)."""
    decided = identifiers_decide(a, b)
    if decided is not None:
        return decided
    if not title_may_decide:
        return False
    title = normalise_title(a.title)
    return (
        bool(title)
        and title == normalise_title(b.title)
        and same_year(a, b)
        and (same_first_author(a, b))
    )


def identities(entry: Entry) -> list[str]:
    """Identity strings: arXiv id, DOI and normalised title (in that order of strength)."""
    ids = []
    if arxiv := entry_arxiv(entry):
        ids.append("arxiv:" + arxiv)
    if doi := entry_doi(entry):
        ids.append("doi:" + doi)
    title = normalise_title(entry.title)
    if title:
        ids.append("title:" + title)
    return ids


class IdentityIndex:
    """Finds the stored entry that an incoming record is a copy of.

    ``add(entry)`` for what the library holds; ``add(record, incoming=True, keyed=...)``
    for a record of the import being planned. Records that arrive with keys of their own
    come from a reference list (.bib, CSL-JSON, papercli's YAML), whose entries are distinct
    by construction: two of them match only by a shared identifier, never by title alone.
    """

    def __init__(self) -> None:
        self._by_id: dict[str, list[Entry]] = {}
        self._keyed: set[int] = set()

    def add(self, entry: Entry, incoming: bool = False, keyed: bool = False) -> None:
        """Make ``entry`` findable by each of its identities (``keyed``: an incoming record
        that arrived with its own key)."""
        if incoming and keyed:
            self._keyed.add(id(entry))
        for ident in identities(entry):
            bucket = self._by_id.setdefault(ident, [])
            if not any(e is entry for e in bucket):
                bucket.append(entry)

    def find(self, entry: Entry) -> Entry | None:
        """The entry ``entry`` duplicates, or None."""
        for ident in identities(entry):
            for candidate in self._by_id.get(ident, ()):
                if candidate is entry:
                    continue
                one_list = id(candidate) in self._keyed and bool(entry.key)
                if same_paper(candidate, entry, not one_list):
                    return candidate
        return None


def merge_into(stored: Entry, incoming: Entry) -> bool:
    """Fill ``stored``'s empty fields from ``incoming``; union lists; latest upvotes.

    Never overwrites a value the user or an earlier import set, with three exceptions:
    upvotes (a live count); a date whose year was inferred, which an explicit date, or an
    earlier inferred one (an import ``--as-of`` the right day), replaces; and the type
    ``misc`` (a preprint), which a .bib's ``article``, ``inproceedings``... replaces.
    Returns True when ``stored`` changed.
    """
    before = stored.to_dict()
    for f in fields(Entry):
        name = f.name
        if name in _KEEP or name in _UNION:
            continue
        new = getattr(incoming, name)
        old = getattr(stored, name)
        if name == "upvotes":
            if new is not None:
                stored.upvotes = new
        elif name == "extra":
            for k, v in new.items():
                stored.extra.setdefault(k, v)
        elif old in (None, "", []) and new not in (None, "", []):
            setattr(stored, name, list(new) if isinstance(new, list) else new)
    for name in _UNION:
        merged = getattr(stored, name)
        seen = {v.casefold() for v in merged}
        for value in getattr(incoming, name):
            if value.casefold() not in seen:
                merged.append(value)
                seen.add(value.casefold())
    stored.aliases = [a for a in stored.aliases if a.lower() != stored.key.lower()]
    if stored.authors and stored.author_count is None:
        stored.author_count = len(stored.authors)
    _merge_date(stored, incoming)
    if (stored.type or "misc").strip().lower() == "misc" and incoming.type.strip().lower() not in (
        "",
        "misc",
    ):
        stored.type = incoming.type
    return stored.to_dict() != before


def _merge_date(stored: Entry, incoming: Entry) -> None:
    """Take ``incoming``'s date when it is better (see ``merge_into``).

    The same date again changes nothing: re-importing papercli's own export (which cannot
    say a year was guessed) must not make a guessed year look certain.
    """
    if not incoming.date or incoming.date == stored.date:
        return
    explicit_new = not incoming.date_inferred
    if stored.date is None or (
        stored.date_inferred and (explicit_new or incoming.date < stored.date)
    ):
        better = True
    else:  # same explicit year, more detail: "2017" -> "2017-06-12"
        better = (
            explicit_new
            and not stored.date_inferred
            and len(incoming.date) > len(stored.date)
            and incoming.date.startswith(stored.date)
        )
    if better:
        stored.date, stored.date_raw = incoming.date, incoming.date_raw
        stored.date_inferred = incoming.date_inferred
