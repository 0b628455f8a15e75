"""Entries -> BibTeX text that real ``bibtex`` + ``pdflatex`` accept. No I/O.

Stored text is plain text and is escaped by ``papercli.latex.escape``; every value is
written as a braced group built here. Entries are laid out exactly as bibtexparser 2 writes
them (two-space indent, ``name = value``, a blank line between entries), but by
``format_entry`` directly: building bibtexparser's model objects for 100,000 papers cost
seconds and held the whole file in memory. The tests compare the two writers and parse
every export back with bibtexparser.

Fields, in order:

- ``author``: known names as ``von Last, Jr, First`` (``Lovelace, Ada``, ``van den Berg,
  Pieter``: every style splits that form right), `` and ``-joined; a name that is not a
  person's (one containing the word "and", a group's name such as ``The ATLAS
  Collaboration``) is braced whole; ending ``and others`` when the digest
  listed fewer names than its author count; ``title`` with mixed-case words
  protected; ``year``; ``month`` as a plain.bst macro (``jan``...), from ``date``.
- ``day`` (biber reads it; plain.bst ignores it) so a full date survives a round trip.
- ``journal``, ``booktitle``, ``editor``, ``volume``, ``number``, ``pages``, ``publisher``,
  ``isbn``, ``issn``; an arXiv ``journal_ref`` is the ``journal`` of an ``@article``
  without one, else ``howpublished``.
- A preprint's ``arXiv:ID [class]`` where the classic styles print it (they ignore
  ``eprint``): ``howpublished`` (``@misc``, before the journal reference), ``journal =
  {arXiv preprint arXiv:ID}`` (``@article``), else ``note`` (``preprint_fields``).
- ``authorcount``: the number of authors when no name is known (no style prints it);
  ``annote``: the user's note (no style prints it).
- ``key``: only for entries without author names: their label
  (``reference.short_label``: the organisation, else a short title), which natbib's and
  alpha's labels, plain's sorting and natbib's reference list use in place of authors.
- ``organization``, ``doi``; ``eprint``/``archiveprefix``/``primaryclass`` (first
  category) when the arXiv id is known.
- ``url``: the paper's own page (``reference.page_url``: arXiv, else the first URL that is
  not code); other URLs in ``urls``, links to code in ``code``, space-separated (styles
  ignore both; nothing is dropped). URLs and DOIs are verbatim except braces, backslashes
  and spaces, which are percent-encoded so the file cannot break.
- ``keywords``: tags, comma-joined; ``abstract``.
- Every ``entry.extra`` item as its own field. Extra values are **raw BibTeX** (they come
  from an imported .bib file) and are written unchanged when their braces balance; an
  unbalanced value is escaped as plain text instead, with a warning. An extra field whose
  name is not a BibTeX field name, or clashes with a field written above, is skipped with
  a warning.

Whitespace runs become single spaces (BibTeX collapses them anyway). Comments, upvotes,
source and dates of addition are library bookkeeping and are not exported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from papercli import batches
from papercli.citekeys import is_valid_key, key_rule
from papercli.errors import PapercliError
from papercli.exporters.reference import (
    arxiv_text,
    code_urls,
    derived_pages,
    is_preprint,
    page_url,
    short_label,
)
from papercli.latex.escape import (
    braces_balanced,
    encode_char,
    escape_rich_text,
    escape_text,
    escape_title,
    verbatim_value,
)
from papercli.model import Entry, year_of
from papercli.names import is_truncated, split_name

MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
FIELD_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_:.+-]*$")
ENTRY_TYPE = re.compile(r"^[A-Za-z]+$")


class ExportError(PapercliError):
    """Entries that cannot be written as BibTeX (duplicate or invalid keys)."""


@dataclass
class BibtexExport:
    """The BibTeX text and the warnings met while writing it."""

    text: str
    warnings: list[str] = field(default_factory=list)


def find_duplicate_keys(entries: Sequence[Entry]) -> list[list[Entry]]:
    """Groups of entries whose keys are equal ignoring case (BibTeX keys are)."""
    keys = batches.keys_of(entries)  # a lazy sequence stays packed
    folded = {key.casefold() for key in keys}
    if len(folded) == len(entries):
        return []
    groups: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        groups.setdefault(key.casefold(), []).append(i)
    return [[entries[i] for i in group] for group in groups.values() if len(group) > 1]


def export_bibtex(entries: Sequence[Entry], ascii: bool = False) -> str:
    """BibTeX text for ``entries`` (UTF-8 text, or pure ASCII with ``ascii=True``)."""
    return render_bibtex(entries, ascii).text


def render_bibtex(entries: Sequence[Entry], ascii: bool = False) -> BibtexExport:
    """BibTeX text for ``entries`` plus warnings (unencodable characters, skipped extras)."""
    warnings: list[str] = []
    text = "".join(bibtex_chunks(entries, ascii, warnings))
    return BibtexExport(text, warnings)


def render(entries: Sequence[Entry], warnings: list[str], ascii: bool = False) -> Iterator[str]:
    """The export format's entry point (see ``papercli.exporters``)."""
    return bibtex_chunks(entries, ascii, warnings)


