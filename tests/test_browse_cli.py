"""``papercli list`` and ``papercli show``."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import snapshot


def test_list_json_is_every_entry_newest_first(cli, filled_library: Path) -> None:
    result = cli("list", "--json")
    assert result.exit_code == 0
    entries = json.loads(result.stdout)
    assert len(entries) == 10
    dates = [e["date"] for e in entries if e["date"]]
    assert dates == sorted(dates, reverse=True)
    assert [e["date"] for e in entries[-2:]] == [None, None]  # undated last
    expected_fields = {
        "key",
        "title",
        "abstract",
        "authors",
        "author_count",
        "date",
        "date_raw",
        "upvotes",
        "urls",
        "tags",
        "source",
        "added",
    }
    assert expected_fields <= set(entries[0])


def test_list_table_shows_keys_and_titles(cli, filled_library: Path) -> None:
    result = cli("list", "--limit", "3")
    assert result.exit_code == 0
    assert "matern2025priors" in result.stdout
    assert "Matérn Priors" in result.stdout
    assert "dynamics2022linear" not in result.stdout
    assert result.stderr == "3 of 10 shown; --limit 0 for all\n"  # as search and inbox say


def test_list_sort_and_limit(cli, filled_library: Path) -> None:
    titles = [e["title"] for e in json.loads(cli("list", "--sort", "title", "--json").stdout)]
    assert titles == sorted(titles, key=str.casefold)
    limited = json.loads(cli("list", "--limit", "2", "--json").stdout)
    assert len(limited) == 2


def test_list_tag_filter_is_case_insensitive(cli, filled_library: Path) -> None:
    path = filled_library / "entries" / "matern2025priors.yaml"
    path.write_text(path.read_text().replace("tags: []", "tags:\n- Bayes"), encoding="utf-8")
    result = cli("list", "--tag", "bayes", "--json")
    assert [e["key"] for e in json.loads(result.stdout)] == ["matern2025priors"]


def test_list_bad_sort_is_an_error(cli, filled_library: Path) -> None:
    result = cli("list", "--sort", "colour")
    assert result.exit_code == 1
    assert "unknown sort order" in result.stderr
    assert result.stdout == ""


def test_list_without_a_library_says_there_is_none(cli, library_path: Path) -> None:
    result = cli("list", "--json")
    assert result.exit_code == 1 and result.stdout == ""
    assert "no library at" in result.stderr and "--library" in result.stderr


def test_list_empty_library(cli, filled_library: Path) -> None:
    keys = [e["key"] for e in json.loads(cli("list", "--json").stdout)]
    assert cli("rm", *keys, "--yes").exit_code == 0
    result = cli("list", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert "no papers yet" in cli("list").stderr


def test_limit_zero_means_all_in_list_and_search(cli, filled_library: Path) -> None:
    everything = json.loads(cli("list", "--json").stdout)
    assert len(json.loads(cli("list", "--limit", "0", "--json").stdout)) == len(everything)
    assert "no papers" not in cli("list", "--limit", "0").stderr
    hits = json.loads(cli("search", "learning", "--limit", "0", "--json").stdout)
    assert len(hits) == len(
        json.loads(cli("search", "learning", "--limit", "1000", "--json").stdout)
    )


def test_show_json_and_text(cli, filled_library: Path) -> None:
    data = json.loads(cli("show", "columnnorm2025normalised", "--json").stdout)
    assert data["author_count"] == 9 and data["upvotes"] == 2
    text = cli("show", "columnnorm2025normalised")
    assert text.exit_code == 0
    assert "ColumnNorm: Normalised Updates" in text.stdout
    assert "9 authors (names unknown)" in text.stdout
    assert "https://github.com/example-org/columnnorm" in text.stdout


def test_show_unknown_key_suggests_closest(cli, filled_library: Path) -> None:
    before = snapshot(filled_library)
    result = cli("show", "columnorm2025")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no paper with key 'columnorm2025'" in result.stderr
    assert "did you mean columnnorm2025normalised" in result.stderr
    assert snapshot(filled_library) == before


def test_show_rejects_path_like_key(cli, filled_library: Path) -> None:
    result = cli("show", "../papercli")
    assert result.exit_code == 1
    assert "no paper with key" in result.stderr


def test_corrupt_entry_is_skipped_with_one_warning(cli, filled_library: Path) -> None:
    bad = filled_library / "entries" / "broken2020file.yaml"
    bad.write_text("title: [unclosed\n", encoding="utf-8")
    before = bad.read_bytes()
    result = cli("list", "--json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 10
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    assert len(warnings) == 1 and "broken2020file.yaml" in warnings[0]
    assert bad.read_bytes() == before


def test_library_option_overrides_environment(cli, filled_library: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    result = cli("--library", str(other), "list", "--json")
    assert result.exit_code == 1 and result.stdout == ""
    assert f"no library at {other}" in result.stderr
    assert not other.exists()
