"""``papercli pull`` against a real HTTP server on 127.0.0.1 serving Hugging Face daily-papers
JSON and arXiv API Atom in their real shapes (made-up papers)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_AS_OF, SAMPLE_DIGEST, snapshot
from tests.fake_http import Reply
from tests.pull_fixtures import arxiv_page, hf_day

DAY = "2026-06-12"
HF_PATH = "/hf/daily_papers"
ARXIV_PATH = "/api/query"
PAPERS = [
    ("2606.01001", "Sparse Lanterns for Efficient Attention"),
    ("2606.01002", "Reward Models Drift Under Multi-Turn Interaction"),
    ("2606.01003", "Kernel Views of Warm Restarts in Tiny Networks"),
]


@pytest.fixture
def hf(online, monkeypatch: pytest.MonkeyPatch):
    """The scripted server, with Hugging Face's API root pointing at it and today fixed."""
    monkeypatch.setenv("PAPERCLI_HF_API", online.url + "/hf")
    monkeypatch.setenv("PAPERCLI_TODAY", DAY)
    return online


def listed(cli) -> list[dict]:
    result = cli("list", "--json")
    return json.loads(result.stdout) if result.exit_code == 0 else []


def test_pull_hf_day_adds_new_papers_with_authors_and_ids(cli, hf) -> None:
    hf.route(HF_PATH, Reply(200, hf_day(DAY, PAPERS)))
    result = cli("pull", "hf", "--date", DAY)
    assert result.exit_code == 0, result.stderr
    assert "3 added" in result.stderr
    assert f"hf {DAY}: 3 papers" in result.stderr
    assert hf.requests_to(HF_PATH)[0].query == {"date": [DAY]}
    papers = {p["arxiv_id"]: p for p in listed(cli)}
    assert set(papers) == {i for i, _ in PAPERS}
    first = papers["2606.01001"]
    assert first["status"] == "new"
    assert first["authors"] == ["Wilhelmina Quist", "Tobiah Fennimore"]
    assert first["date"] == DAY  # paper.publishedAt, not the item's evening-before stamp
    assert first["upvotes"] == 7
    assert first["organization"] == "Imaginary Lab"
    assert "https://github.com/example/2606.01001" in first["urls"]
    assert papers["2606.01002"]["organization"] is None


def test_range_with_a_missing_day_and_an_empty_one(cli, hf) -> None:
    hf.route(
        HF_PATH,
        Reply(200, hf_day("2026-06-10", PAPERS[:1])),
        Reply(404, '{"error": "Not found"}'),
        Reply(200, "[]"),
    )
    result = cli("pull", "hf", "--since", "2026-06-10", "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert [(d["day"], d["papers"]) for d in report["days"]] == [
        ("2026-06-10", 1),
        ("2026-06-11", 0),
        ("2026-06-12", 0),
    ]
    assert "hf 2026-06-12: no papers (yet)" in result.stderr
    assert [q.query["date"][0] for q in hf.requests_to(HF_PATH)] == [
        "2026-06-10",
        "2026-06-11",
        "2026-06-12",
    ]
    assert len(report["added"]) == 1


def test_empty_day_is_reported_not_an_error(cli, hf, library_path: Path) -> None:
    hf.route(HF_PATH, Reply(200, "[]"))
    result = cli("pull", "hf", "--date", DAY)
    assert result.exit_code == 0
    assert "no papers (yet)" in result.stderr
    assert "0 added" in result.stderr


def test_repeated_pull_changes_nothing(cli, hf, library_path: Path) -> None:
    hf.route(HF_PATH, Reply(200, hf_day(DAY, PAPERS)))
    assert cli("pull", "hf", "--date", DAY).exit_code == 0
    before = snapshot(library_path)
    again = cli("pull", "hf", "--date", DAY)
    assert again.exit_code == 0
    assert "0 added, 0 updated, 3 unchanged" in again.stderr
    assert snapshot(library_path) == before


