"""``papercli export``: selection, stdout vs --out, and errors that write nothing."""

from __future__ import annotations

from pathlib import Path

import bibtexparser
import pytest

from papercli.model import Entry
from papercli.store.files import Library
from tests.conftest import snapshot


def keys_in(text: str) -> list[str]:
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    return [e.key for e in library.entries]


@pytest.fixture
def small_library(library_path: Path) -> Library:
    """Three papers: two tagged rl (one also theory), one untagged."""
    library = Library(library_path)
    library.ensure()
    papers = [
        Entry(key="bravo2024", title="Bravo & Co", tags=["RL"], authors=["B. One"], date="2024"),
        Entry(key="alpha2023", title="Alpha", tags=["rl", "theory"], author_count=3),
        Entry(key="charlie2022", title="Charlie Gödel", date="2022-05-01"),
    ]
    with library.lock():
        for paper in papers:
            library.write(paper)
    return library


def test_export_all_to_stdout_in_key_order(cli, small_library: Library) -> None:
    result = cli("export")
    assert result.exit_code == 0, result.stderr
    assert keys_in(result.stdout) == ["alpha2023", "bravo2024", "charlie2022"]
    assert result.stdout.startswith("@misc{alpha2023,")
    # the one warning: two papers are written without author names
    assert (
        result.stderr.count("\n") == 1 and "papercli enrich alpha2023 charlie2022" in result.stderr
    )


def test_export_bibtex_flag_is_accepted(cli, small_library: Library) -> None:
    assert cli("export", "--bibtex").stdout == cli("export").stdout


def test_export_named_keys_in_given_order_without_repeats(cli, small_library: Library) -> None:
    result = cli("export", "charlie2022", "alpha2023", "charlie2022")
    assert result.exit_code == 0, result.stderr
    assert keys_in(result.stdout) == ["charlie2022", "alpha2023"]


def test_export_by_tags_case_insensitive_and_combined(cli, small_library: Library) -> None:
    assert keys_in(cli("export", "--tag", "rl").stdout) == ["alpha2023", "bravo2024"]
    assert keys_in(cli("export", "-t", "RL", "-t", "Theory").stdout) == ["alpha2023"]
    assert keys_in(cli("export", "bravo2024", "charlie2022", "--tag", "rl").stdout) == ["bravo2024"]


def test_export_ascii(cli, small_library: Library) -> None:
    result = cli("export", "--ascii", "charlie2022")
    assert result.exit_code == 0
    assert r"G{\"o}del" in result.stdout and result.stdout.isascii()


def test_export_out_writes_the_file_and_reports_on_stderr(
    cli, small_library: Library, tmp_path: Path
) -> None:
    target = tmp_path / "refs.bib"
    target.write_text("old content\n", encoding="utf-8")
    result = cli("export", "--out", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "3 papers written to" in result.stderr
    assert target.read_text(encoding="utf-8") == cli("export").stdout
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_unknown_key_is_an_error_and_writes_nothing(
    cli, small_library: Library, tmp_path: Path
) -> None:
    target = tmp_path / "refs.bib"
    target.write_text("old content\n", encoding="utf-8")
    before = snapshot(small_library.root)
    result = cli("export", "alpha2023", "alpah2023x", "--out", str(target))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no paper with key 'alpah2023x'" in result.stderr
    assert "alpha2023" in result.stderr  # did-you-mean hint
    assert target.read_text(encoding="utf-8") == "old content\n"
    assert snapshot(small_library.root) == before


def test_no_match_is_exit_1_with_empty_stdout(cli, small_library: Library) -> None:
    result = cli("export", "--tag", "nope")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no papers to export" in result.stderr


def test_empty_library_exports_nothing(cli, library_path: Path) -> None:
    result = cli("export")
    assert result.exit_code == 1
    assert result.stdout == ""


def test_case_only_key_clash_names_both_files(cli, small_library: Library, tmp_path: Path) -> None:
    clash = Entry(key="Alpha2023", title="Hand-edited copy")
    with small_library.lock():
        small_library.write(clash)
    if len(list(small_library.entry_files())) < 4:
        pytest.fail("this test needs a case-sensitive file system")
    target = tmp_path / "refs.bib"
    before = snapshot(small_library.root)
    result = cli("export", "--out", str(target))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Alpha2023.yaml" in result.stderr and "alpha2023.yaml" in result.stderr
    assert not target.exists()
    assert snapshot(small_library.root) == before
    # Exporting only one of the two is fine.
    assert keys_in(cli("export", "alpha2023").stdout) == ["alpha2023"]


def test_unreadable_file_is_skipped_with_a_warning(cli, small_library: Library) -> None:
    (small_library.entries_dir / "broken2020.yaml").write_text("title: [unclosed\n")
    result = cli("export")
    assert result.exit_code == 0
    assert keys_in(result.stdout) == ["alpha2023", "bravo2024", "charlie2022"]
    assert "skipped" in result.stderr and "broken2020.yaml" in result.stderr
    named = cli("export", "broken2020")
    assert named.exit_code == 2
    assert named.stdout == ""
    assert "broken2020.yaml" in named.stderr


def test_out_in_missing_folder_is_a_clear_error(
    cli, small_library: Library, tmp_path: Path
) -> None:
    result = cli("export", "--out", str(tmp_path / "nope" / "refs.bib"))
    assert result.exit_code == 1
    assert "does not exist" in result.stderr
    assert not (tmp_path / "nope").exists()


def test_failed_atomic_write_keeps_the_old_file(
    cli, small_library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "refs.bib"
    target.write_text("old content\n", encoding="utf-8")

    def no_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("papercli.store.atomic.os.replace", no_replace)
    result = cli("export", "--out", str(target))
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert target.read_text(encoding="utf-8") == "old content\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["refs.bib"]


def test_ascii_warnings_go_to_stderr(cli, library_path: Path) -> None:
    library = Library(library_path)
    library.ensure()
    with library.lock():
        library.write(Entry(key="zh2024", title="中文 Title"))
    result = cli("export", "--ascii")
    assert result.exit_code == 0
    assert "{[U+4E2D]}" in result.stdout
    assert "Warning: zh2024: no ASCII LaTeX for 中 (U+4E2D)" in result.stderr


def test_export_search_selects_hits_best_first(cli, filled_library: Path) -> None:
    import bibtexparser

    result = cli("export", "--search", "matern kernel")
    assert result.exit_code == 0, result.stderr
    keys = [e.key for e in bibtexparser.parse_string(result.stdout).entries]
    assert keys and keys[0] == "matern2025priors"
    assert "dynamics2022linear" not in keys


def test_export_search_without_hits_writes_nothing(cli, filled_library: Path) -> None:
    result = cli("export", "--search", "zzzqqqxxx")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no papers to export" in result.stderr
