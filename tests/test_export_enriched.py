"""Papers completed online export as citable references: ids, DOIs, names, typeset cleanly.

The papers come through ``add`` from the local fake arXiv API and Crossref (made-up records
with Unicode, particle and collaboration names), then every citation format is checked and
BibTeX/BibLaTeX are typeset for real with 0 warnings.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import bibtexparser
import pytest

from tests.fake_http import FakeServer, Reply, fixture_text
from tests.test_export_latex import UTF8_PREAMBLE, typeset
from tests.tools import typeset_with_biber

FERN_DOI = "10.5555/fake.fern.2024"
PREAMBLE = UTF8_PREAMBLE + "\\DeclareUnicodeCharacter{674E}{[li]}\n"


@pytest.fixture
def added(cli, online: FakeServer) -> dict[str, str]:
    """arXiv id / DOI -> key of the papers added from the fake sources."""
    online.route("/api/query", Reply(200, fixture_text("arxiv-batch.xml")))
    online.route(f"/crossref/works/{FERN_DOI}", Reply(200, fixture_text("crossref-work.json")))
    result = cli("add", "2401.09876", "hep-th/9912345", "2402.00555", FERN_DOI)
    assert result.exit_code == 0, result.stderr
    entries = json.loads(cli("list", "--json").stdout)
    return {e["arxiv_id"] or e["doi"]: e["key"] for e in entries}


def export(cli, fmt: str, *refs: str) -> str:
    result = cli("export", "--format", fmt, *refs)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def test_bibtex_fields(cli, added: dict[str, str]) -> None:
    parsed = bibtexparser.parse_string(export(cli, "bibtex"))
    fields = {e.key: {f.key: f.value for f in e.fields} for e in parsed.entries}
    garden = fields[added["2401.09876"]]
    assert garden["eprint"] == "2401.09876"
    assert garden["archiveprefix"] == "arXiv"
    assert garden["primaryclass"] == "cs.LG"
    assert garden["doi"] == "10.5555/fake.2024.0042"
    assert garden["author"] == "Quillfeather, Ada and Nettle, Bartholomew"  # Family, Given
    old = fields[added["hep-th/9912345"]]
    assert old["eprint"] == "hep-th/9912345" and old["primaryclass"] == "hep-th"
    detector = fields[added["2402.00555"]]
    assert detector["author"].startswith("{The PRETEND Collaboration} and Ångström, Zoë and ")
    fern = fields[added[FERN_DOI]]
    assert fern["doi"] == FERN_DOI and fern["journal"] == "Journal of Made-Up Research"
    assert fern["author"] == "Marchetti, Hélène and van den Berg, Pieter and {Fern Consortium}"
    assert "note" not in garden  # names known: no "N authors" placeholder


def test_biblatex_csl_ris_fields(cli, added: dict[str, str]) -> None:
    biblatex = export(cli, "biblatex", "2401.09876")
    assert "eprint = {2401.09876}" in biblatex and "eprinttype = {arxiv}" in biblatex
    assert "eprintclass = {cs.LG}" in biblatex and "doi = {10.5555/fake.2024.0042}" in biblatex
    csl = {item["id"]: item for item in json.loads(export(cli, "csl-json"))}
    fern = csl[added[FERN_DOI]]
    assert fern["DOI"] == FERN_DOI
    assert fern["author"][0] == {"family": "Marchetti", "given": "Hélène"}
    assert fern["author"][1]["family"] == "Berg" and fern["author"][1]["given"] == "Pieter"
    assert fern["author"][2] == {"literal": "Fern Consortium"}
    assert csl[added["2402.00555"]]["author"][0] == {"literal": "The PRETEND Collaboration"}
    ris = export(cli, "ris", "2401.09876")
    assert "AU  - Quillfeather, Ada" in ris and "DO  - 10.5555/fake.2024.0042" in ris


def test_bibtex_typesets_without_warnings(cli, added: dict[str, str], tmp_path: Path) -> None:
    runs, blg, log, bbl = typeset(tmp_path, export(cli, "bibtex"), PREAMBLE)
    for done in runs:
        assert done.returncode == 0, f"{done.args}: {done.stdout[-3000:]}"
    assert "Warning--" not in runs[1].stdout + blg, blg
    assert not re.search(r"^! ", log, re.MULTILINE), log[-3000:]
    assert "Missing character" not in log and "undefined references" not in log
    assert "The PRETEND Collaboration" in bbl  # braced whole: never "T. P. Collaboration"
    plain = " ".join(bbl.replace("{", "").replace("}", "").split())  # case protection braces
    assert "gradient gardening" in plain.lower()


def test_biblatex_typesets_without_warnings(cli, added: dict[str, str], tmp_path: Path) -> None:
    typeset_with_biber(tmp_path, export(cli, "biblatex"), PREAMBLE)
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert r"\field{eprinttype}{arxiv}" in bbl and r"\verb{doi}" in bbl
