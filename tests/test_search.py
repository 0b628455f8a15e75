"""Search quality: a table of query -> expected top result, and the ranking rules."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from papercli.errors import InputError
from papercli.model import Entry
from papercli.search.ranking import date_bounds, expand_query, highlight_spans
from papercli.terms import stem, tokenize
from tests.reference_ranker import InMemoryIndex, in_date_range, rank, search

PAPERS = Path(__file__).resolve().parent / "data" / "search" / "papers.yaml"


def load_papers() -> list[Entry]:
    """The made-up search fixture library."""
    return [Entry.from_dict(d) for d in yaml.safe_load(PAPERS.read_text(encoding="utf-8"))]


@pytest.fixture(scope="module")
def papers() -> list[Entry]:
    return load_papers()


QUALITY_CASES = [
    # identifiers and organisations
    ("2303.08867", "nakamura2023sparsegpt"),
    ("arXiv:2303.08867v2", "nakamura2023sparsegpt"),
    ("https://arxiv.org/abs/2303.08868v1", "novak2023sketch"),
    ("10.1093/gji/ggz376", "mbeki2019seismic"),
    ("https://doi.org/10.1093/GJI/ggz376", "mbeki2019seismic"),
    ("quillmere", "lark2025agents"),
    # typos
    ("convergance", "brandt2025converge"),  # ties with the 2024 title match: newest wins
    ("difusion modle", "okafor2025diffusion"),
    ("reinforcment learning", "singh2023reinforcement"),
    ("hallucinaton", "ahmed2024hallucination"),
    ("okonkow", "lindqvist2024sparse"),  # author name, transposed letters
    ("kernls", "rossi2022matern"),
    ("lerning rate warmup", "brandt2025converge"),
    # partial words / prefixes
    ("transfor", "vance2025transformers"),
    ("wasserst", "costa2023optimal"),
    ("summar", "ahmed2024hallucination"),
    # multi-word: all words beat some words
    ("graph neural networks", "lindqvist2024sparse"),
    ("quantum annealing", "zhou2023annealing"),
    ("spectral clustering", "olsen2024spectral"),
    ("spectral normalisation", "olsen2025normalization"),
    ("mixture of experts", "wu2024experts"),
    ("bayesian optimisation", "garcia2023bayesian"),
    ("bayesian kinetics", "garcia2025bayesian"),
    # abstract-only words
    ("wasserstein", "costa2023optimal"),
    ("solubility", "lindqvist2024sparse"),
    ("perplexity heads", "berg2024pruning"),
    # accents and case
    ("matern", "rossi2022matern"),
    ("MATÉRN kernels", "rossi2022matern"),
    ("amelie", "dubois2024tokenization"),
    ("Garcïa robots", "garcia2023bayesian"),
    # hyphens and plurals, stems
    ("overparameterized", "tanaka2023overparam"),
    ("over-parameterised", "tanaka2023overparam"),
    ("tokenizers", "kim2025tokenizer"),
    ("tokenisation", "dubois2024tokenization"),
    ("pruned", "berg2024pruning"),
    ("proteins folding", "mehta2023protein"),
    ("gpt4", "ito2025gpt"),
    ("GPT-4", "ito2025gpt"),
    ("llm", "ward2025llms"),
    ("heavy tailed", "brandt2024convergence"),
    # tags, keys, authors, notes
    ("to-read", "lindqvist2024sparse"),
    ("rl", "singh2023reinforcement"),
    ("gaussian processes", "rossi2022matern"),
    ("lindqvist2024sparse", "lindqvist2024sparse"),
    ("okafor", "okafor2025diffusion"),
    ("red-teaming handbook", "ward2025llms"),
]


@pytest.mark.parametrize(("query", "expected"), QUALITY_CASES)
def test_top_result(papers: list[Entry], query: str, expected: str) -> None:
    hits = search(papers, query, limit=5)
    assert hits, f"no hits for {query!r}"
    assert hits[0].entry.key == expected, [(h.entry.key, h.score) for h in hits]


def test_quality_table_is_big_enough() -> None:
    assert len(QUALITY_CASES) >= 25
    assert len(load_papers()) >= 25


def test_unrelated_query_finds_nothing(papers: list[Entry]) -> None:
    assert search(papers, "zyxwvut qqqq") == []


# --- ranking rules, each on a tiny library where only that rule decides -----------------


def paper(key: str, title: str, abstract: str = "", date: str = "2024-01-01", **kw) -> Entry:
    return Entry(key=key, title=title, abstract=abstract, date=date, **kw)


def keys(entries: list[Entry], query: str) -> list[str]:
    return [h.entry.key for h in search(entries, query)]


def test_all_words_beat_some_words_even_when_newer_or_in_title() -> None:
    entries = [
        paper("some", "Diffusion Samplers", date="2025-06-01"),
        paper("all", "Notes", abstract="a diffusion model of heat", date="2020-01-01"),
    ]
    assert keys(entries, "diffusion model") == ["all", "some"]


def test_title_beats_abstract_only() -> None:
    entries = [
        paper("abstract", "Something Else", abstract="we study convergence", date="2025-01-01"),
        paper("title", "Convergence Rates", date="2020-01-01"),
    ]
    assert keys(entries, "convergence") == ["title", "abstract"]


def test_exact_beats_prefix_beats_fuzzy() -> None:
    entries = [
        paper("fuzzy", "Kernal Methods", date="2025-01-01"),  # one typo away
        paper("prefix", "Kernelized Bandits", date="2024-01-01"),
        paper("exact", "Kernel Methods", date="2020-01-01"),
    ]
    assert keys(entries, "kernel") == ["exact", "prefix", "fuzzy"]


def test_exact_word_beats_fuzzy_word_in_title_even_from_abstract() -> None:
    entries = [
        paper("fuzzy-title", "Modal Logic", date="2025-01-01"),
        paper("exact-abstract", "Logic", abstract="a model of logic", date="2020-01-01"),
    ]
    assert keys(entries, "model") == ["exact-abstract", "fuzzy-title"]


def test_ties_newest_first_by_date_then_added() -> None:
    entries = [
        paper("old", "Graph Cuts", date="2021-05-05"),
        paper("new-added-early", "Graph Cuts", date="2024-05-05", added="2024-06-01"),
        paper("new-added-late", "Graph Cuts", date="2024-05-05", added="2024-07-01"),
        paper("undated", "Graph Cuts", date=None),
    ]
    assert keys(entries, "graph cuts") == ["new-added-late", "new-added-early", "old", "undated"]


def test_scores_decrease_along_the_ranking(papers: list[Entry]) -> None:
    hits = search(papers, "bayesian reaction optimisation")
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert hits[0].words == ("bayesian", "reaction", "optimisation")


def test_limit(papers: list[Entry]) -> None:
    assert len(search(papers, "learning", limit=2)) == 2
    with pytest.raises(InputError):
        search(papers, "learning", limit=-1)


def test_query_without_words_is_an_error(papers: list[Entry]) -> None:
    with pytest.raises(InputError, match="no words"):
        search(papers, " -- ?? ")


def test_stop_words_alone_still_search() -> None:
    entries = [paper("a", "The Art of War")]
    assert keys(entries, "the of") == ["a"]


# --- the pieces -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("parameterized", "parameterization"),
        ("optimisation", "optimizations"),
        ("converges", "convergence"),
        ("studies", "study"),
        ("stopped", "stop"),
        ("samples", "sampling"),
    ],
)
def test_stem_joins_variants(a: str, b: str) -> None:
    assert stem(a) == stem(b)


def test_tokenize_hyphens_accents_and_case() -> None:
    terms = tokenize("Over-Parameterized Matérn GPT-4")
    assert {"over", "overparameteriz", "matern", "gpt4", "gpt", "4"} <= terms


def test_expand_query_qualities() -> None:
    index = InMemoryIndex([paper("k", "Kernel Kernelized Kernal")])
    (word,) = expand_query("kernel", index.vocabulary())
    assert word.candidates["kernel"] == 1.0
    assert word.candidates["kerneliz"] == 0.8
    assert word.candidates["kernal"] == 0.6


def test_short_words_get_no_typo_tolerance() -> None:
    entries = [paper("gan", "GAN Training"), paper("gain", "Gain Tuning")]
    assert keys(entries, "gan") == ["gan"]


def test_rank_works_from_any_term_index() -> None:
    index = InMemoryIndex([paper("a", "Sparse Graphs"), paper("b", "Dense Graphs")])
    ranked = rank(expand_query("sparse graph", index.vocabulary()), index)
    assert [r.key for r in ranked] == ["a", "b"]
    assert ranked[0].words == ("sparse", "graph")


def test_highlight_spans_find_surface_words_with_accents() -> None:
    (hit,) = search([paper("m", "Matérn Priors for Over-Parameterized Nets")], "matern overparam")
    title = hit.entry.title
    spans = highlight_spans(title, hit.terms)
    assert [title[s:e] for s, e in spans] == ["Matérn", "Over-Parameterized"]


@pytest.mark.parametrize(
    ("since", "until", "bounds"),
    [
        ("2024", "2024", ("2024-01-01", "2024-12-31")),
        ("2024-02", "2024-02", ("2024-02-01", "2024-02-29")),
        ("2023-05-06", None, ("2023-05-06", None)),
        (None, "2025-3-9", (None, "2025-03-09")),
    ],
)
def test_date_bounds(since: str | None, until: str | None, bounds: tuple) -> None:
    assert date_bounds(since, until) == bounds


@pytest.mark.parametrize(("since", "until"), [("24", None), (None, "2024-13"), ("2025", "2024")])
def test_bad_date_bounds(since: str | None, until: str | None) -> None:
    with pytest.raises(InputError):
        date_bounds(since, until)


def test_in_date_range() -> None:
    assert in_date_range(paper("a", "T", date="2024-12-31"), "2024-01-01", "2024-12-31")
    assert not in_date_range(paper("a", "T", date="2025-01-01"), None, "2024-12-31")
    assert not in_date_range(paper("a", "T", date=None), "2024-01-01", None)
    assert in_date_range(paper("a", "T", date=None), None, None)
    assert in_date_range(paper("a", "T", date="2024"), "2024-06-01", None)
