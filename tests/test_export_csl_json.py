"""The CSL-JSON export: valid CSL data, read and printed by pandoc's citeproc."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import jsonschema
import pytest

from papercli.exporters import render, resolve_format
from papercli.exporters.csl_json import csl_item, date_parts
from papercli.latex.plain import tex_to_unicode
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
    "ISBN ISSN archive_location"
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
            "custom": {"type": "object"},  # CSL 1.0.2: application data, never printed
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
    # plain text, nothing escaped; the one macro, \backslash, decoded without its backslash
    assert lovelace["title"] == fixture_entries()[0].title.replace("\\backslash", "backslash")
    assert lovelace["author"] == [
        {"family": "Lovelace", "given": "Ada"},
        {"family": "Gödel", "given": "Kurt"},
    ]
    assert lovelace["issued"] == {"date-parts": [[2024, 3, 5]]}
    assert lovelace["keyword"] == "math & logic, under_score"
    arxiv = by_id["llms2024beat"]
    assert (arxiv["type"], arxiv["number"]) == ("article", "2407.01234")
    assert arxiv["archive_location"] == "arXiv:2407.01234 [cs.LG]"  # what styles print
    assert arxiv["author"] == [{"literal": "DeepMind & Co"}]  # the label, no names known
    assert arxiv["custom"] == {"label": "organization", "author-count": 9}
    assert "note" not in arxiv and "publisher" not in arxiv
    assert arxiv["URL"] == "https://arxiv.org/abs/2407.01234"  # the paper's own page
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
        "author": [{"literal": "Bare title"}],  # no names known: the label stands in
        "custom": {"label": "title"},
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
    assert "\\" not in result.stdout  # plain text: TeX macros decoded, no backslash left
    for entry in entries:
        title = tex_to_unicode(entry.title)
        assert folded(title.replace("“", "‘").replace("”", "’")) in printed, entry.key
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


def strings(value: object) -> list[str]:
    """Every string in a JSON value, keys and values, however deep."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [k, *strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def test_every_string_is_plain_text() -> None:
    from tests.test_export_styles import entries as style_entries

    data = json.loads(render_text(CSL, style_entries()))
    found = strings(data)
    assert not [s for s in found if "$" in s or "\\" in s]
    assert "𝒪(1/√T) Convergence of Adam Without Tuning" in found
    assert "1-20" in found and "1201-1214" in found  # ranges as CSL reads them
    fixture = strings(json.loads(render_text(CSL, fixture_entries())))
    assert not [s for s in fixture if "\\" in s]
    # A dollar that is money is text: "$5" stays, nothing else holds one.
    assert [s for s in fixture if "$" in s] == [fixture_entries()[0].title.replace("\\", "")]


def test_tex_in_titles_becomes_unicode_and_money_stays() -> None:
    item = csl_item(
        Entry(
            key="k",
            title=r"An $O(\sqrt{T})$ Bound with $\beta_2 < 1$ for Mat\'ern \textbf{Kernels}",
            authors=["Ann Smith"],
            abstract="Costs $5 or $10, and $\\alpha$ of it.",
        )
    )
    assert item["title"] == "An O(√T) Bound with β₂ < 1 for Matérn Kernels"
    assert item["abstract"] == "Costs $5 or $10, and α of it."


def test_math_keeps_the_spaces_written_around_relations() -> None:
    """``$\\beta_2 \\to 1$`` reads "β₂ → 1" in a word processor, as it was written (TeX
    spaces relations itself; plain text needs the spaces of the source)."""
    from papercli.latex.plain import tex_to_unicode

    assert tex_to_unicode(r"When $\beta_2 \to 1$, Adam") == "When β₂ → 1, Adam"
    assert tex_to_unicode(r"$a \leq b$ and $\alpha\to\infty$") == "a ≤ b and α→∞"