def bibtex_chunks(entries: Sequence[Entry], ascii: bool, warnings: list[str]) -> Iterator[str]:
    """The BibTeX text one entry at a time; warnings are appended as entries are written.

    Keys are checked before anything is produced, so an error never leaves half a file.
    """
    check_keys(entries)
    return in_parallel(_bibtex_blocks, entries, ascii, warnings)


Blocks = Callable[[Sequence[Entry], bool, list[str]], Iterator[str]]
# Entries written per batch when a large export is spread over the cores.
EXPORT_BATCH = 2_000


def in_parallel(
    blocks: Blocks, entries: Sequence[Entry], ascii: bool, warnings: list[str]
) -> Iterator[str]:
    """``blocks(entries, ...)``, written batch by batch on every core for a large export
    (``papercli.batches``); the text and the warnings come out in entry order."""
    if batches.worker_count(len(entries)) < 2:
        yield from blocks(entries, ascii, warnings)
        return
    job = (blocks, entries, ascii)
    pieces = batches.batched(_batch_text, job, len(entries), EXPORT_BATCH)
    for i, (text, found) in enumerate(pieces):
        warnings.extend(found)
        yield text if i == 0 else "\n" + text


def _batch_text(span: tuple[int, int]) -> tuple[str, list[str]]:
    blocks, entries, ascii = batches.source()
    found: list[str] = []
    return "".join(blocks(entries[span[0] : span[1]], ascii, found)), found


def _bibtex_blocks(entries: Sequence[Entry], ascii: bool, warnings: list[str]) -> Iterator[str]:
    for i, entry in enumerate(entries):
        kind = entry_type(entry, warnings)
        block = format_entry(kind, entry.key, entry_fields(entry, ascii, warnings))
        yield block if i == 0 else "\n" + block


def check_keys(entries: Sequence[Entry]) -> None:
    """Raise ExportError for keys BibTeX cannot take: duplicates ignoring case, non-ASCII."""
    duplicates = find_duplicate_keys(entries)
    if duplicates:
        keys = ", ".join(f"'{e.key}'" for e in duplicates[0])
        raise ExportError(f"duplicate citation keys {keys} (BibTeX keys ignore case)")
    for key in batches.keys_of(entries):
        if not is_valid_key(key):
            raise ExportError(
                f"citation key {key!r} is not one BibTeX and biber accept ({key_rule()})"
            )


def format_entry(entry_type: str, key: str, fields: Sequence[tuple[str, str]]) -> str:
    """One ``@type{key, ...}`` block, laid out as bibtexparser 2 writes it."""
    lines = "".join(f"  {name} = {value},\n" for name, value in fields)
    if lines:
        lines = lines[:-2] + "\n"  # no comma after the last field
    return f"@{entry_type}{{{key},\n{lines}}}\n"


