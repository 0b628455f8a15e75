"""Export formats: a registry from format name to the module that renders it.

Every format module offers ``render(entries, warnings) -> Iterator[str]``: pure (no I/O,
no clock), text produced one entry at a time so a 100,000-paper export never holds the
whole file, problems appended to ``warnings`` as they are met. Anything that would make
the export fail (bad keys) is raised before the first piece is produced. The LaTeX
formats also take ``ascii=True``.

``resolve_format`` is the one place that decides which format an export writes.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from papercli.errors import InputError
from papercli.model import Entry

DEFAULT_FORMAT = "bibtex"


@dataclass(frozen=True)
class ExportFormat:
    """One export format: its name, its module, and which tools read it."""

    name: str
    module: str
    readers: str
    latex: bool = False  # LaTeX-escaped text: --ascii applies; keys must suit BibTeX
    references: bool = True  # a bibliography: warn about papers without author names

    def check_options(self, ascii: bool) -> None:
        """Raise InputError for an option this format does not take."""
        if ascii and not self.latex:
            raise InputError(f"--ascii applies to bibtex and biblatex, not {self.name}")


FORMATS = {
    f.name: f
    for f in (
        ExportFormat("bibtex", "papercli.exporters.bibtex", "bibtex + pdflatex, biber", latex=True),
        ExportFormat("biblatex", "papercli.exporters.biblatex", "biblatex + biber", latex=True),
        ExportFormat("csl-json", "papercli.exporters.csl_json", "pandoc --citeproc, Zotero"),
        ExportFormat("ris", "papercli.exporters.ris", "EndNote, Mendeley, Zotero"),
        ExportFormat(
            "yaml",
            "papercli.exporters.yaml_list",
            "scripts: the list --json fields",
            references=False,
        ),
        ExportFormat("markdown", "papercli.exporters.markdown", "a reading list, any viewer"),
    )
}


def resolve_format(requested: str | None, configured: str | None = None) -> ExportFormat:
    """The format to write: the one asked for, else the configured one, else BibTeX."""
    name = (requested or configured or DEFAULT_FORMAT).strip().lower()
    if name not in FORMATS:
        known = ", ".join(FORMATS)
        raise InputError(f"unknown export format '{name}'; use one of: {known}")
    return FORMATS[name]


def render(
    fmt: ExportFormat,
    entries: Sequence[Entry],
    warnings: list[str],
    ascii: bool = False,
    venue_names: str = "full",
) -> Iterator[str]:
    """The text of ``entries`` in ``fmt``, piece by piece (see the module docstring).

    ``venue_names``: ``full`` writes venues as stored (``enrich --venue`` stores the full
    name); ``short`` writes the common short name of a known venue (NeurIPS, ICML).
    """
    fmt.check_options(ascii)
    if venue_names != "full":
        from papercli.venues import with_venue_names

        entries = [with_venue_names(e, venue_names) for e in entries]
    module = importlib.import_module(fmt.module)
    if fmt.latex:
        chunks = module.render(entries, warnings, ascii=ascii)
    else:
        chunks = module.render(entries, warnings)
    return _warn_unnamed(chunks, entries, warnings) if fmt.references else chunks


def _warn_unnamed(
    chunks: Iterator[str], entries: Sequence[Entry], warnings: list[str]
) -> Iterator[str]:
    """``chunks``, then the one warning about papers without author names."""
    from papercli.exporters.reference import unnamed_warning

    yield from chunks
    warning = unnamed_warning(entries)
    if warning:
        warnings.append(warning)