def test_paper_held_from_a_pasted_digest_is_merged(cli, hf) -> None:
    assert cli("import", str(SAMPLE_DIGEST), "--as-of", SAMPLE_AS_OF).exit_code == 0
    held = len(listed(cli))
    cli("mark", "--search", "Reward Models Drift", "read")
    hf.route(HF_PATH, Reply(200, hf_day(DAY, PAPERS)))
    result = cli("pull", "hf", "--date", DAY, "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert len(report["added"]) == 2
    assert len(report["updated"]) == 1
    papers = listed(cli)
    assert len(papers) == held + 2
    merged = [p for p in papers if p["title"] == "Reward Models Drift Under Multi-Turn Interaction"]
    assert len(merged) == 1
    assert merged[0]["arxiv_id"] == "2606.01002"
    assert merged[0]["status"] == "read"  # the user's decision stays


def test_429_and_503_are_retried_after_retry_after(cli, hf) -> None:
    hf.route(
        HF_PATH,
        Reply(429, "slow down", {"Retry-After": "0"}),
        Reply(503, "busy", {"Retry-After": "0"}),
        Reply(200, hf_day(DAY, PAPERS)),
    )
    result = cli("pull", "hf", "--date", DAY)
    assert result.exit_code == 0, result.stderr
    assert len(hf.requests_to(HF_PATH)) == 3
    assert "3 added" in result.stderr


def test_a_source_that_stays_busy_is_one_line_and_writes_nothing(
    cli, hf, library_path: Path
) -> None:
    hf.route(HF_PATH, Reply(503, "busy", {"Retry-After": "0"}))
    result = cli("pull", "hf", "--date", DAY)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "HTTP 503" in result.stderr
    assert snapshot(library_path) == {}


@pytest.mark.parametrize(
    "body, says",
    [
        ("[{not json", "malformed JSON"),
        ('{"error": "Invalid date"}', "expected a list of papers"),
        ('[{"title": "no paper object"}]', "has no 'paper' object"),
    ],
)
def test_malformed_bodies_are_one_clear_line(cli, hf, library_path: Path, body, says) -> None:
    hf.route(HF_PATH, Reply(200, hf_day("2026-06-11", PAPERS)), Reply(200, body))
    result = cli("pull", "hf", "--since", "2026-06-11")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert says in result.stderr
    assert snapshot(library_path) == {}  # the good first day is not written either


def test_pull_arxiv_pages_through_a_category_day(cli, online, monkeypatch) -> None:
    monkeypatch.setenv("PAPERCLI_TODAY", DAY)
    monkeypatch.setattr("papercli.sources.arxiv.LISTING_PAGE", 2)
    online.route(
        ARXIV_PATH,
        Reply(200, arxiv_page("cs.LG", DAY, PAPERS[:2], total=3, start=0, per=2)),
        Reply(200, arxiv_page("cs.LG", DAY, PAPERS[2:], total=3, start=2, per=2)),
    )
    result = cli("pull", "arxiv", "cs.LG", "--date", DAY)
    assert result.exit_code == 0, result.stderr
    asked = online.requests_to(ARXIV_PATH)
    assert [q.query["start"] for q in asked] == [["0"], ["2"]]
    assert asked[0].query["search_query"] == [
        "cat:cs.LG AND submittedDate:[202606120000 TO 202606122359]"
    ]
    papers = listed(cli)
    assert sorted(p["arxiv_id"] for p in papers) == [i for i, _ in PAPERS]
    assert all(p["status"] == "new" and p["authors"] for p in papers)


def test_bad_category_is_refused(cli, online) -> None:
    result = cli("pull", "arxiv", "cs.LG;rm")
    assert result.exit_code == 1
    assert "not an arXiv category" in result.stderr


def test_pull_alone_catches_up_from_the_last_day(cli, hf, monkeypatch) -> None:
    monkeypatch.setenv("PAPERCLI_PULL", "hf")
    hf.route(HF_PATH, Reply(200, hf_day(DAY, PAPERS[:1])))
    assert cli("pull").exit_code == 0
    assert [q.query["date"] for q in hf.requests_to(HF_PATH)] == [[DAY]]
    # Today's list was not saved: it may still grow, and the next run asks again.
    # Three days later (a cron that missed two): today is pulled again, then each day since.
    monkeypatch.setenv("PAPERCLI_TODAY", "2026-06-15")
    hf.requests.clear()
    hf.route(HF_PATH, Reply(200, hf_day(DAY, PAPERS)), Reply(200, "[]"))
    result = cli("pull", "--json")
    assert result.exit_code == 0, result.stderr
    asked = [q.query["date"][0] for q in hf.requests_to(HF_PATH)]
    assert asked == ["2026-06-12", "2026-06-13", "2026-06-14", "2026-06-15"]
    assert len(json.loads(result.stdout)["added"]) == 2
    hf.requests.clear()
    assert cli("pull").exit_code == 0
    assert [q.query["date"][0] for q in hf.requests_to(HF_PATH)] == ["2026-06-15"]


def test_dry_run_writes_nothing_and_offline_uses_saved_answers(cli, hf, library_path: Path) -> None:
    hf.route(HF_PATH, Reply(200, hf_day("2026-06-01", PAPERS)))
    dry = cli("pull", "hf", "--date", "2026-06-01", "--dry-run")
    assert dry.exit_code == 0
    assert "would be 3 added" in dry.stderr
    assert "Sparse Lanterns" in dry.stdout
    assert snapshot(library_path) == {}
    assert cli("pull", "hf", "--date", "2026-06-01").exit_code == 0
    asked = len(hf.requests_to(HF_PATH))
    offline = cli("pull", "hf", "--date", "2026-06-01", "--offline")
    assert offline.exit_code == 0, offline.stderr
    assert len(hf.requests_to(HF_PATH)) == asked
    missing = cli("pull", "hf", "--date", "2026-05-01", "--offline")
    assert missing.exit_code == 1 and "offline" in missing.stderr


def test_bad_dates_and_sources(cli, hf) -> None:
    assert "YYYY-MM-DD" in cli("pull", "hf", "--date", "12/06/2026").stderr
    assert "not both" in cli("pull", "hf", "--date", DAY, "--since", DAY).stderr
    assert "unknown source" in cli("pull", "rss").stderr
    assert "is after" in cli("pull", "hf", "--since", "2026-07-01").stderr


def test_pull_setting_from_the_config_file_and_bad_settings(
    cli, hf, tmp_path: Path, monkeypatch
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("pull: [hf, 'arxiv:cs.LG']\n", encoding="utf-8")
    monkeypatch.setenv("PAPERCLI_CONFIG", str(config))
    shown = json.loads(cli("config", "--json").stdout)
    assert shown["settings"]["pull"]["value"] == ["hf", "arxiv:cs.LG"]
    hf.route(HF_PATH, Reply(200, "[]"))
    hf.route(ARXIV_PATH, Reply(200, arxiv_page("cs.LG", DAY, [], total=0)))
    result = cli("pull", "--json")
    assert result.exit_code == 0, result.stderr
    assert [d["source"] for d in json.loads(result.stdout)["days"]] == ["hf", "arxiv:cs.LG"]
    config.write_text("pull: [rss]\n", encoding="utf-8")
    bad = cli("pull")
    assert bad.exit_code == 1 and "unknown pull source 'rss'" in bad.stderr
    config.unlink()
    monkeypatch.delenv("PAPERCLI_CONFIG")
    monkeypatch.setenv("PAPERCLI_PULL", "hf")
    monkeypatch.setenv("PAPERCLI_HF_API", "ftp://example.org")
    bad = cli("pull")
    assert bad.exit_code == 1 and "$PAPERCLI_HF_API" in bad.stderr


def test_an_old_day_pulled_by_hand_leaves_the_catch_up_point(cli, hf, monkeypatch) -> None:
    monkeypatch.setenv("PAPERCLI_PULL", "hf")
    hf.route(HF_PATH, Reply(200, "[]"))
    assert cli("pull").exit_code == 0  # today: the catch-up point becomes yesterday
    assert cli("pull", "hf", "--date", "2026-05-01").exit_code == 0
    assert cli("pull", "hf", "--date", "2026-06-20").exit_code == 0  # a gap: not done
    hf.requests.clear()
    assert cli("pull").exit_code == 0
    assert [q.query["date"][0] for q in hf.requests_to(HF_PATH)] == [DAY]
