"""Publication venues: one canonical full and short name per common ML venue. Pure.

Semantic Scholar and DBLP spell a venue in many ways: DBLP ``NeurIPS``, ``NIPS``, ``ECCV (3)``,
``J. Mach. Learn. Res.``; Semantic Scholar ``Neural Information Processing Systems`` or an
abbreviation such as ``Nat. Mac. Intell.``, plus ``publicationVenue.alternate_names``. Each
spelling is looked up after ``venue_lookup_key`` folds case, accents, punctuation, a leading
"Proceedings of the", a trailing year and DBLP's volume number ``(3)``.

The library stores the full name (``booktitle`` / ``journal``); exports show the full or the
short one as the ``venue_names`` setting says, through ``display_venue``. A name not in the
table is shown as it is.

Preprint servers (arXiv, CoRR, bioRxiv...) are not venues: ``is_preprint_venue``; nor is
a paper whose DOI is a preprint server's (SSRN's "eJournals", bioRxiv...): ``is_preprint_doi``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from papercli.errors import InputError
from papercli.model import fold_accents

VenueKind = Literal["inproceedings", "article"]
STYLES = ("full", "short")
DEFAULT_STYLE = "full"


@dataclass(frozen=True)
class Venue:
    """A venue's canonical names and whether it publishes proceedings or a journal."""

    full: str
    short: str
    kind: VenueKind
    aliases: tuple[str, ...] = ()


_CONF: VenueKind = "inproceedings"
_JOURNAL: VenueKind = "article"
VENUES: tuple[Venue, ...] = (
    Venue(
        "Advances in Neural Information Processing Systems",
        "NeurIPS",
        _CONF,
        (
            "NIPS",
            "Neural Information Processing Systems",
            "Conference on Neural Information Processing Systems",
            "Annual Conference on Neural Information Processing Systems",
            "Adv. Neural Inf. Process. Syst.",
            "Neural Inf. Process. Syst.",
        ),
    ),
    Venue(
        "International Conference on Machine Learning",
        "ICML",
        _CONF,
        ("Int. Conf. Mach. Learn.", "International Conference on Machine Learning (ICML)"),
    ),
    Venue(
        "International Conference on Learning Representations",
        "ICLR",
        _CONF,
        ("Int. Conf. Learn. Represent.",),
    ),
    Venue(
        "AAAI Conference on Artificial Intelligence",
        "AAAI",
        _CONF,
        ("AAAI Conf. Artif. Intell.", "National Conference on Artificial Intelligence"),
    ),
    Venue(
        "International Joint Conference on Artificial Intelligence",
        "IJCAI",
        _CONF,
        ("Int. Jt. Conf. Artif. Intell.",),
    ),
    Venue(
        "IEEE/CVF Conference on Computer Vision and Pattern Recognition",
        "CVPR",
        _CONF,
        (
            "Computer Vision and Pattern Recognition",
            "IEEE Conference on Computer Vision and Pattern Recognition",
            "Comput. Vis. Pattern Recognit.",
        ),
    ),
    Venue(
        "IEEE/CVF International Conference on Computer Vision",
        "ICCV",
        _CONF,
        (
            "IEEE International Conference on Computer Vision",
            "International Conference on Computer Vision",
        ),
    ),
    Venue("European Conference on Computer Vision", "ECCV", _CONF, ("Eur. Conf. Comput. Vis.",)),
    Venue(
        "Annual Meeting of the Association for Computational Linguistics",
        "ACL",
        _CONF,
        ("Annu. Meet. Assoc. Comput. Linguistics", "Association for Computational Linguistics"),
    ),
    Venue(
        "Conference on Empirical Methods in Natural Language Processing",
        "EMNLP",
        _CONF,
        (
            "Empirical Methods in Natural Language Processing",
            "Conf. Empir. Methods Nat. Lang. Process.",
        ),
    ),
    Venue(
        "Conference of the North American Chapter of the Association for Computational Linguistics",
        "NAACL",
        _CONF,
        (
            "NAACL-HLT",
            "North American Chapter of the Association for Computational Linguistics",
            "NAACL HLT",
        ),
    ),
    Venue("International Conference on Computational Linguistics", "COLING", _CONF),
    Venue(
        "ACM SIGKDD Conference on Knowledge Discovery and Data Mining",
        "KDD",
        _CONF,
        ("Knowledge Discovery and Data Mining", "SIGKDD"),
    ),
    Venue(
        "The Web Conference",
        "WWW",
        _CONF,
        ("The Web Conference", "World Wide Web Conference", "ACM Web Conference", "WWW Conference"),
    ),
    Venue(
        "International ACM SIGIR Conference on Research and Development in Information Retrieval",
        "SIGIR",
        _CONF,
        (
            "Annual International ACM SIGIR Conference on Research and Development in "
            "Information Retrieval",
        ),
    ),
    Venue("Conference on Uncertainty in Artificial Intelligence", "UAI", _CONF),
    Venue("International Conference on Artificial Intelligence and Statistics", "AISTATS", _CONF),
    Venue(
        "Conference on Learning Theory",
        "COLT",
        _CONF,
        ("Annual Conference Computational Learning Theory", "Annual Conference on Learning Theory"),
    ),
    Venue("Conference on Robot Learning", "CoRL", _CONF),
    Venue("IEEE International Conference on Robotics and Automation", "ICRA", _CONF),
    Venue(
        "IEEE/RSJ International Conference on Intelligent Robots and Systems",
        "IROS",
        _CONF,
        ("IEEE/RJS International Conference on Intelligent RObots and Systems",),
    ),
    Venue("Robotics: Science and Systems", "RSS", _CONF, ("Robotics Science and Systems",)),
    Venue(
        "Journal of Machine Learning Research",
        "JMLR",
        _JOURNAL,
        ("J. Mach. Learn. Res.",),
    ),
    Venue(
        "Transactions on Machine Learning Research",
        "TMLR",
        _JOURNAL,
        ("Trans. Mach. Learn. Res.",),
    ),
    Venue(
        "IEEE Transactions on Pattern Analysis and Machine Intelligence",
        "TPAMI",
        _JOURNAL,
        ("IEEE Trans. Pattern Anal. Mach. Intell.", "PAMI"),
    ),
    Venue(
        "Transactions of the Association for Computational Linguistics",
        "TACL",
        _JOURNAL,
        ("Trans. Assoc. Comput. Linguistics",),
    ),
    Venue(
        "International Journal of Computer Vision",
        "IJCV",
        _JOURNAL,
        ("Int. J. Comput. Vis.",),
    ),
    Venue(
        "Nature Machine Intelligence",
        "Nat. Mach. Intell.",
        _JOURNAL,
        ("Nat. Mac. Intell.", "Nature Mach. Intell."),
    ),
    Venue("Machine Learning", "Mach. Learn.", _JOURNAL),
    Venue("Neural Computation", "Neural Comput.", _JOURNAL),
    Venue("Artificial Intelligence", "Artif. Intell.", _JOURNAL),
)

