"""The export, typeset for real: bibtexparser reads it back, and pdflatex + bibtex accept it.

The fixture library (tests/data/export/papers.yaml) holds every LaTeX special character,
unbalanced braces, accents, acronyms, odd URLs, and papers with and without author names.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import bibtexparser
import pytest
import yaml

from papercli.model import Entry
from papercli.names import split_name
from papercli.store.files import Library
from tests.bibtex_decode import decode, plain
from tests.conftest import DATA

FIXTURE = DATA / "export" / "papers.yaml"
ENCODINGS = ["utf8", "ascii"]

# pdflatex's utf8 input knows Latin scripts; the Greek and CJK letters of the fixture need
# declaring, as a pdflatex user would (that, or --ascii, is what the option is for).
UTF8_PREAMBLE = r"""\usepackage[utf8]{inputenc}
\usepackage[T1]{fontenc}
\DeclareUnicodeCharacter{03B1}{\ensuremath{\alpha}}
\DeclareUnicodeCharacter{0393}{\ensuremath{\Gamma}}
\DeclareUnicodeCharacter{03A9}{\ensuremath{\Omega}}
\DeclareUnicodeCharacter{03B5}{\ensuremath{\varepsilon}}
\DeclareUnicodeCharacter{03BC}{\ensuremath{\mu}}
\DeclareUnicodeCharacter{00B2}{\textsuperscript{2}}
\DeclareUnicodeCharacter{2264}{\ensuremath{\leq}}
\DeclareUnicodeCharacter{2192}{\ensuremath{\rightarrow}}
\DeclareUnicodeCharacter{221E}{\ensuremath{\infty}}
\DeclareUnicodeCharacter{4E2D}{[zh]}
\DeclareUnicodeCharacter{6587}{[wen]}
"""


def fixture_entries() -> list[Entry]:
    """The made-up papers of the fixture library."""
    return [Entry.from_dict(d) for d in yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))]


def export(cli, library_path: Path, encoding: str) -> str:
    """Write the fixture library and export it through the CLI."""
    library = Library(library_path)
    library.ensure()
    with library.lock():
        for entry in fixture_entries():
            library.write(entry)
    args = ["export", "--bibtex"] + (["--ascii"] if encoding == "ascii" else [])
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def bibtex_name(name: str) -> str:
    """A stored name as the export writes it, decoded (a literal name as it is)."""
    parts = split_name(name)
    assert parts is not None
    return parts.bibtex()


def expected_fields(entry: Entry) -> dict[str, str]:
    """The plain text each exported field must decode to."""
    url_safe = str.maketrans({"{": "%7B", "}": "%7D", " ": "%20"})
    fields = {"title": entry.title, "abstract": entry.abstract, "keywords": ", ".join(entry.tags)}
    if entry.authors:
        more = (entry.author_count or 0) > len(entry.authors)
        written = [bibtex_name(n) for n in entry.authors]  # von Last, Jr, First
        fields["author"] = " and ".join(written + (["others"] if more else []))
    if entry.arxiv_id:
        fields["url"] = f"https://arxiv.org/abs/{entry.arxiv_id}"  # the paper's own page
        if entry.urls:
            fields["urls"] = " ".join(u.translate(url_safe) for u in entry.urls)
    elif entry.urls:
        fields["url"] = entry.urls[0].translate(url_safe)
    if entry.note:
        fields["annote"] = entry.note  # private: an annotation, never printed
    if entry.organization:
        fields["organization"] = entry.organization
    if entry.journal_ref and not entry.journal:
        fields["journal" if entry.type == "article" else "howpublished"] = entry.journal_ref
    for name in ("journal", "booktitle", "volume", "number", "pages", "publisher", "isbn"):
        fields[name] = getattr(entry, name) or fields.get(name, "")
    if entry.pages and "–" in entry.pages:
        fields["pages"] = entry.pages.replace("–", "--")  # a range, written BibTeX's way
    if entry.editors:
        fields["editor"] = " and ".join(bibtex_name(n) for n in entry.editors)
    if entry.date and len(entry.date) == 10:
        fields["day"] = str(int(entry.date[8:]))
    if entry.doi:
        fields["doi"] = entry.doi
    fields.update(entry.extra)
    return {name: plain(value) for name, value in fields.items() if value}


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_export_parses_back_to_the_stored_text(cli, library_path: Path, encoding: str) -> None:
    text = export(cli, library_path, encoding)
    if encoding == "ascii":
        assert text.isascii()
    parsed = bibtexparser.parse_string(text)
    assert not parsed.failed_blocks
    by_key = {e.key: e for e in parsed.entries}
    entries = fixture_entries()
    assert sorted(by_key) == sorted(e.key for e in entries)
    for entry in entries:
        got = by_key[entry.key].fields_dict
        for name, want in expected_fields(entry).items():
            value = got[name].value
            if name in ("url", "doi"):
                assert value == want, (entry.key, name)
            elif name in entry.extra:
                assert value == want, (entry.key, name)  # raw BibTeX, written unchanged
            else:
                assert decode(value) == want, (entry.key, name, value)
    llms = by_key["llms2024beat"].fields_dict
    assert "note" not in llms and llms["authorcount"].value == "9"  # never printed
    assert decode(llms["key"].value) == "DeepMind & Co"  # the organisation labels it
    assert llms["primaryclass"].value == "cs.LG"
    assert decode(llms["howpublished"].value) == "arXiv:2407.01234 [cs.LG]"
    assert decode(by_key["unbalanced2022brace"].fields_dict["key"].value) == "Unbalanced } Brace"


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a TeX tool; FAIL (never skip) when texlive is not installed."""
    if shutil.which(cmd[0]) is None:
        pytest.fail(
            f"{cmd[0]} not found: install texlive (Debian: texlive-binaries texlive-base "
            "texlive-latex-base) to run the BibTeX typesetting test"
        )
    return subprocess.run(
        cmd, cwd=cwd, capture_output=True, text=True, encoding="latin-1", timeout=120
    )


