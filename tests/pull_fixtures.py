"""Made-up answers in the real shapes of Hugging Face's ``daily_papers`` API and of an arXiv
API category search (for the pull tests and the pull benchmark)."""

from __future__ import annotations

import json
from xml.sax.saxutils import escape


def hf_item(arxiv_id: str, title: str, day: str, *, org: bool = False, repo: bool = False) -> dict:
    """One item of a daily list, with the fields and quirks of the real answers: the item's
    own ``publishedAt`` is the evening before ``paper.publishedAt``; optional fields are
    left out, not null; one author has a ``user`` object."""
    paper: dict = {
        "id": arxiv_id,
        "authors": [
            {"_id": "a1" + arxiv_id, "name": "Wilhelmina Quist", "hidden": False},
            {
                "_id": "a2" + arxiv_id,
                "name": "Tobiah  Fennimore",
                "hidden": False,
                "status": "claimed_verified",
                "user": {"_id": "u1", "user": "tfenn", "fullname": "Tobiah Fennimore"},
            },
        ],
        "publishedAt": f"{day}T00:00:00.000Z",
        "submittedOnDailyAt": f"{day}T00:00:00.000Z",
        "title": title,
        "submittedOnDailyBy": {"_id": "s1", "user": "curator", "name": "curator", "type": "user"},
        "summary": f"We study {title.lower()} and report\nresults on made-up benchmarks.",
        "upvotes": 7,
        "discussionId": "d" + arxiv_id,
        "ai_summary": "A summary written by a model.",
        "ai_keywords": ["made-up", "benchmark"],
        "ai_summary_model": "some/model",
    }
    if org:
        paper["organization"] = {"_id": "o1", "name": "imaginary", "fullname": "Imaginary Lab"}
    if repo:
        paper["githubRepo"] = "https://github.com/example/" + arxiv_id
        paper["githubStars"] = 12
    return {
        "paper": paper,
        "publishedAt": f"{day}T20:00:00.000Z",
        "title": title,
        "summary": paper["summary"],
        "thumbnail": "https://cdn.example.org/t.png",
        "numComments": 1,
        "submittedBy": {"_id": "s1", "name": "curator", "isHf": False, "isMod": False},
        "isAuthorParticipating": False,
    }


def hf_day(day: str, papers: list[tuple[str, str]]) -> str:
    """The JSON body of a day's list: (arXiv id, title) per paper."""
    items = [hf_item(i, t, day, org=n % 2 == 0, repo=n % 3 == 0) for n, (i, t) in enumerate(papers)]
    return json.dumps(items, indent=2)


_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?search_query%3Dcat%3A{cat}" rel="self"
        type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query=cat:{cat}&amp;start={start}</title>
  <id>http://arxiv.org/api/madeUpListing</id>
  <updated>2026-06-12T00:00:00-04:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{total}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{start}</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{per}</opensearch:itemsPerPage>
{entries}</feed>
"""
_ENTRY = """  <entry>
    <id>http://arxiv.org/abs/{id}v1</id>
    <updated>{day}T17:59:37Z</updated>
    <published>{day}T17:59:37Z</published>
    <title>{title}</title>
    <summary>  {abstract}
</summary>
    <author>
      <name>Ottilie Marchbanks</name>
    </author>
    <author>
      <name>Rufus Pennywhistle</name>
    </author>
    <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">9 pages</arxiv:comment>
    <link href="http://arxiv.org/abs/{id}v1" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/{id}v1" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="{cat}" scheme="http://arxiv.org/schemas/atom"/>
    <category term="{cat}" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
"""


def arxiv_page(
    cat: str, day: str, papers: list[tuple[str, str]], total: int, start: int = 0, per: int = 200
) -> str:
    """One page of a category's listing: (arXiv id, title) per paper."""
    entries = "".join(
        _ENTRY.format(
            id=i,
            day=day,
            cat=cat,
            title=escape(t[:40] + "\n  " + t[40:]) if len(t) > 40 else escape(t),
            abstract=escape(f"We study {t.lower()}.\nMade-up results follow."),
        )
        for i, t in papers
    )
    return _FEED.format(cat=cat, start=start, per=per, total=total, entries=entries)
