"""``papercli import``: summaries, re-imports, merges and every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from papercli.entry_yaml import entry_to_yaml
from papercli.model import Entry
from tests.conftest import SAMPLE_AS_OF, SAMPLE_DIGEST, snapshot

ABSTRACT = (
    "We propose a method that does something useful for learning systems at scale, and test it."
)


def digest(*titles: str, date: str = "Oct 2, 2023") -> str:
    return "".join(f"{t}\n\n{ABSTRACT}\n\n  • 3 authors\n·\n{date}\n\n" for t in titles)


def test_import_sample_creates_library(cli, library_path: Path) -> None:
    result = cli("import", str(SAMPLE_DIGEST), "--as-of", SAMPLE_AS_OF)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.strip() == "10 added, 0 updated, 0 unchanged"
    files = sorted((library_path / "entries").glob("*.yaml"))
    assert len(files) == 10
    meta = yaml.safe_load((library_path / "papercli.yaml").read_text())
    assert meta == {"format_version": 1}
    stored = yaml.safe_load(
        (library_path / "entries" / "columnnorm2025normalised.yaml").read_text()
    )
    assert stored["author_count"] == 9
    assert stored["date"] == "2025-09-26"
    assert stored["date_raw"] == "Sep 26"
    assert stored["upvotes"] == 2
    assert stored["urls"] == ["https://github.com/example-org/columnnorm"]
    assert stored["source"] == "hf-daily"
    assert stored["authors"] == []
    assert stored["added"].startswith("20")


def test_reimport_changes_nothing(cli, filled_library: Path) -> None:
    before = snapshot(filled_library)
    result = cli("import", str(SAMPLE_DIGEST), "--as-of", SAMPLE_AS_OF)
    assert result.exit_code == 0
    assert result.stderr.strip() == "0 added, 0 updated, 10 unchanged"
    assert snapshot(filled_library) == before


def test_reimport_a_year_later_matches_yearless_dates(cli, filled_library: Path) -> None:
    result = cli("import", str(SAMPLE_DIGEST), "--as-of", "2026-11-20")
    assert result.exit_code == 0
    assert result.stderr.strip().startswith("0 added")


def test_merge_keeps_user_edits_and_fills_empty_fields(
    cli, library_path: Path, tmp_path: Path
) -> None:
    first = tmp_path / "a.txt"
    first.write_text("Kernel Methods Revisited\n\n" + ABSTRACT + "\n", encoding="utf-8")
    # A bare title and abstract is too little to detect a format from: say which it is.
    assert cli("import", str(first), "--format", "hf-daily").exit_code == 0
    path = library_path / "entries" / "kernelmethods.yaml"
    data = yaml.safe_load(path.read_text())
    data["tags"] = ["to-read"]
    data["abstract"] = "My own summary."
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    second = tmp_path / "b.txt"
    second.write_text(
        "KERNEL methods: revisited\n\nAnother abstract text entirely, long enough.\n\n"
        "  • 5 authors\n·\nMar 3, 2024 7\n",
        encoding="utf-8",
    )
    result = cli("import", str(second))
    assert result.exit_code == 0
    assert result.stderr.strip() == "0 added, 1 updated, 0 unchanged"
    merged = yaml.safe_load(path.read_text())
    assert merged["key"] == "kernelmethods"  # keys are stable
    assert merged["tags"] == ["to-read"]
    assert merged["abstract"] == "My own summary."
    assert merged["author_count"] == 5
    assert merged["date"] == "2024-03-03"
    assert merged["upvotes"] == 7


def test_duplicates_within_one_digest_collapse(cli, library_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "d.txt"
    path.write_text(digest("Same Paper", "Other Paper", "Same  paper"), encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 0
    assert result.stderr.strip() == "2 added, 0 updated, 0 unchanged, 1 duplicates merged"
    assert len(list((library_path / "entries").glob("*.yaml"))) == 2


def test_key_clash_gets_suffix(cli, library_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "d.txt"
    path.write_text(digest("Deep Nets Work", "Deep Nets, Revisited"), encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    names = sorted(p.name for p in (library_path / "entries").glob("*.yaml"))
    assert names == ["deep2023nets.yaml", "deep2023netsa.yaml"]


def test_import_from_stdin_and_json_report(cli, library_path: Path) -> None:
    result = cli("import", "-", "--json", input=digest("Stdin Paper"))
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["added"] == ["stdin2023paper"]
    assert report["updated"] == [] and report["unchanged"] == []


def test_several_files_in_one_import(cli, tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(digest("Paper A One"), encoding="utf-8")
    b.write_text(digest("Paper B Two"), encoding="utf-8")
    result = cli("import", str(a), str(b))
    assert result.exit_code == 0
    assert result.stderr.strip() == "2 added, 0 updated, 0 unchanged"


BAD_INPUTS = {
    "missing": (None, "no such file"),
    "empty": (b"", "is empty"),
    "whitespace": (b"  \n\n \t\n", "no papers found"),
    "binary": (bytes(range(256)) * 4, "binary"),
    "latin1": ("Caf\u00e9 Paper\n\nAbstract about caf\u00e9s.\n".encode("latin-1"), "not UTF-8"),
    "no papers": (b"hello\n\nworld\n", "no papers found"),
    "only header": (b"new\n\nSubscribe\n\nDaily Papers\n\nNov 11\n", "no papers found"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_error_and_library_unchanged(
    cli, filled_library: Path, tmp_path: Path, case: str
) -> None:
    content, message = BAD_INPUTS[case]
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    before = snapshot(filled_library)
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and message in lines[0]
    assert "Traceback" not in result.stderr
    assert snapshot(filled_library) == before


def test_directory_is_rejected(cli, filled_library: Path, tmp_path: Path) -> None:
    before = snapshot(filled_library)
    result = cli("import", str(tmp_path))
    assert result.exit_code == 1
    assert "is a folder" in result.stderr
    assert snapshot(filled_library) == before


def test_failed_import_does_not_create_library(cli, library_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("nothing here\n", encoding="utf-8")
    assert cli("import", str(path)).exit_code == 1
    assert not library_path.exists()


def test_one_bad_file_among_good_ones_imports_nothing(
    cli, library_path: Path, tmp_path: Path
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(digest("Good Paper"), encoding="utf-8")
    result = cli("import", str(good), str(tmp_path / "missing.txt"))
    assert result.exit_code == 1
    assert not library_path.exists()


def test_bad_as_of_date(cli, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(digest("Any Paper"), encoding="utf-8")
    result = cli("import", str(path), "--as-of", "yesterday")
    assert result.exit_code == 1
    assert "--as-of" in result.stderr


def test_utf8_bom_and_utf16_are_read(cli, library_path: Path, tmp_path: Path) -> None:
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + digest("Bom Paper").encode())
    wide = tmp_path / "wide.txt"
    wide.write_bytes(digest("Wide Paper").encode("utf-16"))
    result = cli("import", str(bom), str(wide))
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in (library_path / "entries").glob("*.yaml"))
    assert names == ["bom2023paper.yaml", "wide2023paper.yaml"]


def test_library_from_newer_papercli_is_refused(cli, library_path: Path, tmp_path: Path) -> None:
    library_path.mkdir()
    (library_path / "papercli.yaml").write_text("format_version: 99\n")
    path = tmp_path / "a.txt"
    path.write_text(digest("Any Paper"), encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 2
    assert "newer than this papercli" in result.stderr
    assert not (library_path / "entries").exists()


def test_key_of_an_unreadable_file_is_never_reused(cli, library_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "d.txt"
    path.write_text(digest("Other Paper"), encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    broken = library_path / "entries" / "deep2023nets.yaml"
    broken.write_text("title: [not closed\n", encoding="utf-8")
    path.write_text(digest("Deep Nets Work"), encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 0
    # The paper whose key the broken file holds is probably that file's paper: it is
    # skipped, naming the file, rather than added again as ``deep2023netsa``.
    assert not (library_path / "entries" / "deep2023netsa.yaml").exists()
    assert "entries/deep2023nets.yaml, which cannot be read" in result.stderr
    assert broken.read_text(encoding="utf-8") == "title: [not closed\n"
    broken.write_text(entry_to_yaml(Entry(key="deep2023nets", title="Shallow")), "utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 0
    assert (library_path / "entries" / "deep2023netsa.yaml").is_file()  # repaired: not it
