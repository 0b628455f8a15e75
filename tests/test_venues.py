"""``display_venue``: Semantic Scholar's and DBLP's spellings -> one full or short name."""

from __future__ import annotations

import pytest

from papercli.errors import InputError
from papercli.venues import (
    VENUES,
    display_venue,
    find_venue,
    full_venue_name,
    is_preprint_venue,
    venue_lookup_key,
)

NEURIPS = "Advances in Neural Information Processing Systems"


@pytest.mark.parametrize(
    "spelling",
    [
        "NeurIPS",  # DBLP today
        "NIPS",  # DBLP before 2018
        "Neural Information Processing Systems",  # Semantic Scholar's venue
        "Advances in Neural Information Processing Systems",
        "Proceedings of the Conference on Neural Information Processing Systems",
        "NeurIPS 2023",
        "  neurips ",
    ],
)
def test_neurips_spellings(spelling: str) -> None:
    assert display_venue(spelling, "full") == NEURIPS
    assert display_venue(spelling, "short") == "NeurIPS"


@pytest.mark.parametrize(
    ("spelling", "full", "short"),
    [
        ("ICML", "International Conference on Machine Learning", "ICML"),
        ("International Conference on Learning Representations", None, "ICLR"),
        ("ECCV (3)", "European Conference on Computer Vision", "ECCV"),  # DBLP's volume
        ("ACL (1)", "Annual Meeting of the Association for Computational Linguistics", "ACL"),
        ("NAACL-HLT", None, "NAACL"),
        ("Computer Vision and Pattern Recognition", None, "CVPR"),
        ("J. Mach. Learn. Res.", "Journal of Machine Learning Research", "JMLR"),
        ("Trans. Mach. Learn. Res.", "Transactions on Machine Learning Research", "TMLR"),
        ("IEEE Trans. Pattern Anal. Mach. Intell.", None, "TPAMI"),
        ("Nat. Mac. Intell.", "Nature Machine Intelligence", "Nat. Mach. Intell."),
        ("Knowledge Discovery and Data Mining", None, "KDD"),
        (
            "Annual Conference Computational Learning Theory",
            "Conference on Learning Theory",
            "COLT",
        ),
        ("CoRL", "Conference on Robot Learning", "CoRL"),
        ("AISTATS", None, "AISTATS"),
        ("UAI", None, "UAI"),
        ("SIGIR", None, "SIGIR"),
        ("WWW", "The Web Conference", "WWW"),
        ("COLING", None, "COLING"),
        ("EMNLP", None, "EMNLP"),
        ("IJCAI", None, "IJCAI"),
        ("AAAI", "AAAI Conference on Artificial Intelligence", "AAAI"),
        ("ICCV", None, "ICCV"),
    ],
)
def test_known_venues(spelling: str, full: str | None, short: str) -> None:
    assert display_venue(spelling, "short") == short
    shown = display_venue(spelling, "full")
    if full is not None:
        assert shown == full
    assert shown != short or shown == full  # a full name, never the abbreviation
    assert display_venue(shown, "short") == short  # the stored full name maps back


def test_unknown_venue_is_shown_as_it_is() -> None:
    name = "Journal  of Imaginary Results"
    assert display_venue(name, "full") == "Journal of Imaginary Results"
    assert display_venue(name, "short") == "Journal of Imaginary Results"
    assert full_venue_name(name) == "Journal of Imaginary Results"
    assert find_venue("") is None


def test_bad_style() -> None:
    with pytest.raises(InputError, match="full or short"):
        display_venue("ICML", "medium")


def test_every_spelling_names_one_venue() -> None:
    seen: dict[str, str] = {}
    for venue in VENUES:
        for spelling in (venue.full, venue.short, *venue.aliases):
            key = venue_lookup_key(spelling)
            assert seen.setdefault(key, venue.full) == venue.full, spelling


@pytest.mark.parametrize("name", ["arXiv.org", "ArXiv", "CoRR", "bioRxiv"])
def test_preprint_servers_are_not_venues(name: str) -> None:
    assert is_preprint_venue(name)
    assert find_venue(name) is None


def test_venues_are_not_preprints() -> None:
    assert not is_preprint_venue("NeurIPS")
    assert not is_preprint_venue(None)
    assert not is_preprint_venue("")


def test_preprint_dois() -> None:
    from papercli.venues import is_preprint_doi

    for doi in ("10.48550/arXiv.2401.00001", "10.2139/ssrn.9999999", "10.1101/2099.01.01.000001"):
        assert is_preprint_doi(doi)
    assert not is_preprint_doi("10.5555/fake.natmi.2024.7")
    assert not is_preprint_doi(None)
