"""Hand-edited and corrupt entry files: read commands go on, warn once, never touch them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papercli.entry_yaml import entry_from_yaml, entry_to_yaml
from papercli.model import Entry
from papercli.store.files import Library
from tests.conftest import snapshot

BAD_FILES = {
    "notyaml.yaml": ("key: notyaml\ntitle: [unclosed\n", "not valid YAML"),
    "alist.yaml": ("- just\n- a list\n", "not a mapping"),
    "notitle.yaml": ("key: notitle\nabstract: text\n", "no title"),
    "badtype.yaml": ("key: badtype\ntitle: T\nupvotes: lots\n", "upvotes"),
    "wrongkey.yaml": ("key: otherkey\ntitle: T\n", "does not match the file name"),
    "python.yaml": ("!!python/object/apply:os.system ['echo pwned']\n", "not valid YAML"),
    "binary.yaml": (b"\xff\xfe\x00garbage", "cannot read"),
}


@pytest.fixture
def corrupted(filled_library: Path) -> Path:
    for name, (content, _) in BAD_FILES.items():
        path = filled_library / "entries" / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return filled_library


def warning_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("Warning:")]


def test_list_keeps_working_and_warns_once_per_bad_file(cli, corrupted: Path) -> None:
    before = snapshot(corrupted)
    result = cli("list", "--json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 10
    warnings = warning_lines(result.stderr)
    assert len(warnings) == len(BAD_FILES)
    for name, (_, reason) in BAD_FILES.items():
        (line,) = [w for w in warnings if f"entries/{name}:" in w]
        assert reason in line
    assert snapshot(corrupted) == before


def test_import_skips_bad_files_and_never_rewrites_them(
    cli, corrupted: Path, tmp_path: Path
) -> None:
    bad_before = {n: (corrupted / "entries" / n).read_bytes() for n in BAD_FILES}
    digest = tmp_path / "d.txt"
    abstract = "A long enough abstract about an idea that is tested in detail in this paper."
    digest.write_text(f"Otherkey Paper\n\n{abstract}\n\n• 2 authors\n·\nMay 1, 2024\n")
    result = cli("import", str(digest))
    assert result.exit_code == 0
    assert "1 added" in result.stderr
    assert len(warning_lines(result.stderr)) == len(BAD_FILES)
    assert {n: (corrupted / "entries" / n).read_bytes() for n in BAD_FILES} == bad_before


def test_show_of_a_corrupt_entry_is_one_error(cli, corrupted: Path) -> None:
    before = snapshot(corrupted)
    result = cli("show", "notitle")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"Error: {corrupted / 'entries' / 'notitle.yaml'}: entry has no title"
    ]
    assert snapshot(corrupted) == before


def test_doctor_reports_every_bad_file_and_changes_nothing(cli, corrupted: Path) -> None:
    before = snapshot(corrupted)
    result = cli("doctor", "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    invalid = {p["files"][0] for p in report["problems"] if p["kind"] == "invalid-file"}
    assert invalid == {f"entries/{n}" for n in BAD_FILES}
    assert report["fixed"] == []
    assert snapshot(corrupted) == before
    fixed = cli("doctor", "--fix")
    assert fixed.exit_code == 1
    assert snapshot(corrupted) == before


@pytest.mark.parametrize(
    "text",
    [
        "!!python/object/apply:os.system",
        "yes",
        "No",
        "null",
        "~",
        "- a",
        "key: value",
        "0x1F",
        "1e3",
        ".inf",
        "'quoted'",
        '"double"',
        "# comment",
        "a #b",
        "&anchor",
        "*alias",
        "%TAG",
        "@at",
        "`tick",
        "| block",
        "> folded",
        "  leading and trailing  ",
        "multi\nline\n",
        "2024-01-01",
        "",
    ],
)
def test_yaml_special_strings_round_trip_exactly(tmp_path: Path, text: str) -> None:
    entry = Entry(key="k2024x", title=text or "t", abstract=text, note=text, tags=[text])
    entry.extra = {text: text}
    assert entry_from_yaml(entry_to_yaml(entry)) == entry
    library = Library(tmp_path / "lib")
    library.ensure()
    library.write(entry)
    assert library.get("k2024x") == entry
