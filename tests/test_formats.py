"""Detection, ``--format``, ``papercli formats``, cross-format merging and BibTeX keys."""

from __future__ import annotations

import json
from pathlib import Path

from papercli.parsers import FORMATS, detect

DATA = Path(__file__).resolve().parent / "data"
AS_OF = ("--as-of", "2025-11-20")

EMAIL = r"""\\
arXiv:2409.04242
Date: Mon, 9 Sep 2024 10:00:00 GMT   (99kb)

Title: Lanterns in the Fog: Seeing Through
  Synthetic Weather
Authors: Petra Invented and Ole Madeup
Categories: cs.CV
\\
  Lanterns are simulated in synthetic fog.
\\ ( https://arxiv.org/abs/2409.04242 ,  99kb)
------------------------------------------------------------------------------
"""
FEED = """<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/"
 version="2.0"><channel><title>cs.CV updates on arXiv.org</title>
<item><title>Lanterns in the Fog: Seeing Through Synthetic Weather</title>
<link>https://arxiv.org/abs/2409.04242</link>
<description>arXiv:2409.04242v2 Announce Type: replace
Abstract: Lanterns are simulated in synthetic fog.</description>
<category>cs.CV</category><category>cs.GR</category>
<arxiv:announce_type>replace</arxiv:announce_type>
<dc:creator>Petra Invented, Ole Madeup</dc:creator></item>
</channel></rss>
"""
MARKDOWN = """[17](https://huggingface.co/login?next=%2Fpapers%2F2409.04242)

### [Lanterns in the Fog: Seeing Through Synthetic Weather](https://huggingface.co/papers/2409.04242)

[Lanterns are simulated in synthetic fog.](https://huggingface.co/papers/2409.04242)

- 2 authors

·

Sep 10, 2024
"""
BIB = r"""@article{invented2024lanterns,
  title = {Lanterns in the Fog: Seeing Through Synthetic Weather},
  author = {Invented, Petra and Madeup, Ole},
  year = {2024},
  eprint = {2409.04242},
  archivePrefix = {arXiv},
}
@misc{Taken,
  title = {A Different Paper Whose Key Is Already Used},
  year = {2023},
}
"""


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes (the library must stay unchanged)."""
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _entries(cli) -> list[dict]:
    result = cli("list", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_formats_lists_every_format_one_line_each(cli) -> None:
    result = cli("formats")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(FORMATS)
    assert all(len(line.split(maxsplit=1)) == 2 for line in lines)
    assert result.stderr == ""


def test_formats_json(cli) -> None:
    result = cli("formats", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [item["name"] for item in data] == list(FORMATS)
    assert all(item["description"] for item in data)


def test_detection_does_not_misfire_on_the_other_formats() -> None:
    assert detect(EMAIL) == "arxiv-email"
    assert detect(FEED) == "arxiv-rss"
    assert detect(MARKDOWN) == "paper-links"
    assert detect(BIB) == "bibtex"
    assert detect("Just a note about arXiv:2409.04242 and @misc things.\n") is None


def test_bib_file_mentioning_arxiv_lines_is_still_bibtex() -> None:
    text = BIB + "% Title: not an e-mail\n% arXiv:2409.04242\n"
    assert detect(text) == "bibtex"


def test_import_of_one_paper_from_three_formats_gives_one_entry(cli, tmp_path: Path) -> None:
    files = [
        _write(tmp_path, "listing.txt", EMAIL),
        _write(tmp_path, "feed.xml", FEED),
        _write(tmp_path, "capture.md", MARKDOWN),
    ]
    result = cli("import", *files, *AS_OF, "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert len(report["added"]) == 1
    assert report["merged"] == 2
    assert "1 added, 0 updated, 0 unchanged, 2 duplicates merged" in result.stderr
    [entry] = _entries(cli)
    assert entry["key"] == report["added"][0]
    assert entry["arxiv_id"] == "2409.04242"
    assert entry["authors"] == ["Petra Invented", "Ole Madeup"]
    assert entry["categories"] == ["cs.CV", "cs.GR"]
    assert entry["upvotes"] == 17
    assert entry["source"] == "arxiv-email"


def test_later_import_from_another_format_updates_the_entry(cli, tmp_path: Path) -> None:
    assert cli("import", _write(tmp_path, "a.md", MARKDOWN), *AS_OF).exit_code == 0
    result = cli("import", _write(tmp_path, "b.txt", EMAIL), *AS_OF, "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["added"] == [] and len(report["updated"]) == 1
    [entry] = _entries(cli)
    assert entry["authors"] == ["Petra Invented", "Ole Madeup"]
    assert entry["upvotes"] == 17


def test_format_option_overrides_detection(cli, tmp_path: Path, library_path: Path) -> None:
    assert cli("import", _write(tmp_path, "seed.md", MARKDOWN), *AS_OF).exit_code == 0
    before = snapshot(library_path)
    path = _write(tmp_path, "listing.txt", EMAIL)
    result = cli("import", path, "--format", "bibtex", *AS_OF)
    assert result.exit_code != 0
    assert "read as bibtex" in result.stderr
    assert result.stdout == ""
    assert snapshot(library_path) == before
    result = cli("import", path, "--format", "arxiv-email", *AS_OF)
    assert result.exit_code == 0, result.stderr


def test_bibtex_keeps_valid_free_keys_and_renames_clashes(cli, tmp_path: Path) -> None:
    seed = "@misc{taken, title = {The First Owner of the Key}, year = {2020}}\n"
    assert cli("import", _write(tmp_path, "seed.bib", seed)).exit_code == 0
    result = cli("import", _write(tmp_path, "refs.bib", BIB), "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert "invented2024lanterns" in report["added"]
    assert "Taken" not in report["added"]
    assert len(report["added"]) == 2
    assert any("'Taken' is taken" in w for w in report["warnings"])
    keys = {e["key"]: e for e in _entries(cli)}
    assert keys["taken"]["title"] == "The First Owner of the Key"


def test_bibtex_keys_are_kept_as_written(cli, tmp_path: Path) -> None:
    text = (
        "@article{Smith:2020, title = {Colons in Keys}, author = {Smith, Ann}, year = 2020}\n"
        "@article{Bunge-1973-ExactPhilosophy, title = {Exact Philosophy}, year = 1973}\n"
        "@article{vaswani_attention_2017, title = {Attention}, year = 2017}\n"
    )
    result = cli("import", _write(tmp_path, "x.bib", text), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["added"] == [
        "Smith:2020",
        "Bunge-1973-ExactPhilosophy",
        "vaswani_attention_2017",
    ]


def test_bibtex_invalid_key_gets_a_generated_one(cli, tmp_path: Path) -> None:
    text = "@article{smith(2020), title = {Dots in Keys}, author = {Smith, Ann}, year = 2020}\n"
    result = cli("import", _write(tmp_path, "x.bib", text), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["added"] == ["smith2020dots"]
    assert "'smith(2020)'" in result.stderr  # biber cannot read it: renamed, with a warning


def test_bibtex_keys_bibtex_and_biber_accept_are_kept(cli, tmp_path: Path) -> None:
    keys = ["--__theorytruthinauthor", ".hidden", "a!b@c"]
    text = "".join(f"@misc{{{k}, title = {{Paper {k}}}, year = 2020}}\n" for k in keys)
    result = cli("import", _write(tmp_path, "x.bib", text), "--json")
    assert result.exit_code == 0, result.stderr
    assert sorted(json.loads(result.stdout)["added"]) == sorted(keys)
    assert "imported as" not in result.stderr
    shown = cli("show", "--json", "--", "--__theorytruthinauthor")
    assert shown.exit_code == 0 and json.loads(shown.stdout)["key"] == keys[0]


def test_malformed_bibtex_block_is_reported_and_the_rest_imports(cli, tmp_path: Path) -> None:
    text = "@article{bad,\n  title = {Never closed,\n\n" + BIB
    result = cli("import", _write(tmp_path, "x.bib", text), "--json")
    assert result.exit_code == 0, result.stderr
    assert "line 1: skipped a malformed BibTeX block" in result.stderr
    assert len(json.loads(result.stdout)["added"]) == 2


def test_feed_with_entity_declarations_is_refused(cli, tmp_path: Path, library_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "arxiv"><!ENTITY b "&a;&a;&a;">]>\n'
        "<rss><channel><item><title>&b;</title></item></channel></rss>\n"
    )
    assert cli("import", _write(tmp_path, "seed.md", MARKDOWN), *AS_OF).exit_code == 0
    before = snapshot(library_path)
    result = cli("import", _write(tmp_path, "feed.xml", bomb), "--format", "arxiv-rss")
    assert result.exit_code != 0
    assert "refused" in result.stderr
    assert result.stdout == ""
    assert snapshot(library_path) == before


def test_broken_xml_is_an_input_error(cli, tmp_path: Path) -> None:
    result = cli("import", _write(tmp_path, "feed.xml", "<rss><channel>"), "-f", "arxiv-rss")
    assert result.exit_code != 0
    assert "not well-formed XML" in result.stderr
