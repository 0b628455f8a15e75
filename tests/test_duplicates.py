"""One paper held twice: the title rule, ``doctor``'s duplicate groups, and import matching."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papercli.model import Entry, normalise_title
from papercli.store.files import Library
from papercli.titles import title_identity
from tests.conftest import SAMPLE_AS_OF, SAMPLE_DIGEST, snapshot

SAME_TITLES = [
    ("Optimisation of Neural Nets", "Optimization of neural nets"),
    ("Behavioural Cloning in Colour", "Behavioral cloning in color"),
    ("Modelling Labelled Data", "Modeling labeled data"),
    ("Signalling and Travelled Paths", "Signaling and traveled paths"),
    ("Centred Kernels at the Centre", "Centered kernels at the center"),
    ("Generalisation and Regularisation", "Generalization and regularization"),
    ("Normalise, Normalised, Normalising", "normalize normalized normalizing"),
    ("Analysing Catalysed Reactions", "Analyzing catalyzed reactions"),
    ("Organisations Optimise Optimisers", "Organizations optimize optimizers"),
    ("Criticising Minimisation", "Criticizing minimization"),
    ("Haemoglobin in Paediatric Care", "Hemoglobin in pediatric care"),
    ("Fibres, Programmes and Catalogues", "Fibers, programs and catalogs"),
    ("Colourisation Networks", "Colorization networks"),
    (
        r"$\mathcal{O}(\log n)$ Regret for {B}ayesian Caf\'e Bandits",
        "𝒪(log n) Regret for Bayesian Café Bandits",
    ),
    ("Na\u0308ive Bayes \u2014 \u201cRevisited\u201d", 'Naïve Bayes - "revisited"'),
    ("ﬁne-tuning ＬＬＭｓ", "Fine-Tuning LLMs"),
    ("Search & Rescue", "Search and rescue"),
]
DIFFERENT_TITLES = [
    ("Learning from Noise", "Learning from Noize"),
    ("The Rise of Transformers", "The Rize of Transformers"),
    ("Precise Gradients", "Precize Gradients"),
    ("Paradise Lost", "Paradize Lost"),
    ("Prise Open the Box", "Prize Open the Box"),
    ("Filling the Gaps", "Filing the Gaps"),
    ("Llama 2", "Llama 3"),
]
UNCHANGED_WORDS = (
    "rise arise sunrise precise noise denoising paradise otherwise pairwise promise premise "
    "exercise advise revise supervise surprise enterprise expertise raise praise cruise "
    "analysis basis this crisis calling spelling smaller controlled"
).split()


@pytest.mark.parametrize(("british", "american"), SAME_TITLES)
def test_titles_one_paper_after_folding(british: str, american: str) -> None:
    assert title_identity(british) == title_identity(american)
    assert normalise_title(british) == title_identity(british)  # model delegates


@pytest.mark.parametrize(("one", "other"), DIFFERENT_TITLES)
def test_titles_of_different_papers_stay_different(one: str, other: str) -> None:
    assert title_identity(one) != title_identity(other)


def test_words_spelled_alike_everywhere_are_left_alone() -> None:
    assert title_identity(" ".join(UNCHANGED_WORDS)).split() == UNCHANGED_WORDS


def _write(library: Library, key: str, title: str, **fields: object) -> None:
    fields.setdefault("date", "2024-05-01")
    library.write(Entry(key=key, title=title, **fields))  # type: ignore[arg-type]


def _duplicates(cli) -> list[dict]:
    result = cli("doctor", "--json")
    problems = json.loads(result.stdout)["problems"]
    assert result.exit_code == (1 if problems else 0)
    return [p for p in problems if p["kind"] == "duplicate-paper"]


def test_doctor_reports_every_kind_of_duplicate_and_nothing_else(cli, library_path) -> None:
    library = Library(library_path)
    library.ensure()
    # The same arXiv id in two forms.
    _write(library, "attn2024a", "Attention Sinks", arxiv_id="2403.01234")
    _write(library, "sinks2024", "Sinks of Attention (v2)", arxiv_id="arXiv:2403.01234v2")
    # The arXiv DOI and the arXiv id.
    _write(library, "flow2023", "Flow Maps", arxiv_id="2310.04567", date="2023-10-01")
    _write(
        library, "flowbib", "Flow Maps for Sampling", doi="10.48550/arXiv.2310.04567", date="2023"
    )
    # A DOI in two cases.
    _write(library, "graph2019", "Graph Things", doi="10.1145/ABC.123", date="2019")
    _write(library, "graphs2019", "Graph Things Again", doi="doi:10.1145/abc.123", date="2019")
    # British vs American spelling; the British copy's year was guessed (3 years off),
    # and it lists no authors.
    _write(
        library,
        "optim2026",
        "Optimisation of Behavioural Models",
        date="2026-03-01",
        date_raw="Mar 1",
        date_inferred=True,
    )
    _write(
        library,
        "optim2023",
        "Optimization of Behavioral Models",
        date="2023-06-01",
        authors=["Ann Otter"],
    )
    # TeX vs Unicode.
    _write(library, "regret2022", r"$\mathcal{O}(\log n)$ Regret for {B}ayesian Caf\'e Bandits")
    _write(library, "regret2022u", "𝒪(log n) Regret for Bayesian Café Bandits")
    # Not duplicates: one title, other first authors and explicit years 3 years apart ...
    _write(library, "intro2018", "An Introduction", date="2018", authors=["Sam Smith"])
    _write(library, "intro2021", "An Introduction", date="2021", authors=["Jo Jones"])
    # ... one title, two different arXiv ids ...
    _write(library, "twin1", "Twin Titles", arxiv_id="2401.00001")
    _write(library, "twin2", "Twin Titles", arxiv_id="2401.00002")
    # ... and a word the spelling rule must not touch (a year apart, so not "similar").
    _write(library, "noise2020", "Denoising with Noise Models", date="2020")
    _write(library, "noize2021", "Denoising with Noize Models", date="2021")
    before = snapshot(library_path)

    found = {tuple(p["keys"]): p["reason"] for p in _duplicates(cli)}
    assert found == {
        ("attn2024a", "sinks2024"): "same arXiv id 2403.01234",
        ("flow2023", "flowbib"): "same arXiv id 2310.04567",
        ("graph2019", "graphs2019"): "same DOI 10.1145/abc.123",
        ("optim2023", "optim2026"): "same title",
        ("regret2022", "regret2022u"): "same title",
    }
    assert snapshot(library_path) == before
    text = cli("doctor")
    assert "duplicate-paper: likely the same paper (same title): optim2023, optim2026" in (
        text.stdout
    )


def test_the_same_title_by_other_authors_years_apart_is_two_papers(cli, library_path) -> None:
    library = Library(library_path)
    library.ensure()
    _write(library, "a", "Regularisation Schemes", date="2020", authors=["A. Ames"])
    _write(library, "b", "Regularization schemes", date="2021", authors=["B. Ames"])
    _write(library, "c", "Regularization schemes", date="2024", authors=["C. Cole"])
    # A guessed year never blocks, but a different first author still does.
    _write(library, "d", "Regularization schemes", date="2024", date_inferred=True,
           date_raw="Jan 2", authors=["D. Dole"])  # fmt: skip
    assert [(p["keys"], p["reason"]) for p in _duplicates(cli)] == [(["a", "b"], "same title")]


def test_import_merges_a_paper_spelled_the_other_way(cli, library_path, tmp_path) -> None:
    library = Library(library_path)
    library.ensure()
    _write(
        library,
        "colour2025",
        "Colour Constancy by Optimisation",
        date="2025-02-03",
        date_raw="Feb 3",
        date_inferred=True,
    )
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{other,\n  title = {Color Constancy by {O}ptimization},\n"
        "  author = {Otter, Ann},\n  year = {2024},\n  doi = {10.1/cc},\n}\n",
        encoding="utf-8",
    )
    result = cli("import", str(bib), "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["added"] == [] and report["updated"] == ["colour2025"]
    [entry] = json.loads(cli("list", "--json").stdout)
    assert entry["doi"] == "10.1/cc" and entry["date"] == "2024"
    assert _duplicates(cli) == []


def test_reimport_after_a_file_broke_names_it_and_adds_no_copy(cli, filled_library: Path) -> None:
    keys = sorted(e["key"] for e in json.loads(cli("list", "--json").stdout))
    broken = filled_library / "entries" / f"{keys[0]}.yaml"
    broken.write_text("title: [unclosed\n", encoding="utf-8")
    result = cli("import", str(SAMPLE_DIGEST), "--as-of", SAMPLE_AS_OF)
    assert result.exit_code == 0, result.stderr
    assert f"entries/{keys[0]}.yaml, which cannot be read" in result.stderr
    assert "0 added" in result.stderr and "1 skipped" in result.stderr
    files = sorted(p.name for p in (filled_library / "entries").glob("*.yaml"))
    assert files == sorted(f"{k}.yaml" for k in keys)
    assert broken.read_text(encoding="utf-8") == "title: [unclosed\n"