def entry_type(entry: Entry, warnings: list[str]) -> str:
    """The entry's type in lower case, or ``misc`` (with a warning) when it is not a word."""
    kind = (entry.type or "misc").strip().lower()
    if ENTRY_TYPE.match(kind):
        return kind
    warnings.append(f"{entry.key}: entry type {entry.type!r} is not a BibTeX type; wrote @misc")
    return "misc"


class Values:
    """Braced field values for one entry; remembers characters that had no ASCII form."""

    def __init__(self, ascii: bool) -> None:
        self.ascii = ascii
        self.unknown: set[str] = set()

    def text(self, value: str) -> str:
        """Plain text, escaped."""
        return "{" + escape_text(value, self.ascii, self.unknown) + "}"

    def rich(self, value: str) -> str:
        """Plain text that may hold TeX math (an arXiv abstract), escaped, math kept."""
        return "{" + escape_rich_text(value, self.ascii, self.unknown) + "}"

    def title(self, value: str) -> str:
        """A title, escaped, mixed-case words protected."""
        return "{" + escape_title(value, self.ascii, self.unknown) + "}"

    def authors(self, entry: Entry, names: Sequence[str]) -> str:
        """``A and B``: each name escaped, braced whole when BibTeX would split it; then
        ``and others`` (printed "et al.") when the digest listed only some of the authors.
        """
        parts = [self.name(n) for n in names]
        if is_truncated(entry.author_count, len(names)):
            parts.append("others")
        return "{" + " and ".join(parts) + "}"

    def name(self, name: str) -> str:
        """One person's name (see ``_name``)."""
        return _name(name, self.ascii, self.unknown)

    def warn_unknown(self, entry: Entry, warnings: list[str]) -> None:
        """One warning naming the characters written as ``[U+XXXX]``."""
        if self.unknown:
            chars = " ".join(f"{c} (U+{ord(c):04X})" for c in sorted(self.unknown))
            warnings.append(
                f"{entry.key}: no ASCII LaTeX for {chars}; wrote [U+XXXX] (export without --ascii)"
            )


def author_names(entry: Entry) -> list[str]:
    """The entry's non-blank author names."""
    return [n for n in (name.strip() for name in entry.authors) if n]


def note_fields(
    entry: Entry, names: Sequence[str], values: Values, annotation: str
) -> list[tuple[str, str]]:
    """``authorcount`` (the number of unnamed authors: no style prints it, the import reads
    it back) and the user's note under ``annotation`` (``annote``/``annotation``, which
    styles do not print either)."""
    pairs = []
    if not names and entry.author_count:
        pairs.append(("authorcount", f"{{{entry.author_count}}}"))
    annote = annote_text(entry)
    if annote:
        pairs.append((annotation, values.text(annote)))
    return pairs


def annote_text(entry: Entry) -> str | None:
    """The user's note for the unprinted annotation field, or None."""
    return entry.note.strip() if entry.note and entry.note.strip() else None


def url_fields(entry: Entry) -> list[tuple[str, str]]:
    """``url``: the paper's own page (``reference.page_url``); ``urls``: the other stored
    URLs that are not code, space-separated (the page again when it is stored but derived
    from the arXiv id, so the import keeps it); ``code``: links to code. All verbatim;
    styles print only ``url``. A DOI is its own field, which the styles print."""
    page = page_url(entry, doi=False)
    code = code_urls(entry)
    derived = page in derived_pages(entry)
    rest = [u.strip() for u in entry.urls if u.strip() and u.strip() not in code]
    rest = [u for u in rest if u != page or derived]
    pairs = [("url", "{" + verbatim_value(page) + "}")] if page else []
    if rest:
        pairs.append(("urls", "{" + " ".join(verbatim_value(u) for u in rest) + "}"))
    if code:
        pairs.append(("code", "{" + " ".join(verbatim_value(u) for u in code) + "}"))
    return pairs


