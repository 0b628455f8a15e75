"""The export read as a reader reads it: typeset in every common bibliography style and
checked paper by paper in the PDF's text (pdftotext) or pandoc's plain output.

The library (tests/data/styles/library.yaml) is what an ML paper cites: a Hugging Face
paper without author names, an organisation's report, arXiv preprints, a conference paper
with an arXiv id, a journal article, TeX math in a title, links to code.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from papercli.exporters import resolve_format
from papercli.latex.plain import tex_to_unicode
from papercli.model import Entry
from tests.conftest import DATA
from tests.tools import render_text, run_tool

LIBRARY = DATA / "styles" / "library.yaml"
BIBTEX_STYLES = ["plain", "alpha", "ieeetr", "plainnat", "abbrvnat", "unsrtnat"]
NATBIB = {"plainnat", "abbrvnat", "unsrtnat"}
BIBLATEX_STYLES = ["authoryear", "numeric"]
# The title as printed where TeX math is involved: the words after the formula.
PRINTED_TITLE = {"ferro2025convergence": "Convergence of Adam Without Tuning"}
# What a citation of a paper without author names shows (``reference.short_label``).
LABELS = {"quill2025column": "Quill", "orion2025report": "Made-Up Speech Lab"}
# One tall page without a page number: pdftotext then reads every reference whole.
PAGE = (
    "\\usepackage[T1]{fontenc}\n\\usepackage[paperheight=150cm,margin=2cm]{geometry}\n"
    "\\pagestyle{empty}\n"
)


def entries() -> list[Entry]:
    return [Entry.from_dict(d) for d in yaml.safe_load(LIBRARY.read_text(encoding="utf-8"))]


def folded(text: str) -> str:
    """Letters and digits only, case folded: line breaks, hyphenation and the styles' own
    casing and punctuation do not matter."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[^0-9a-z]", "", text)


def body(keys: list[str], cite: str) -> str:
    """One line per paper: ``CITE<i>: <citation>.``, so each citation can be found."""
    return "".join(f"CITE{i}: {cite}{{{key}}}.\n\n" for i, key in enumerate(keys))


def latex(folder: Path) -> None:
    done = run_tool(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], folder)
    assert done.returncode == 0, done.stdout[-3000:]


def pdf_text(folder: Path) -> str:
    done = run_tool(["pdftotext", "-raw", "-enc", "UTF-8", "doc.pdf", "-"], folder)
    assert done.returncode == 0, done.stderr
    return done.stdout


def typeset_bibtex(folder: Path, style: str) -> str:
    """pdflatex, bibtex, pdflatex x2 with ``style``; no warning anywhere. The PDF's text."""
    keys = [e.key for e in entries()]
    (folder / "refs.bib").write_text(render_text(resolve_format("bibtex"), entries()), "utf-8")
    natbib = "\\usepackage[round]{natbib}\n" if style in NATBIB else ""
    cite = "\\citet" if style in NATBIB else "\\cite"
    (folder / "doc.tex").write_text(
        "\\documentclass{article}\n"
        + PAGE
        + "\\usepackage{url}\n"
        + natbib
        + "\\begin{document}\n"
        + body(keys, cite)
        + f"\\bibliographystyle{{{style}}}\n\\bibliography{{refs}}\n\\end{{document}}\n",
        encoding="utf-8",
    )
    latex(folder)
    done = run_tool(["bibtex", "doc"], folder)
    blg = (folder / "doc.blg").read_text(encoding="utf-8", errors="replace")
    assert done.returncode == 0 and "Warning--" not in blg, blg
    latex(folder)
    latex(folder)
    log = (folder / "doc.log").read_text(encoding="latin-1")
    assert "undefined" not in log and "Warning" not in log, log[-3000:]
    return pdf_text(folder)


