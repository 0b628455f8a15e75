"""``papercli export --format``: choosing a format, its errors, and what every format shares."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papercli.errors import InputError
from papercli.exporters import DEFAULT_FORMAT, FORMATS, render, resolve_format
from papercli.exporters.bibtex import ExportError
from papercli.model import Entry
from papercli.store.files import Library
from tests.conftest import snapshot
from tests.test_export_latex import fixture_entries

ALL = sorted(FORMATS)


@pytest.fixture
def fixture_library(library_path: Path) -> Library:
    """The export fixture's papers, written as a library."""
    library = Library(library_path)
    library.ensure()
    with library.lock():
        for entry in fixture_entries():
            library.write(entry)
    return library


def test_the_registry_names_the_six_formats() -> None:
    assert ALL == ["biblatex", "bibtex", "csl-json", "markdown", "ris", "yaml"]
    assert DEFAULT_FORMAT == "bibtex"


def test_resolve_format_prefers_the_request_then_the_configured_default() -> None:
    assert resolve_format(None).name == "bibtex"
    assert resolve_format(None, configured="ris").name == "ris"
    assert resolve_format("CSL-JSON", configured="ris").name == "csl-json"
    with pytest.raises(InputError, match="unknown export format 'docx'; use one of: bibtex"):
        resolve_format("docx")
    with pytest.raises(InputError, match="'endnote'"):
        resolve_format(None, configured="endnote")


def test_default_and_bibtex_flag_and_format_bibtex_agree(cli, fixture_library: Library) -> None:
    plain = cli("export")
    assert plain.exit_code == 0, plain.stderr
    assert plain.stdout.startswith("@misc{greek2025divergence,")
    assert cli("export", "--bibtex").stdout == plain.stdout
    assert cli("export", "--format", "bibtex").stdout == plain.stdout
    assert cli("export", "-f", "bibtex", "--bibtex").stdout == plain.stdout


@pytest.mark.parametrize("name", ALL)
def test_every_format_exports_the_selection_in_order(cli, fixture_library: Library, name) -> None:
    result = cli("export", "-f", name, "kaiser2023matern", "llms2024beat")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    # Every format names each paper by its key, but the reading list, which shows titles.
    first, second, other = (
        ("Matérn Kernels", "LLMs Beat", "Costs")
        if name == "markdown"
        else ("kaiser2023matern", "llms2024beat", "lovelace2024costs")
    )
    assert text.index(first) < text.index(second)
    assert other not in text
    assert text.endswith("\n")
    tagged = cli("export", "-f", name, "--tag", "llm").stdout
    assert second in tagged and first not in tagged


@pytest.mark.parametrize("name", ALL)
def test_every_format_writes_out_atomically(
    cli, fixture_library: Library, tmp_path: Path, name: str
) -> None:
    target = tmp_path / f"refs.{name}"
    result = cli("export", "--format", name, "--out", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert f"{len(fixture_entries())} papers written to" in result.stderr
    assert target.read_text(encoding="utf-8") == cli("export", "-f", name).stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "docx"], "unknown export format 'docx'; use one of: bibtex, biblatex"),
        (["--format", "ris", "--bibtex"], "--bibtex is short for --format bibtex"),
        (["--format", "csl-json", "--ascii"], "--ascii applies to bibtex and biblatex"),
    ],
)
def test_bad_format_options_are_one_line_errors_that_write_nothing(
    cli, fixture_library: Library, tmp_path: Path, args: list[str], message: str
) -> None:
    target = tmp_path / "refs.out"
    before = snapshot(fixture_library.root)
    result = cli("export", *args, "--out", str(target))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {message}")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not target.exists()
    assert snapshot(fixture_library.root) == before


def test_ascii_works_for_biblatex(cli, fixture_library: Library) -> None:
    result = cli("export", "-f", "biblatex", "--ascii", "kaiser2023matern")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.isascii() and r"{\L}ukasz" in result.stdout


def test_non_bibtex_formats_allow_keys_that_differ_only_in_case(
    cli, fixture_library: Library
) -> None:
    with fixture_library.lock():
        fixture_library.write(Entry(key="Solo2020one", title="Hand-made copy"))
    if len(list(fixture_library.entry_files())) <= len(fixture_entries()):
        pytest.fail("this test needs a case-sensitive file system")
    assert cli("export", "-f", "bibtex").exit_code == 1
    result = cli("export", "-f", "csl-json")
    assert result.exit_code == 0, result.stderr
    ids = [item["id"] for item in json.loads(result.stdout)]
    assert "Solo2020one" in ids and "solo2020one" in ids


def test_pieces_join_to_the_whole_text_and_warnings_come_as_written() -> None:
    entries = [Entry(key="zh2024", title="中文 Title"), Entry(key="ok2024", title="Fine")]
    warnings: list[str] = []
    pieces = render(resolve_format("bibtex"), entries, warnings, ascii=True)
    assert warnings == []  # nothing rendered yet: the export streams
    first = next(pieces)
    assert first.startswith("@misc{zh2024,") and "ok2024" not in first
    assert warnings == [
        "zh2024: no ASCII LaTeX for 中 (U+4E2D) 文 (U+6587); wrote [U+XXXX] "
        "(export without --ascii)"
    ]
    assert next(pieces).startswith("\n@misc{ok2024,")


def test_bad_keys_fail_before_any_text_is_produced() -> None:
    entries = [Entry(key="fine2024", title="Fine"), Entry(key="bad key", title="Bad")]
    for name in ("bibtex", "biblatex"):
        with pytest.raises(ExportError, match="'bad key'"):
            render(resolve_format(name), entries, [])