def opening_fields(entry: Entry, ascii: bool) -> tuple[Values, list[str], list[tuple[str, str]]]:
    """What BibTeX and BibLaTeX entries start alike with: the value writer, the author
    names, and the ``author`` and ``title`` fields."""
    values = Values(ascii)
    names = author_names(entry)
    pairs = [("author", values.authors(entry, names))] if names else []
    pairs.append(("title", values.title(entry.title)))
    return values, names, pairs


def entry_fields(entry: Entry, ascii: bool, warnings: list[str]) -> list[tuple[str, str]]:
    """``(name, value)`` pairs for one entry, values already braced (or a month macro)."""
    values, names, pairs = opening_fields(entry, ascii)
    year = year_of(entry)
    if year is not None:
        pairs.append(("year", f"{{{year}}}"))
        month = _month(entry.date or "")
        if month:
            pairs.append(("month", month))
            date = entry.date or ""
            if len(date) == 10 and date[8:].isdigit():
                pairs.append(("day", f"{{{int(date[8:])}}}"))
    pairs.extend(venue_fields(entry, values, "journal", "howpublished"))
    pairs.extend(preprint_fields(entry, values, {name for name, _ in pairs}))
    pairs.extend(note_fields(entry, names, values, "annote"))
    if not names and "key" not in entry.extra:  # an imported .bib's own key is kept
        pairs.append(("key", values.text(short_label(entry))))
    if entry.organization and entry.organization.strip():
        pairs.append(("organization", values.text(entry.organization)))
    if entry.doi and entry.doi.strip():
        pairs.append(("doi", "{" + verbatim_value(entry.doi) + "}"))
    if entry.arxiv_id and entry.arxiv_id.strip():
        pairs.append(("eprint", values.text(entry.arxiv_id)))
        pairs.append(("archiveprefix", "{arXiv}"))
        if entry.categories:
            pairs.append(("primaryclass", values.text(entry.categories[0])))
    pairs.extend(url_fields(entry))
    pairs.extend(common_tail(entry, values))
    pairs.extend(extra_fields(entry, {name for name, _ in pairs}, values, warnings))
    values.warn_unknown(entry, warnings)
    return pairs


def preprint_fields(entry: Entry, values: Values, taken: set[str]) -> list[tuple[str, str]]:
    """Where BibTeX styles print an unpublished arXiv paper's id, ``arXiv:ID [class]``
    (plain, alpha, ieeetr and natbib's styles ignore ``eprint``): Google Scholar's
    ``journal = {arXiv preprint arXiv:ID}`` for an ``@article``; ``howpublished`` for a
    ``@misc`` (after the journal reference it may hold); ``note`` for other types."""
    text = arxiv_text(entry)
    if not text or not is_preprint(entry):
        return []
    kind = (entry.type or "misc").strip().lower()
    if kind == "article":
        return [] if "journal" in taken else [("journal", values.text("arXiv preprint " + text))]
    if kind == "misc":
        ref = (entry.journal_ref or "").strip()
        return [("howpublished", values.text(join_sentences([text, ref] if ref else [text])))]
    return [] if "note" in entry.extra else [("note", values.text(text))]