# Preprint servers: a paper "published" there has no peer-reviewed venue.
PREPRINT_NAMES = frozenset(
    {"arxiv", "arxiv org", "corr", "biorxiv", "medrxiv", "chemrxiv", "openreview net"}
)

# DOI prefixes of preprint servers: arXiv, SSRN, bioRxiv/medRxiv, ChemRxiv, Research Square,
# OSF Preprints, Preprints.org, TechRxiv, Authorea.
PREPRINT_DOI_PREFIXES = (
    "10.48550/",
    "10.2139/ssrn",
    "10.1101/",
    "10.26434/chemrxiv",
    "10.21203/rs.",
    "10.31219/osf.io",
    "10.20944/preprints",
    "10.36227/techrxiv",
    "10.22541/au.",
)

_NON_WORD = re.compile(r"[\W_]+")
_PROCEEDINGS = re.compile(r"^(?:proceedings of )?(?:the )?")
_TRAILING = re.compile(r"(?:\s*\(\s*\d+\s*\))+$|\s+(?:19|20)\d\d$")


def venue_lookup_key(name: str) -> str:
    """A venue spelling reduced for lookup (see the module docstring)."""
    text = _TRAILING.sub("", " ".join(name.split()))
    text = _TRAILING.sub("", text)
    folded = fold_accents(text).casefold().replace("&", " and ")
    words = _NON_WORD.sub(" ", folded).strip()
    return _PROCEEDINGS.sub("", words) if words.startswith(("proceedings", "the ")) else words


def _table() -> dict[str, Venue]:
    table: dict[str, Venue] = {}
    for venue in VENUES:
        for spelling in (venue.full, venue.short, *venue.aliases):
            table.setdefault(venue_lookup_key(spelling), venue)
    return table


_BY_SPELLING = _table()


def find_venue(name: str) -> Venue | None:
    """The table's venue for any of its spellings; None when the name is not known."""
    return _BY_SPELLING.get(venue_lookup_key(name)) if name and name.strip() else None


def full_venue_name(name: str) -> str:
    """The name to store: the canonical full name when the venue is known, else ``name``."""
    venue = find_venue(name)
    return venue.full if venue else " ".join(name.split())


def display_venue(name: str, style: str) -> str:
    """``name`` as an export shows it: ``style`` ``full`` or ``short`` (InputError otherwise).

    Unknown venues are returned as they are (spaces collapsed).
    """
    if style not in STYLES:
        raise InputError(f"venue names must be full or short, not {style!r}")
    venue = find_venue(name)
    if venue is None:
        return " ".join(name.split())
    return venue.full if style == "full" else venue.short


def is_preprint_venue(name: str | None) -> bool:
    """True for arXiv / CoRR and other preprint servers (not a peer-reviewed venue)."""
    return bool(name) and venue_lookup_key(name or "") in PREPRINT_NAMES


def is_preprint_doi(doi: str | None) -> bool:
    """True for a preprint server's DOI (arXiv ``10.48550/``, SSRN, bioRxiv...)."""
    return bool(doi) and (doi or "").strip().casefold().startswith(PREPRINT_DOI_PREFIXES)
