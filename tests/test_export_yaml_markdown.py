"""The YAML export loads back to ``list --json``'s data; the Markdown reading list renders."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from papercli.exporters import resolve_format
from papercli.exporters.markdown import escape_markdown, link_target
from papercli.model import Entry, paper_url
from papercli.store.files import Library
from tests.test_export_latex import fixture_entries
from tests.tools import render_text, run_tool

MARKDOWN = resolve_format("markdown")
YAML = resolve_format("yaml")


def test_yaml_export_loads_back_to_the_list_json_data(cli, library_path: Path) -> None:
    library = Library(library_path)
    library.ensure()
    with library.lock():
        for entry in fixture_entries():
            library.write(entry)
    exported = cli("export", "--format", "yaml")
    assert exported.exit_code == 0, exported.stderr
    listed = json.loads(cli("list", "--json", "--sort", "title").stdout)
    loaded = yaml.safe_load(exported.stdout)
    assert sorted(loaded, key=lambda d: d["key"]) == sorted(listed, key=lambda d: d["key"])
    assert [d["key"] for d in loaded] == sorted(d["key"] for d in listed)  # key order


# Text as papers carry it: YAML-hostile punctuation, quotes, line breaks, Unicode.
hostile = st.lists(
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\ufeff"),
        max_size=4,
    )
    | st.sampled_from(["\n", "\t", ": ", " #", "- ", "'", '"', "null", "yes", "|", ">"]),
    max_size=8,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(hostile.filter(lambda t: t.strip()), hostile, st.lists(hostile, max_size=3))
def test_yaml_export_round_trips_any_text(title: str, abstract: str, urls: list[str]) -> None:
    entries = [
        Entry(key="a2024", title=title, abstract=abstract, urls=urls, extra={"x": abstract}),
        Entry(key="b2024", title="Second", authors=urls, author_count=7),
    ]
    assert yaml.safe_load(render_text(YAML, entries)) == [e.to_dict() for e in entries]
    assert yaml.safe_load(render_text(YAML, [])) == []


def rendered_links(markdown: str) -> list[tuple[str, str]]:
    """``(href, text)`` of every link markdown-it (CommonMark) renders."""
    out = MarkdownIt("commonmark").render(markdown)
    links = re.findall(r'<a href="([^"]*)">(.*?)</a>', out)
    return [(html.unescape(href), html.unescape(text)) for href, text in links]


def test_reading_list_links_every_title_with_a_url() -> None:
    entries = fixture_entries()
    text = render_text(MARKDOWN, entries)
    assert len(text.splitlines()) == len(entries)
    assert all(line.startswith("- ") for line in text.splitlines())
    # markdown-it percent-encodes hrefs its own way: compare them decoded.
    expected = [(paper_url(e), e.title) for e in entries]  # the one paper-URL rule
    links = [(unquote(href), title) for href, title in rendered_links(text)]
    assert links == [(unquote(url), " ".join(title.split())) for url, title in expected if url]
    assert len(links) == 4  # three URLs and a DOI
    items = MarkdownIt("commonmark").render(text)
    assert items.count("<li>") == len(entries) and "<em>" not in items and "<code>" not in items
    lines = dict(zip((e.key for e in entries), text.splitlines(), strict=True))
    assert lines["hopper2019compilers"].endswith(
        "— Grace Hopper, Alan Turing, Martin Luther King Jr. et al. — 2019-06"
        " — tags: compilers, history"
    )
    assert "— 9 authors — 2024-07-01 — tags: llm" in lines["llms2024beat"]
    assert "(<https://doi.org/10.1234/fancy_doi%3C1%3E>)" in lines["kaiser2023matern"]
    assert "Tom and Jerry Studio and Juan de la Cruz" in lines["tom2021quotes"]


@settings(max_examples=200, deadline=None)
@given(
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
        str.split
    )
)
def test_escaped_titles_render_as_plain_text_in_commonmark(title: str) -> None:
    """Any stored title (the importer removes control characters) is the link text."""
    words = " ".join(title.split())
    entry = Entry(key="t2024", title=title, urls=["https://example.org/p"])
    ((href, text),) = rendered_links(render_text(MARKDOWN, [entry]))
    assert href == "https://example.org/p"
    assert text == words


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("[a](b)", r"\[a\](b)"),
        ("*x* _y_ `z`", r"\*x\* \_y\_ \`z\`"),
        ("$O(n^2)$ <b> & @key", r"\$O(n\^2)\$ \<b\> \& \@key"),
        ("a\\b ~c~ {d} #e |f|", r"a\\b \~c\~ \{d\} \#e \|f\|"),
        ("two\nlines", "two lines"),
    ],
)
def test_escape_markdown(text: str, escaped: str) -> None:
    assert escape_markdown(text) == escaped


def test_pandoc_markdown_reads_the_same_links(tmp_path: Path) -> None:
    """pandoc's Markdown has maths, citations, sub/superscripts: none may fire."""
    entries = fixture_entries()
    (tmp_path / "list.md").write_text(render_text(MARKDOWN, entries), encoding="utf-8")
    result = run_tool(["pandoc", "-f", "markdown", "-t", "json", "list.md"], tmp_path)
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)["blocks"][0]["c"]
    assert len(items) == len(entries)
    kinds = set(re.findall(r'"t": ?"(\w+)"', result.stdout))
    assert not kinds & {"Math", "Cite", "Emph", "Strong", "Superscript", "Subscript", "RawInline"}
    assert json.dumps(items).count('"t": "Link"') == sum(1 for e in entries if link_target(e))
    plain = run_tool(
        ["pandoc", "-f", "markdown", "-t", "plain", "--wrap=none"],
        tmp_path,
        input=render_text(MARKDOWN, entries),
    )
    for entry in entries:
        assert " ".join(entry.title.split()) in plain.stdout, entry.key
