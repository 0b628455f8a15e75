"""The PDFs' text, searched: pages and snippets, typos, and body matches ranked low."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papercli.model import Entry
from papercli.store.fulltext import snippet
from tests.pdf_writer import make_pdf
from tests.test_pdfs import make_library

FILLER = "We describe the experimental setup and the training procedure in detail. " * 6
THREE_PAGES = make_pdf(
    [
        "Introduction. " + FILLER,
        "Method. " + FILLER,
        "Results. " + FILLER + "Surprisingly the quokka ensemble outperformed every baseline.",
    ]
)
OTHER = make_pdf(["A study of lighthouses. " + FILLER, "Conclusion. " + FILLER])


@pytest.fixture
def with_pdfs(cli, library_path: Path, tmp_path: Path) -> Path:
    make_library(
        library_path,
        [
            Entry(key="bodyonly", title="Training Details Revisited", date="2024-05-01"),
            Entry(key="lights", title="Coastal Beacons", date="2024-05-02"),
            Entry(key="titled", title="Quokka Ensembles for Everyone", date="2023-01-01"),
        ],
    )
    for key, data in (("bodyonly", THREE_PAGES), ("lights", OTHER)):
        source = tmp_path / f"{key}.pdf"
        source.write_bytes(data)
        result = cli("attach", key, str(source))
        assert result.exit_code == 0, result.stderr
    return library_path


def test_phrase_on_page_three_is_found_with_its_page(cli, with_pdfs: Path) -> None:
    result = cli("search", "--fulltext", "quokka ensemble outperformed")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("bodyonly\t")
    assert lines[1].startswith("  p. 3: ") and "quokka ensemble outperformed" in lines[1]
    assert len(lines) == 2  # only page 3 holds the words, and no other paper does


def test_fulltext_json_has_pages_and_snippets(cli, with_pdfs: Path) -> None:
    result = cli("search", "--fulltext", "outperformed", "--json")
    assert result.exit_code == 0, result.stderr
    (hit,) = json.loads(result.stdout)
    assert hit["key"] == "bodyonly" and hit["score"] > 0
    assert [p["page"] for p in hit["pages"]] == [3]
    assert "outperformed every baseline" in hit["pages"][0]["snippet"]


def test_a_typo_still_finds_the_page(cli, with_pdfs: Path) -> None:
    result = cli("search", "--fulltext", "outperfromed", "--json")
    assert result.exit_code == 0, result.stderr
    (hit,) = json.loads(result.stdout)
    assert hit["key"] == "bodyonly" and hit["pages"][0]["page"] == 3


def test_search_ranks_a_title_match_above_a_body_match(cli, with_pdfs: Path) -> None:
    result = cli("search", "quokka", "--json")
    assert result.exit_code == 0, result.stderr
    keys = [h["key"] for h in json.loads(result.stdout)]
    # the body match is newer, which would otherwise put it first
    assert keys == ["titled", "bodyonly"]


def test_fulltext_searches_bodies_only(cli, with_pdfs: Path) -> None:
    result = cli("search", "--fulltext", "coastal", "--json")
    assert result.exit_code == 1 and json.loads(result.stdout) == []
    plain = cli("search", "coastal", "--json")
    assert [h["key"] for h in json.loads(plain.stdout)] == ["lights"]


def test_filters_apply_to_body_hits(cli, with_pdfs: Path) -> None:
    result = cli("search", "--fulltext", "training", "--since", "2024-05-02", "--json")
    assert [h["key"] for h in json.loads(result.stdout)] == ["lights"]


def test_detach_drops_the_text(cli, with_pdfs: Path) -> None:
    assert cli("detach", "bodyonly").exit_code == 0
    result = cli("search", "--fulltext", "quokka")
    assert result.exit_code == 1 and "no PDF text matches" in result.stderr


def test_text_of_a_pdf_dropped_into_the_folder_is_indexed(
    cli, with_pdfs: Path, tmp_path: Path
) -> None:
    (with_pdfs / "pdfs" / "titled.pdf").write_bytes(make_pdf(["pangolin"]))
    result = cli("search", "--fulltext", "pangolin", "--json")
    assert [h["key"] for h in json.loads(result.stdout)] == ["titled"]
    doctor = json.loads(cli("doctor", "--json").stdout)
    assert any(p["kind"] == "pdf-orphan" for p in doctor["problems"])


def test_snippet_cuts_around_the_word() -> None:
    text = "word " * 100 + "needle " + "hay " * 100
    cut = snippet(text, {"needl"})
    assert "needle" in cut and cut.startswith("…") and cut.endswith("…")
    assert len(cut) < 200


def test_limited_search_shows_the_top_of_the_full_ranking(
    cli, library_path: Path, tmp_path: Path
) -> None:
    titles = [f"Quokka Habitats Volume {n}" for n in range(4)]
    make_library(
        library_path,
        [Entry(key=f"vol{n}", title=t, date=f"202{n}-01-01") for n, t in enumerate(titles)]
        + [Entry(key="body", title="Marsupial Survey", date="2025-01-01")],
    )
    source = tmp_path / "body.pdf"
    source.write_bytes(make_pdf(["quokka habitats and quokka diets"]))
    assert cli("attach", "body", str(source)).exit_code == 0
    every = [
        h["key"] for h in json.loads(cli("search", "quokka diets", "-n", "0", "--json").stdout)
    ]
    # the body matches both words: it outranks titles matching one
    assert every[0] == "body"
    for limit in (1, 2, 3):
        shown = json.loads(cli("search", "quokka diets", "-n", str(limit), "--json").stdout)
        assert [h["key"] for h in shown] == every[:limit]
    top = json.loads(cli("search", "quokka habitats", "-n", "2", "--json").stdout)
    assert [h["key"] for h in top] == ["vol3", "vol2"]


def test_replaced_and_forgotten_texts_leave_no_terms(tmp_path: Path) -> None:
    from papercli.store.fulltext import Document, open_fulltext

    with open_fulltext(tmp_path / "ft.sqlite") as ft:
        assert ft is not None
        ft.store([Document("a", "1" * 64, 1, 1, ["wombat one", "wallaby two"])])
        ft.store([Document("b", "2" * 64, 1, 1, ["wombat three"])])
        assert [k for k, _, _ in ft.rank([(0, "wallaby", 1.0)], 1)] == ["a"]
        ft.store([Document("a", "3" * 64, 2, 2, ["kangaroo"])])  # the file changed
        assert ft.rank([(0, "wallaby", 1.0)], 1) == []
        assert [k for k, _, _ in ft.rank([(0, "wombat", 1.0)], 1)] == ["b"]
        assert [h.page for h in ft.page_hits("a", ["kangaroo"])] == [1]
        ft.forget(["a", "b"])
        for word in ("wombat", "kangaroo", "wallaby"):
            assert ft.rank([(0, word, 1.0)], 1) == []
        for table in ("doc_terms", "page_terms"):
            ft.db.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
            ft.db.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
            ft.db.execute(
                f"CREATE VIRTUAL TABLE temp.v_{table} USING fts5vocab(main, {table}, row)"
            )
            assert ft.db.execute(f"SELECT * FROM temp.v_{table}").fetchall() == []


def test_without_pdftotext_or_pypdf_the_error_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import builtins

    from papercli.store import pdf_text

    real_import = builtins.__import__

    def no_pypdf(name, *args, **kwargs):
        if name == "pypdf":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(pdf_text.shutil, "which", lambda name: None)
    monkeypatch.setattr(builtins, "__import__", no_pypdf)
    with pytest.raises(pdf_text.NoExtractorError, match=r"poppler-utils.*pip install pypdf"):
        pdf_text.extractor_name()


def test_split_pages_keeps_empty_pages_between() -> None:
    from papercli.store.pdf_text import split_pages

    assert split_pages("one\n\f\f three\n\f") == ["one\n", "", " three\n"]


def test_without_pdftotext_pypdf_reads_the_pages(tmp_path: Path, monkeypatch) -> None:
    """The fallback for machines without poppler: the same pages, from pypdf."""
    from papercli.store import pdf_text

    monkeypatch.setattr(pdf_text.shutil, "which", lambda name: None)
    assert pdf_text.extractor_name() == "pypdf"
    path = tmp_path / "three.pdf"
    path.write_bytes(THREE_PAGES)
    read = pdf_text.extract(path)
    assert read.extractor == "pypdf" and read.problem is None
    assert len(read.pages) == 3
    assert "quokka ensemble" in " ".join(read.pages[2].split())
    assert "quokka" not in read.pages[0]
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really a pdf")
    assert pdf_text.extract(broken).problem is not None