def typeset_biblatex(folder: Path, style: str) -> str:
    """pdflatex, biber, pdflatex x2 with biblatex ``style``; no warning. The PDF's text."""
    keys = [e.key for e in entries()]
    (folder / "refs.bib").write_text(render_text(resolve_format("biblatex"), entries()), "utf-8")
    (folder / "doc.tex").write_text(
        "\\documentclass{article}\n"
        + PAGE
        + f"\\usepackage[backend=biber,style={style}]{{biblatex}}\n\\addbibresource{{refs.bib}}\n"
        "\\begin{document}\n" + body(keys, "\\textcite") + "\\printbibliography\n\\end{document}\n",
        encoding="utf-8",
    )
    latex(folder)
    done = run_tool(["biber", "doc"], folder)
    assert done.returncode == 0, done.stdout
    blg = (folder / "doc.blg").read_text(encoding="utf-8")
    assert not re.search(r"\b(WARN|ERROR)\b", blg), blg
    latex(folder)
    latex(folder)
    log = (folder / "doc.log").read_text(encoding="latin-1")
    assert "undefined" not in log and "Warning" not in log, log[-3000:]
    return pdf_text(folder)


def citeproc_text(folder: Path) -> str:
    """pandoc --citeproc with its default style (Chicago author-date) on the CSL-JSON."""
    keys = [e.key for e in entries()]
    (folder / "refs.json").write_text(render_text(resolve_format("csl-json"), entries()), "utf-8")
    document = "".join(f"CITE{i}: @{key}.\n\n" for i, key in enumerate(keys))
    pandoc = "pandoc -f markdown -t plain --citeproc --wrap=none --bibliography refs.json"
    done = run_tool(
        pandoc.split(),
        folder,
        input=document + "# References\n",
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return done.stdout


def citations_and_references(text: str) -> tuple[list[str], str]:
    """Each paper's citation line (in key order) and the reference list after them."""
    flat = " ".join(text.split())
    parts = re.split(r"CITE\d+: ", flat)
    *cites, last = parts[1:]
    last_cite, _, references = last.partition(". ")
    return [*cites, last_cite], references


def check_references(text: str, style: str) -> None:
    """Per paper: its title printed once, arXiv ids of preprints, venues of published papers,
    short labels for papers without names; nowhere an author count, '?', or a code link."""
    cites, references = citations_and_references(text)
    papers = entries()
    assert len(cites) == len(papers)
    refs = folded(references)
    for entry, cite in zip(papers, cites, strict=True):
        title = folded(PRINTED_TITLE.get(entry.key, entry.title))
        assert refs.count(title) == 1, (style, entry.key, references)
        assert title not in folded(cite), (style, entry.key, cite)  # never the whole title
        assert "?" not in cite, (style, entry.key, cite)
        if entry.arxiv_id and not (entry.journal or entry.booktitle):
            # pdftotext may break a line inside the id (biblatex lets URLs break there)
            assert f"arXiv:{entry.arxiv_id}" in references.replace(" ", ""), (style, entry.key)
        if entry.key in LABELS and style not in ("plain", "ieeetr", "numeric", "unsrt"):
            if style == "alpha":
                assert LABELS[entry.key][:3] in cite, (style, cite)
            elif style != "numeric":
                assert LABELS[entry.key] in cite, (style, cite)
    for venue in ("Made-Up Conference on Learning Systems", "Journal of Made-Up Statistics"):
        assert folded(venue) in refs, (style, venue)
    assert "author" not in references.lower(), (style, references)
    assert "????" not in text and "github" not in text.lower(), (style, text)


@pytest.mark.parametrize("style", BIBTEX_STYLES)
def test_bibtex_styles_print_every_paper_right(tmp_path: Path, style: str) -> None:
    check_references(typeset_bibtex(tmp_path, style), style)


@pytest.mark.parametrize("style", BIBLATEX_STYLES)
def test_biblatex_styles_print_every_paper_right(tmp_path: Path, style: str) -> None:
    check_references(typeset_biblatex(tmp_path, style), style)


def test_pandoc_citeproc_prints_every_paper_right(tmp_path: Path) -> None:
    text = citeproc_text(tmp_path)
    check_references(text, "citeproc")
    assert "$" not in text and "\\" not in text, text
    assert "𝒪(1/√T) Convergence of Adam" in text
    assert "17 (3): 1–20" in text and "1201–14" in text  # page ranges read as ranges


def write_library(library_path: Path, papers: list[Entry]) -> None:
    from papercli.store.files import Library

    library = Library(library_path)
    library.ensure()
    with library.lock():
        for entry in papers:
            library.write(entry)


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "csl-json", "ris", "markdown"])
def test_export_warns_once_about_papers_without_author_names(
    cli, library_path: Path, fmt: str
) -> None:
    write_library(library_path, entries())
    result = cli("export", "-f", fmt)
    assert result.exit_code == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "author names" in line]
    assert len(lines) == 1, result.stderr
    assert "2 papers have no author names" in lines[0]
    assert "papercli enrich orion2025report quill2025column" in lines[0]
    named = cli("export", "-f", fmt, "drift2025nomore", "marsh2023kernels")
    assert named.exit_code == 0 and "author names" not in named.stderr
    assert "author names" not in cli("export", "-f", "yaml").stderr  # data, not references


