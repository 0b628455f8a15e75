"""Entries -> BibLaTeX text for biber (``\\usepackage[backend=biber]{biblatex}``). No I/O.

Escaping, keys, author names and layout are the BibTeX export's (``papercli.exporters.bibtex``);
what differs is biblatex's data model:

- ``@online`` for ``@misc`` (a paper known by its URL or arXiv id); other types are kept
  (biber reads BibTeX's types, such as ``@article`` and ``@inproceedings``, as well).
- ``date = {YYYY-MM-DD}`` (or ``YYYY-MM``, ``YYYY``) instead of ``year``/``month``.
- ``journaltitle`` for the journal (or an ``@article``'s journal_ref; other types put it in
  ``addendum``); ``booktitle``, ``editor``, ``volume``, ``number``, ``pages``,
  ``publisher``, ``isbn``, ``issn`` as BibTeX writes them.
- arXiv papers: ``eprint`` (verbatim), ``eprinttype = {arxiv}``, ``eprintclass``.
- No ``key`` field: biber sorts an entry without names by its title. Its citation label
  is ``shortauthor`` (the organisation, braced as one name) or ``shorttitle`` (a short
  title; ``reference.short_label``); ``authorcount`` keeps the number of authors unprinted.
- ``url``, ``urls``, ``code`` and ``doi`` as the BibTeX export writes them; ``keywords``
  (tags, usable with ``\\printbibliography[keyword=...]``), ``organization``,
  ``abstract``, and the entry's ``extra`` fields unless they repeat one written here under
  biblatex's or BibTeX's name (``journal``, ``year``...).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from papercli.exporters.bibtex import (
    Values,
    check_keys,
    common_tail,
    entry_type,
    extra_fields,
    format_entry,
    in_parallel,
    note_fields,
    opening_fields,
    url_fields,
    venue_fields,
)
from papercli.exporters.reference import short_label
from papercli.latex.escape import verbatim_value
from papercli.model import Entry

ISO_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
# BibTeX names biber reads as the biblatex field written here: an extra field by either
# name would be a second value for it.
ALIASES = {
    "date": ("year", "month"),
    "journaltitle": ("journal",),
    "eprinttype": ("archiveprefix",),
    "eprintclass": ("primaryclass",),
}


def render(entries: Sequence[Entry], warnings: list[str], ascii: bool = False) -> Iterator[str]:
    """The BibLaTeX text one entry at a time (keys are checked first, as for BibTeX)."""
    check_keys(entries)
    return in_parallel(_blocks, entries, ascii, warnings)


def _blocks(entries: Sequence[Entry], ascii: bool, warnings: list[str]) -> Iterator[str]:
    for i, entry in enumerate(entries):
        kind = entry_type(entry, warnings)
        block = format_entry(
            "online" if kind == "misc" else kind, entry.key, entry_fields(entry, ascii, warnings)
        )
        yield block if i == 0 else "\n" + block


def label_field(entry: Entry, values: Values) -> tuple[str, str]:
    """What author-year citations show for a paper without author names: the organisation
    as ``shortauthor`` (one name, braced whole), else a short title as ``shorttitle``."""
    if entry.organization and entry.organization.strip():
        return ("shortauthor", "{" + values.text(short_label(entry)) + "}")
    return ("shorttitle", values.text(short_label(entry)))


def entry_fields(entry: Entry, ascii: bool, warnings: list[str]) -> list[tuple[str, str]]:
    """``(name, value)`` pairs for one entry, values already braced."""
    values, names, pairs = opening_fields(entry, ascii)
    date = (entry.date or "").strip()
    if ISO_DATE.fullmatch(date):
        pairs.append(("date", "{" + date + "}"))
    pairs.extend(venue_fields(entry, values, "journaltitle", "addendum"))
    pairs.extend(note_fields(entry, names, values, "annotation"))
    if not names and not {"shorttitle", "shortauthor"} & set(entry.extra):
        pairs.append(label_field(entry, values))
    if entry.organization and entry.organization.strip():
        pairs.append(("organization", values.text(entry.organization)))
    if entry.doi and entry.doi.strip():
        pairs.append(("doi", "{" + verbatim_value(entry.doi) + "}"))
    if entry.arxiv_id and entry.arxiv_id.strip():
        pairs.append(("eprint", "{" + verbatim_value(entry.arxiv_id) + "}"))
        pairs.append(("eprinttype", "{arxiv}"))
        if entry.categories:
            pairs.append(("eprintclass", values.text(entry.categories[0])))
    pairs.extend(url_fields(entry))
    aliases = [a for a in entry.aliases if a.casefold() != entry.key.casefold()]
    if aliases:  # former keys: biber resolves \cite{old} to this entry
        pairs.append(("ids", "{" + ",".join(aliases) + "}"))
    pairs.extend(common_tail(entry, values))
    taken = {name for name, _ in pairs}
    taken.update(alias for name in list(taken) for alias in ALIASES.get(name, ()))
    pairs.extend(extra_fields(entry, taken, values, warnings))
    values.warn_unknown(entry, warnings)
    return pairs
