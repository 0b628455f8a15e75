"""The BibLaTeX export, read back by bibtexparser and typeset for real with biblatex + biber."""

from __future__ import annotations

import re
from pathlib import Path

import bibtexparser
import pytest

from papercli.exporters import resolve_format
from papercli.exporters.biblatex import entry_fields
from papercli.model import Entry
from tests.bibtex_decode import decode, plain
from tests.test_export_latex import ENCODINGS, UTF8_PREAMBLE, fixture_entries
from tests.tools import render_text, typeset_with_biber

BIBLATEX = resolve_format("biblatex")


def biblatex_text(encoding: str) -> str:
    return render_text(BIBLATEX, fixture_entries(), ascii=encoding == "ascii")


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_biblatex_fields_parse_back(encoding: str) -> None:
    parsed = bibtexparser.parse_string(biblatex_text(encoding))
    assert not parsed.failed_blocks
    by_key = {e.key: e for e in parsed.entries}
    assert sorted(by_key) == sorted(e.key for e in fixture_entries())
    for entry in fixture_entries():
        got = {name: field.value for name, field in by_key[entry.key].fields_dict.items()}
        assert decode(got["title"]) == plain(entry.title)
        assert "year" not in got and "month" not in got and "key" not in got
        if entry.abstract:
            assert decode(got["abstract"]) == plain(entry.abstract)
    types = {key: e.entry_type for key, e in by_key.items()}
    assert types["llms2024beat"] == "online" and types["kaiser2023matern"] == "article"
    assert types["hopper2019compilers"] == "inproceedings"
    arxiv = by_key["llms2024beat"].fields_dict
    assert arxiv["date"].value == "2024-07-01"
    assert (arxiv["eprint"].value, arxiv["eprinttype"].value) == ("2407.01234", "arxiv")
    assert arxiv["eprintclass"].value == "cs.LG"
    assert "note" not in arxiv and arxiv["authorcount"].value == "9"  # biblatex ignores it
    assert arxiv["shortauthor"].value == r"{DeepMind \& Co}"  # one name, the label
    article = by_key["kaiser2023matern"].fields_dict
    assert decode(article["journaltitle"].value) == "Journal of Façade Studies 12 (2023)"
    assert article["date"].value == "2023"
    hopper = by_key["hopper2019compilers"].fields_dict["author"].value
    assert hopper.endswith(" and others")


def test_extra_fields_that_repeat_a_biblatex_field_are_skipped() -> None:
    entry = Entry(
        key="x2024",
        title="T",
        date="2024-05",
        type="article",
        journal_ref="J. Made-Up",
        extra={"year": "2023", "journal": "Other", "pages": "1--2"},
    )
    warnings: list[str] = []
    fields = dict(entry_fields(entry, False, warnings))
    assert fields["date"] == "{2024-05}" and fields["pages"] == "{1--2}"
    assert "year" not in fields and "journal" not in fields
    assert warnings == [
        "x2024: skipped extra field 'year' (already written)",
        "x2024: skipped extra field 'journal' (already written)",
    ]


PREAMBLE = {
    # biber turns \textless and friends back into characters: T1 prints them as themselves.
    "utf8": UTF8_PREAMBLE,
    "ascii": "\\usepackage[T1]{fontenc}\n",
}


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_biblatex_typesets_with_biber(tmp_path: Path, encoding: str) -> None:
    log = typeset_with_biber(
        tmp_path, biblatex_text(encoding), PREAMBLE[encoding], "\\tracinglostchars=2\n"
    )
    assert not re.search(r"^! ", log, re.MULTILINE), log[-3000:]
    assert "Missing character" not in log
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    keys = sorted(e.key for e in fixture_entries())
    assert sorted(re.findall(r"\\entry\{([^}]*)\}", bbl)) == keys
    assert "{LLM}s" in bbl and "{GPT}-4" in bbl
    assert r"\field{eprinttype}{arxiv}" in bbl and r"\field{eprintclass}{cs.LG}" in bbl
    assert r"\true{moreauthor}" in bbl  # 'and others': biblatex prints "et al."
    assert r"Costs \& {Benefits}: 100\% of \$5" in bbl
    assert r"\field{year}{2024}" in bbl and r"\field{month}{3}" in bbl  # from date