def test_many_papers_without_names_point_to_enrich_without_keys() -> None:
    from papercli.exporters.reference import unnamed_warning

    papers = [Entry(key=f"p{i}", title=f"Paper {i}") for i in range(5)]
    warning = unnamed_warning([*papers, Entry(key="named", title="N", authors=["A B"])])
    assert warning is not None and warning.startswith("5 papers have no author names")
    assert warning.endswith("(fill the names: papercli enrich)")
    assert unnamed_warning(papers[:1]).startswith("1 paper has no author names")  # type: ignore[union-attr]


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "csl-json"])
def test_the_export_imports_back_as_the_same_papers(
    cli, library_path: Path, tmp_path: Path, fmt: str
) -> None:
    """Labels, author counts, preprint fields, pages and code links all read back: into
    the same library nothing changes; into a new one the papers are the same."""
    write_library(library_path, entries())
    exported = tmp_path / f"refs.{fmt}"
    exported.write_text(cli("export", "-f", fmt).stdout, encoding="utf-8")
    again = cli("import", str(exported), "--json")
    assert again.exit_code == 0, again.stderr
    report = json.loads(again.stdout)
    assert (report["added"], report["updated"], report["warnings"]) == ([], [], [])
    copy = tmp_path / "copy"
    assert cli("-L", str(copy), "import", str(exported)).exit_code == 0
    back = {e["key"]: e for e in json.loads(cli("-L", str(copy), "list", "--json").stdout)}
    for entry in entries():
        got = back[entry.key]
        for name in ("authors", "author_count", "organization", "arxiv_id", "journal_ref"):
            assert got[name] == getattr(entry, name), (entry.key, name)
        for name in ("journal", "booktitle", "volume", "number", "pages", "doi"):
            assert got[name] == getattr(entry, name), (entry.key, name)
        if entry.arxiv_id and not entry.booktitle:
            assert got["categories"] == entry.categories[:1], entry.key
        if fmt != "csl-json":  # CSL has one URL: the page; code links are not references
            assert sorted(got["urls"]) == sorted(entry.urls), entry.key
        else:
            assert got["title"] == tex_to_unicode(entry.title)


def test_a_label_from_an_imported_bib_is_kept() -> None:
    from papercli.exporters import render
    from tests.test_bibtex import fields_of

    entry = Entry(key="anon2020", title="Some Title: Long", extra={"key": "Anonymous"})
    warnings: list[str] = []
    text = "".join(render(resolve_format("bibtex"), [entry], warnings))
    assert fields_of(text)["key"] == "Anonymous"  # written once, as it came
    assert not [w for w in warnings if "skipped" in w]
    entry.extra = {}
    assert "shorttitle = {Some Title}" in render_text(resolve_format("biblatex"), [entry])
