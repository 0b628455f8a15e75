"""Which records are one paper (ops.import_merge), and dates that were only guessed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from papercli.model import Entry
from papercli.ops.import_merge import IdentityIndex, merge_into, same_paper
from papercli.ops.importing import plan_import

NOW = dt.datetime(2026, 10, 1, 12, 0, tzinfo=dt.timezone.utc)


def paper(title: str = "Introduction", **kw) -> Entry:
    return Entry(title=title, **kw)


def test_arxiv_ids_decide_whatever_the_titles() -> None:
    assert same_paper(paper("A", arxiv_id="2401.00001v2"), paper("B", arxiv_id="2401.00001"))
    assert not same_paper(paper(arxiv_id="2401.00001"), paper(arxiv_id="2401.00002"))
    arxiv_doi = paper("Other", doi="10.48550/arXiv.2401.00001")
    assert same_paper(paper(arxiv_id="2401.00001", doi="10.1/j"), arxiv_doi)


def test_dois_decide_when_arxiv_ids_do_not() -> None:
    assert same_paper(paper("A", doi="10.1/X"), paper("B", doi="https://doi.org/10.1/x"))
    assert not same_paper(paper(doi="10.1/a"), paper(doi="10.1/b"))


def test_title_needs_year_and_first_author() -> None:
    smith = paper(authors=["Ann Smith"], date="2019")
    assert same_paper(smith, paper(authors=["Smith, A."], date="2020-05"))
    assert not same_paper(smith, paper(authors=["Bo Jones"], date="2019"))
    assert not same_paper(smith, paper(authors=["Ann Smith"], date="2015"))
    assert same_paper(smith, paper(date="2019"))  # no authors on one side
    guessed = paper(authors=["Ann Smith"], date="2026-09-28", date_inferred=True)
    assert same_paper(smith, guessed)


def test_records_of_one_import_merge_only_on_an_identifier() -> None:
    records = [
        paper("A title", authors=["Ann Smith"], date="2019", key=f"k{i}", source="bibtex")
        for i in range(10)
    ]
    report, written = plan_import([], records, NOW)
    assert len(report.added) == 10 and report.merged == 0
    again = [paper("A title", authors=["Ann Smith"], date="2019", source="bibtex")]
    report, _ = plan_import(written, again, NOW)
    assert report.added == [] and len(report.unchanged) == 1  # a later import: one paper
    twins = [paper("X", doi="10.1/x", key="a"), paper("Y", doi="10.1/X", key="b")]
    report, _ = plan_import([], twins, NOW)
    assert report.added == ["a"] and report.merged == 1


def test_index_keeps_its_interface() -> None:
    index = IdentityIndex()
    stored = paper("Deep Nets", authors=["Ann Smith"], date="2020")
    index.add(stored)
    assert index.find(paper("Deep nets!", authors=["A. Smith"], date="2021")) is stored
    assert index.find(paper("Deep Nets", authors=["Bo Jones"], date="2020")) is None


def test_explicit_date_replaces_an_inferred_one() -> None:
    stored = paper(date="2026-09-28", date_raw="Sep 28", date_inferred=True)
    assert merge_into(stored, paper(date="2025-09-28", date_raw="Sun, 28 Sep 2025"))
    assert (stored.date, stored.date_inferred) == ("2025-09-28", False)
    assert not merge_into(stored, paper(date="2024-09-28", date_inferred=True))
    assert stored.date == "2025-09-28"


def test_earlier_inference_corrects_and_later_does_not() -> None:
    stored = paper(date="2026-09-28", date_raw="Sep 28", date_inferred=True)
    assert not merge_into(stored, paper(date="2027-09-28", date_raw="Sep 28", date_inferred=True))
    assert merge_into(stored, paper(date="2025-09-28", date_raw="Sep 28", date_inferred=True))
    assert stored.date == "2025-09-28" and stored.date_inferred


def test_more_precise_explicit_date_and_specific_type_win() -> None:
    stored = paper(date="2017", type="misc")
    merge_into(stored, paper(date="2017-06-12", type="inproceedings", booktitle="NeurIPS"))
    assert (stored.date, stored.type, stored.booktitle) == (
        "2017-06-12",
        "inproceedings",
        "NeurIPS",
    )
    merge_into(stored, paper(type="misc"))
    assert stored.type == "inproceedings"


def test_old_files_read_gracefully() -> None:
    entry = Entry.from_dict(
        {
            "title": "T",
            "date": "2025-09-28",
            "date_raw": "Sep 28",
            "extra": {"journal": "J. {ML}", "pages": "1--2", "editor": "A B and C D", "x": "y"},
        }
    )
    assert entry.date_inferred
    assert (entry.journal, entry.pages, entry.editors) == ("J. ML", "1–2", ["A B", "C D"])
    assert entry.extra == {"x": "y"}


def test_reimport_as_of_corrects_inferred_dates(cli, tmp_path: Path) -> None:
    from tests.conftest import SAMPLE_DIGEST

    assert cli("import", str(SAMPLE_DIGEST), "--as-of", "2026-11-20").exit_code == 0
    first = {e["key"]: e for e in json.loads(cli("list", "--json").stdout)}
    assert any(e["date_inferred"] and e["date"].startswith("2026") for e in first.values())
    assert cli("import", str(SAMPLE_DIGEST), "--as-of", "2025-11-20").exit_code == 0
    second = {e["key"]: e for e in json.loads(cli("list", "--json").stdout)}
    for key, entry in first.items():
        if entry["date_inferred"]:
            assert second[key]["date"][4:] == entry["date"][4:]  # same day, earlier year
            assert second[key]["date"] <= entry["date"]