def typeset(folder: Path, bib: str, preamble: str) -> tuple[list, str, str, str]:
    """pdflatex, bibtex, pdflatex, pdflatex on a document citing every entry of ``bib``."""
    (folder / "refs.bib").write_text(bib, encoding="utf-8")
    (folder / "doc.tex").write_text(
        "\\documentclass{article}\n"
        + preamble
        + "\\tracinglostchars=2\n\\begin{document}\n\\nocite{*}\n"
        + "\\bibliographystyle{plain}\n\\bibliography{refs}\n\\end{document}\n",
        encoding="utf-8",
    )
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    runs = [run(latex, folder), run(["bibtex", "doc"], folder), run(latex, folder)]
    runs.append(run(latex, folder))
    blg = (folder / "doc.blg").read_text(encoding="latin-1")
    log = (folder / "doc.log").read_text(encoding="latin-1")
    bbl = (folder / "doc.bbl").read_text(encoding="utf-8", errors="replace")
    return runs, blg, log, bbl


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_export_typesets_with_pdflatex_and_bibtex(
    cli, library_path: Path, tmp_path: Path, encoding: str
) -> None:
    bib = export(cli, library_path, encoding)
    folder = tmp_path / "tex"
    folder.mkdir()
    runs, blg, log, bbl = typeset(folder, bib, UTF8_PREAMBLE if encoding == "utf8" else "")
    for done in runs:
        assert done.returncode == 0, f"{done.args}: {done.stdout[-3000:]}"
    bibtex_out = runs[1].stdout + blg
    assert "Warning--" not in bibtex_out, bibtex_out
    assert "error message" not in bibtex_out, bibtex_out
    assert not re.search(r"^! ", log, re.MULTILINE), log[-3000:]
    assert "Missing character" not in log
    assert "undefined references" not in log
    keys = sorted(e.key for e in fixture_entries())
    assert sorted(re.findall(r"\\bibitem\{([^}]*)\}", bbl)) == keys
    # The fields plain.bst prints carry the nasty characters into pdflatex.
    for printed in (r"Costs \& {Benefits}", r"100\%", r"\$5", r"\#1", r"under\_score"):
        assert printed in bbl
    for printed in (r"\textasciitilde{}", r"\textbackslash{}"):
        assert printed in bbl
    assert "appendix" not in bbl  # the user's note ('see {appendix') is never printed
    assert "{LLM}s" in bbl and "{GPT}-4" in bbl and "{ResNet}" in bbl
    assert "authors" not in bbl and "March 2024" in bbl
    assert "et~al." in bbl  # 'and others' for the digest that listed 4 of 12 authors
    assert "Journal of Fa" in bbl  # the article's journal, from journal_ref
    assert (r"{\L}ukasz" if encoding == "ascii" else "Łukasz") in bbl
