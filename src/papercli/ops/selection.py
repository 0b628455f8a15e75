"""Choosing which entries an export writes (a selection, or what a LaTeX document cites),
and checking their keys can coexist."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from papercli.citekeys import is_valid_key
from papercli.errors import MissingCitationsError, NotFoundError
from papercli.exporters.bibtex import ExportError, find_duplicate_keys
from papercli.latex.document import Citation, Document, DocumentError, follow_aux, follow_tex
from papercli.model import Entry, status_of
from papercli.ops.tagging import has_tags
from papercli.store import Query, Store
from papercli.store.did_you_mean import closest_keys


def select_entries(
    store: Store,
    keys: Sequence[str] = (),
    tags: Sequence[str] = (),
    hits: Sequence[str] | None = None,
    statuses: Sequence[str] = (),
    lazy: bool = False,
    outcome: str = "nothing exported",
) -> Sequence[Entry]:
    """The entries to export (or enrich: ``outcome`` says what an unknown key stopped), in
    output order.

    ``keys`` (keys, arXiv ids or DOIs; given order, repeats dropped) or, without keys, the
    whole library in key order; then only those carrying every tag in ``tags``; then, when
    ``hits`` (keys found by a search, best first) is given, only those hits, in hit order.
    ``statuses`` keeps only papers with one of those reading statuses. ``lazy``: the whole
    library comes still packed, decoded when read (an export decodes it in its workers).
    """
    if keys:
        chosen = store.get_many(keys, outcome)
        if tags:
            chosen = [e for e in chosen if has_tags(e, tags)]
        if statuses:
            chosen = [e for e in chosen if status_of(e) in statuses]
    elif hits is not None:
        chosen = store.get_many(hits) if hits else []
    elif lazy:
        query = Query(tags=tuple(tags), status=tuple(statuses))
        return store.query_lazy(query).sorted_by_key(lambda key: (key.casefold(), key))
    else:
        chosen = store.query(Query(tags=tuple(tags), status=tuple(statuses)))
        chosen.sort(key=lambda e: (e.key.casefold(), e.key))
    if hits is not None:
        rank = {key: i for i, key in enumerate(hits)}
        chosen = sorted((e for e in chosen if e.key in rank), key=lambda e: rank[e.key])
    return chosen


def check_unique_keys(store: Store, entries: Sequence[Entry]) -> None:
    """Refuse entries whose keys are equal ignoring case, naming both files."""
    for group in find_duplicate_keys(entries):
        files = " and ".join(str(store.entry_path(e.key)) for e in group)
        raise ExportError(
            f"{files} have the same citation key ignoring case ('{group[0].key}'); "
            "BibTeX keys ignore case, so rename one file and its key: field"
        )


@dataclass(frozen=True)
class Missing:
    """A cited key the library lacks: its first citation and the closest keys."""

    citation: Citation
    hints: tuple[str, ...]

    def describe(self) -> str:
        """``'x' (chap1.aux:3; did you mean y?)``."""
        where = f"{self.citation.file}:{self.citation.line}"
        hint = f"; did you mean {', '.join(self.hints)}?" if self.hints else ""
        return f"'{self.citation.key}' ({where}{hint})"


@dataclass
class CitedPapers:
    """What a document's citations select: the entries, each under the key the document
    cites it by; the keys the library lacks; warnings; and every file whose change could
    change the export (the document's, the library's entries folder, the papers' files)."""

    entries: list[Entry]
    missing: list[Missing]
    warnings: list[str]
    sources: list[Path]


def read_document(path: Path, aux: bool) -> Document:
    """The citations of the document whose .aux (``aux``) or main .tex file is ``path``,
    followed across its files; InputError when it cites nothing."""
    document = follow_aux(path) if aux else follow_tex(path)
    if not document.citations:
        hint = "has LaTeX run since the last \\cite?" if aux else "give the main .tex file"
        raise DocumentError(f"{path} cites no papers; {hint}", document.files)
    return document


def select_cited(store: Store, document: Document) -> CitedPapers:
    """The papers ``document`` cites, in order of first citation, each under its cited key.

    A cited key may be a key (matched exactly, else ignoring case, as BibTeX does), an
    arXiv id or a DOI. The entry is written under the cited string when BibTeX accepts it
    as a key, so ``\\cite{2509.01234}`` resolves; a paper cited under two keys is written
    under each (with a warning). ``*`` (``\\nocite{*}``) adds every paper not cited
    otherwise, in key order. Keys the library lacks come back in ``missing``.
    """
    refs = [c.key for c in document.citations if c.key != "*"]
    found = resolve_each(store, refs)
    names, used, warnings = _names(document, found)
    names = _expand_star(store, names, used)
    warnings += _cited_twice(names)
    unique = list(dict.fromkeys(stored for _, stored in names))
    entries = dict(zip(unique, store.get_many(unique), strict=True))
    chosen = [
        # Every key the document uses is written as an entry of its own, so former keys
        # (biblatex's ``ids``) are left out: biber warns about an alias that is an entry.
        replace(entries[stored], key=name, aliases=[])
        for name, stored in names
    ]
    missing = _missing(
        store, [c for c in document.citations if c.key != "*" and c.key not in found]
    )
    folder = store.entry_path("x").parent  # the entries folder: adds and removes show there
    sources = [*document.files, folder, *(store.entry_path(k) for k in entries)]
    return CitedPapers(chosen, missing, warnings, sources)


def resolve_each(store: Store, refs: Sequence[str]) -> dict[str, str]:
    """The stored key of each of ``refs`` the library has (keys, arXiv ids, DOIs; keys
    also ignoring case); the refs it lacks are left out."""
    refs = list(dict.fromkeys(refs))
    if not refs:
        return {}
    try:
        keys = store.resolve(refs)
    except NotFoundError:
        keys = []
    if len(keys) == len(refs):  # the usual case: one look-up for them all
        return dict(zip(refs, keys, strict=True))
    found: dict[str, str] = {}
    folded: dict[str, str] | None = None
    for ref in refs:
        try:
            found[ref] = store.resolve([ref])[0]
        except NotFoundError:
            if folded is None:
                folded = {k.casefold(): k for k in store.all_keys()}
            if ref.casefold() in folded:
                found[ref] = folded[ref.casefold()]
    return found


def missing_error(document: Document, cited: CitedPapers) -> MissingCitationsError | None:
    """The error (exit 5) naming every cited key the library lacks, or None."""
    if not cited.missing:
        return None
    count = len(cited.missing)
    listed = ", ".join(m.describe() for m in cited.missing)
    papers = len(cited.entries)
    return MissingCitationsError(
        f"{document.main} cites {count} key{'s' if count != 1 else ''} the library lacks: "
        f"{listed}; the {papers} paper{'s' if papers != 1 else ''} found "
        f"{'were' if papers != 1 else 'was'} exported"
    )


def _names(
    document: Document, found: dict[str, str]
) -> tuple[list[tuple[str, str]], set[str], list[str]]:
    """(written key, stored key) per citation found, ``("*", "*")`` for ``\\nocite{*}``;
    the written keys folded to lower case; warnings for keys BibTeX could not take."""
    names: list[tuple[str, str]] = []
    used: set[str] = set()
    spelled: dict[str, str] = {}  # folded key -> the spelling written
    warnings: list[str] = []
    for citation in document.citations:
        if citation.key == "*":
            names.append(("*", "*"))
            continue
        stored = found.get(citation.key)
        if stored is None:
            continue
        name = citation.key if is_valid_key(citation.key) else stored
        if name != citation.key:
            warnings.append(
                f"{citation.file}:{citation.line} cites '{citation.key}', which BibTeX "
                f"cannot use as a key; it is written as {stored}"
            )
        if name.casefold() not in used:  # BibTeX's keys ignore case: one spelling
            used.add(name.casefold())
            spelled[name.casefold()] = name
            names.append((name, stored))
        elif spelled[name.casefold()] != name:
            warnings.append(
                f"{citation.file}:{citation.line} cites '{name}' and elsewhere "
                f"'{spelled[name.casefold()]}': bibtex and biber treat keys differing only "
                "in case as one key but match them exactly; cite one spelling"
            )
    return names, used, warnings


def _expand_star(
    store: Store, names: list[tuple[str, str]], used: set[str]
) -> list[tuple[str, str]]:
    """``\\nocite{*}``: every paper not cited under any key, in key order, in its place."""
    if ("*", "*") not in names:
        return names
    cited = {stored for _, stored in names}
    rest = [
        (k, k)
        for k in sorted(store.all_keys(), key=lambda k: (k.casefold(), k))
        if k not in cited and k.casefold() not in used
    ]
    at = names.index(("*", "*"))
    before = [n for n in names[:at] if n != ("*", "*")]
    after = [n for n in names[at:] if n != ("*", "*")]
    return [*before, *rest, *after]


def _cited_twice(names: list[tuple[str, str]]) -> list[str]:
    """A warning for each paper the document cites under more than one key."""
    keys: dict[str, list[str]] = {}
    for name, stored in names:
        keys.setdefault(stored, []).append(name)
    return [
        f"the document cites one paper ({stored}) as {' and '.join(repr(n) for n in cited)}; "
        "it is written under each key, so the bibliography lists it "
        f"{len(cited)} times: cite it by one key"
        for stored, cited in keys.items()
        if len(cited) > 1
    ]


def _missing(store: Store, citations: list[Citation]) -> list[Missing]:
    """Each citation of a key the library lacks, with the closest keys."""
    if not citations:
        return []
    keys = store.all_keys()
    return [Missing(c, tuple(closest_keys(c.key, keys, limit=2))) for c in citations]
