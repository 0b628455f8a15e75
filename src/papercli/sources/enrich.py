"""Planning an enrichment: which empty fields of an entry a found record may fill. Pure.

The rules:

- only empty fields are filled: authors (with ``author_count`` set to their number),
  abstract, arXiv id, DOI, categories, journal reference (and then a ``misc`` type becomes
  the found type, e.g. ``article``), comments, organization, and ``extra`` BibTeX fields
  (volume, number, pages) not already present; missing URLs are appended;
- a date is replaced when it is unknown, when its year was inferred (a digest date such
  as ``Sep 28``, kept in ``date_raw``), or when the found date is the same date told more
  precisely (``2024-03`` -> ``2024-03-15``); ``date_raw`` is then cleared, since the date is
  no longer the one the digest printed;
- what the user set is never changed: key, title, tags, note, dates of addition, source,
  upvotes, and any field that already has a value;
- a record whose arXiv id differs from the entry's is another paper: nothing is taken.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from papercli.model import Entry, year_is_explicit

_SIMPLE = (
    *("abstract", "arxiv_id", "doi", "journal_ref", "comments", "organization"),
    *("volume", "number", "pages"),
)


@dataclass(frozen=True)
class Enrichment:
    """The entry after filling, the names of the fields filled, and a one-line reason."""

    entry: Entry
    filled: list[str] = field(default_factory=list)
    reason: str = ""

    @property
    def changed(self) -> bool:
        """True when at least one field was filled."""
        return bool(self.filled)


def plan_enrichment(entry: Entry, found: Entry) -> Enrichment:
    """A copy of ``entry`` with its empty fields filled from ``found`` (``entry`` unchanged)."""
    new = Entry(**entry.to_dict())
    if entry.arxiv_id and found.arxiv_id and entry.arxiv_id.lower() != found.arxiv_id.lower():
        reason = f"found arXiv:{found.arxiv_id}, but the entry is arXiv:{entry.arxiv_id}"
        return Enrichment(new, [], reason + "; nothing taken")
    filled: list[str] = []
    if not new.authors and found.authors:
        new.authors = list(found.authors)
        new.author_count = len(found.authors)
        filled.append("authors")
    had_journal = bool(new.journal_ref)
    for name in _SIMPLE:
        value = getattr(found, name)
        if not getattr(new, name) and value:
            setattr(new, name, value)
            filled.append(name)
    if not had_journal and new.journal_ref and new.type == "misc" and found.type != "misc":
        new.type = found.type
        filled.append("type")
    if not new.categories and found.categories:
        new.categories = list(found.categories)
        filled.append("categories")
    if _date_replaceable(new, found):
        new.date, new.date_raw = found.date, None
        filled.append("date")
    filled += _fill_extra(new, found)
    if _add_urls(new, found):
        filled.append("urls")
    reason = "filled " + ", ".join(filled) if filled else "nothing to fill: every field is set"
    return Enrichment(new, filled, reason)


def _date_replaceable(entry: Entry, found: Entry) -> bool:
    if not found.date or found.date == entry.date:
        return False
    if not entry.date or not year_is_explicit(entry):
        return True
    return found.date.startswith(entry.date) and len(found.date) > len(entry.date)


def _fill_extra(entry: Entry, found: Entry) -> list[str]:
    names = []
    for name, value in found.extra.items():
        if name not in entry.extra and value:
            entry.extra[name] = value
            names.append(name)
    return names


def _add_urls(entry: Entry, found: Entry) -> bool:
    seen = {url.casefold() for url in entry.urls}
    new = [url for url in found.urls if url.casefold() not in seen]
    entry.urls.extend(dict.fromkeys(new))
    return bool(new)