def venue_fields(
    entry: Entry, values: Values, journal_name: str, elsewhere: str
) -> list[tuple[str, str]]:
    """Journal (``journal_name``), booktitle, editor, volume, number, pages, publisher,
    isbn, issn. An arXiv journal_ref is the journal of an ``@article`` without one, else
    goes to ``elsewhere`` (``howpublished``, biblatex's ``addendum``)."""
    pairs = []
    journal = (entry.journal or "").strip()
    ref = (entry.journal_ref or "").strip()
    if not journal and ref and entry.type.strip().lower() == "article":
        journal, ref = ref, ""
    if journal:
        pairs.append((journal_name, values.text(journal)))
    if ref and not (elsewhere == "howpublished" and is_preprint(entry) and _is_misc(entry)):
        pairs.append((elsewhere, values.text(ref)))
    if entry.booktitle and entry.booktitle.strip():
        pairs.append(("booktitle", values.title(entry.booktitle)))
    editors = [n.strip() for n in entry.editors if n.strip()]
    if editors:
        pairs.append(("editor", "{" + " and ".join(values.name(n) for n in editors) + "}"))
    for name in ("volume", "number", "pages", "publisher", "isbn", "issn"):
        value = (getattr(entry, name) or "").strip()
        if value:
            pairs.append(
                (name, page_range(value, values) if name == "pages" else values.text(value))
            )
    return pairs


def _is_misc(entry: Entry) -> bool:
    return (entry.type or "misc").strip().lower() == "misc"


_RANGE = re.compile(r"\s*(?:--|–)\s*")


def page_range(pages: str, values: Values) -> str:
    """A page range as BibTeX writes one, ``1--10`` (an en dash in print), when the stored
    text is two page numbers joined by ``--`` or an en dash; other text escaped as usual."""
    parts = _RANGE.split(pages.strip())
    if len(parts) == 2 and all(any(c.isdigit() for c in p) for p in parts):
        return "{" + "--".join(values.text(p)[1:-1] for p in parts) + "}"
    return values.text(pages)


def common_tail(entry: Entry, values: Values) -> list[tuple[str, str]]:
    """``keywords`` (the tags) and ``abstract``."""
    pairs = []
    tags = [t.strip() for t in entry.tags if t.strip()]
    if tags:
        pairs.append(("keywords", values.text(", ".join(tags))))
    if entry.abstract.strip():
        pairs.append(("abstract", values.rich(entry.abstract)))
    return pairs


def _name(name: str, ascii: bool, unknown: set[str]) -> str:
    """One author name as ``von Last, Jr, First``, which every style splits right; braced
    whole when it is not a person's (a group's name, one with the word "and", stray
    commas), so BibTeX never splits or abbreviates it."""
    parts = split_name(name)
    if parts is None:
        return ""
    if parts.literal:
        return "{" + escape_text(parts.literal, ascii, unknown) + "}"
    return escape_text(parts.bibtex(), ascii, unknown)


def _month(date: str) -> str | None:
    """``jan``... from an ISO ``YYYY-MM[-DD]`` date, else None."""
    if len(date) >= 7 and date[4] == "-" and date[5:7].isdigit() and 1 <= int(date[5:7]) <= 12:
        return MONTH_MACROS[int(date[5:7]) - 1]
    return None


def extra_fields(
    entry: Entry, taken: set[str], values: Values, warnings: list[str]
) -> list[tuple[str, str]]:
    """``entry.extra`` as fields: raw BibTeX values, escaped if their braces do not balance."""
    pairs: list[tuple[str, str]] = []
    for raw_name, value in entry.extra.items():
        name = raw_name.strip().lower()
        if not FIELD_NAME.match(name):
            warnings.append(f"{entry.key}: skipped extra field {raw_name!r} (not a BibTeX name)")
            continue
        if name in taken:
            warnings.append(f"{entry.key}: skipped extra field {raw_name!r} (already written)")
            continue
        taken.add(name)
        if braces_balanced(value):
            raw = " ".join(value.split())
            if values.ascii:
                raw = "".join(c if c.isascii() else encode_char(c, values.unknown) for c in raw)
            pairs.append((name, "{" + raw + "}"))
        else:
            warnings.append(f"{entry.key}: extra field {raw_name!r} has unbalanced braces; escaped")
            pairs.append((name, values.text(value)))
    return pairs


def join_sentences(parts: Iterable[str]) -> str:
    """Join note parts as sentences without changing any part's own text."""
    out = ""
    for part in parts:
        if out:
            out += " " if out.endswith((".", "!", "?")) else ". "
        out += part
    return out
