"""The CSL-JSON export: valid CSL data, read and printed by pandoc's citeproc."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import jsonschema
import pytest

from papercli.exporters import render, resolve_format
from papercli.exporters.csl_json import csl_item, date_parts
from papercli.model import Entry
from tests.test_export_latex import fixture_entries
from tests.tools import render_text, run_tool

CSL = resolve_format("csl-json")

# The parts of the CSL 1.0.2 data schema (csl-data.json) this export can produce, written
# out here: item types, name and date objects, and the variables allowed on an item.
CSL_TYPES = (
    "article article-journal article-magazine article-newspaper bill book broadcast chapter "
    "classic collection dataset document entry entry-dictionary entry-encyclopedia event "
    "figure graphic hearing interview legal_case legislation manuscript map motion_picture "
    "musical_score pamphlet paper-conference patent performance periodical "
    "personal_communication post post-weblog regulation report review review-book software "
    "song speech standard thesis treaty webpage"
).split()
NAME_PARTS = "family given dropping-particle non-dropping-particle suffix literal".split()
NAME = {
    "type": "object",
    "properties": {key: {"type": "string", "minLength": 1} for key in NAME_PARTS},
    "additionalProperties": False,
    "anyOf": [{"required": ["family"]}, {"required": ["literal"]}],
}
DATE = {
    "type": "object",
    "properties": {
        "date-parts": {
            "type": "array",
            "minItems": 1,
            "maxItems": 2,
            "items": {
                "type": "array",
                "minItems": 1,
                "maxItems": 3,
                "items": {"type": "integer"},
            },
        }
    },
    "required": ["date-parts"],
    "additionalProperties": False,
}
TEXT = {"type": "string", "minLength": 1}
TEXT_VARIABLES = (
    "title container-title publisher number DOI URL keyword abstract note annote volume issue page "
    "ISBN ISSN"
).split()
SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "id": TEXT,
            "type": {"enum": CSL_TYPES},
            "author": {"type": "array", "minItems": 1, "items": NAME},
            "editor": {"type": "array", "minItems": 1, "items": NAME},
            "issued": DATE,
            **{name: TEXT for name in TEXT_VARIABLES},
        },
        "required": ["id", "type", "title"],
        "additionalProperties": False,
    },
}


def test_fixture_export_is_valid_csl_data() -> None:
    data = json.loads(render_text(CSL, fixture_entries()))
    jsonschema.validate(data, SCHEMA)
    by_id = {item["id"]: item for item in data}
    assert [item["id"] for item in data] == [e.key for e in fixture_entries()]
    lovelace = by_id["lovelace2024costs"]
    assert lovelace["title"] == fixture_entries()[0].title  # plain text, nothing escaped
    assert lovelace["author"] == [
        {"family": "Lovelace", "given": "Ada"},
        {"family": "Gödel", "given": "Kurt"},
    ]
    assert lovelace["issued"] == {"date-parts": [[2024, 3, 5]]}
    assert lovelace["keyword"] == "math & logic, under_score"
    arxiv = by_id["llms2024beat"]
    assert (arxiv["type"], arxiv["number"], arxiv["note"]) == ("article", "2407.01234", "9 authors")
    assert arxiv["publisher"] == "DeepMind & Co"
    assert arxiv["URL"] == "https://example.org/{weird}%20path?q=1&r=%7E"
    article = by_id["kaiser2023matern"]
    assert article["type"] == "article-journal"
    assert article["container-title"] == "Journal of Façade Studies 12 (2023)"
    assert article["DOI"] == "10.1234/fancy_doi<1>"
    hopper = by_id["hopper2019compilers"]
    assert hopper["type"] == "paper-conference"
    assert hopper["author"][2:] == [
        {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
        {"family": "Berg", "given": "Anna", "non-dropping-particle": "van der"},
        {"literal": "others"},
    ]
    assert by_id["tom2021quotes"]["author"][0] == {"literal": "Tom and Jerry Studio"}


def test_streamed_pieces_are_exactly_json_dumps_of_the_list() -> None:
    entries = fixture_entries()
    expected = json.dumps([csl_item(e) for e in entries], ensure_ascii=False, indent=2) + "\n"
    assert "".join(render(CSL, entries, [])) == expected
    assert render_text(CSL, []) == "[]\n"


@pytest.mark.parametrize(
    ("date", "parts"),
    [("2024-03-05", [2024, 3, 5]), ("2024-03", [2024, 3]), ("2024", [2024]), (None, [])],
)
def test_date_parts(date: str | None, parts: list[int]) -> None:
    assert date_parts(date) == parts
    assert date_parts("2024-13-01") == [2024] and date_parts("Mar 2024") == []


def test_an_entry_with_nothing_but_a_title_is_still_an_item() -> None:
    assert csl_item(Entry(key="bare2024", title="  Bare\n title ")) == {
        "id": "bare2024",
        "type": "article",
        "title": "Bare title",
    }


def folded(text: str) -> str:
    """Compare as pandoc prints: case (styles title-case), spacing and quotes aside."""
    text = unicodedata.normalize("NFC", text).casefold().replace("“", '"').replace("”", '"')
    return " ".join(text.split())


def test_pandoc_citeproc_prints_every_reference(tmp_path: Path) -> None:
    entries = fixture_entries()
    (tmp_path / "refs.json").write_text(render_text(CSL, entries), encoding="utf-8")
    citations = "; ".join(f"@{e.key}" for e in entries)
    document = f"See [{citations}].\n\n# References\n"
    result = run_tool(
        ["pandoc", "--citeproc", "--bibliography", "refs.json", "--wrap=none", "-t", "plain"],
        tmp_path,
        input=document,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # pandoc warns about any citation it cannot resolve
    printed = folded(result.stdout)
    for entry in entries:
        assert folded(entry.title.replace("“", "‘").replace("”", "’")) in printed, entry.key
    for family in ("Lovelace", "Gödel", "Kaiser", "Ørsted", "Ωmega", "van der Berg", "King Jr."):
        assert folded(family) in printed
    assert folded("Hopper, Grace, Alan Turing") in printed
    assert "et al. 2019" in result.stdout  # the literal "others" of a truncated list
    assert "Journal of Façade Studies" in result.stdout


def test_pandoc_reads_the_items_back_unchanged(tmp_path: Path) -> None:
    text = render_text(CSL, fixture_entries())
    (tmp_path / "refs.json").write_text(text, encoding="utf-8")
    result = run_tool(["pandoc", "-f", "csljson", "-t", "csljson", "refs.json"], tmp_path)
    assert result.returncode == 0, result.stderr
    ours = {item["id"]: item for item in json.loads(text)}
    for item in json.loads(result.stdout):
        mine = ours[item["id"]]
        for name in ("title", "author", "issued", "URL", "DOI", "container-title", "note"):
            assert item.get(name) == mine.get(name), (item["id"], name)
