"""The one table of identifier forms every command that takes a paper is tested with.

Each case: (what a user types, kind, the value it names). ``ARXIV`` and ``DOI`` are the
identifiers of the two papers the CLI tests store; every form here names one of them.
"""

from __future__ import annotations

ARXIV = "2511.04321"
OLD_ARXIV = "math.AG/0601123"
DOI = "10.5555/Journal.2024.017"

ARXIV_FORMS = [
    ARXIV,
    f"{ARXIV}v1",
    f"{ARXIV}v12",
    f"arXiv:{ARXIV}",
    f"arXiv: {ARXIV}",
    f"arxiv:{ARXIV}v2",
    f"ARXIV:{ARXIV}",
    f"https://arxiv.org/abs/{ARXIV}",
    f"https://arxiv.org/abs/{ARXIV}v3",
    f"http://arxiv.org/abs/{ARXIV}",
    f"arxiv.org/abs/{ARXIV}",
    f"https://www.arxiv.org/abs/{ARXIV}",
    f"https://export.arxiv.org/abs/{ARXIV}",
    f"https://export.arxiv.org/abs/{ARXIV}v2",
    f"https://arxiv.org/pdf/{ARXIV}",
    f"https://arxiv.org/pdf/{ARXIV}v2",
    f"https://arxiv.org/pdf/{ARXIV}.pdf",
    f"https://arxiv.org/pdf/{ARXIV}v2.pdf",
    f"https://arxiv.org/html/{ARXIV}v1",
    f"https://arxiv.org/abs/{ARXIV}/",
    f"https://arxiv.org/abs/{ARXIV}?context=cs.LG",
    f"https://arxiv.org/abs/{ARXIV}#comments",
    f"<https://arxiv.org/abs/{ARXIV}>.",
    f"https://huggingface.co/papers/{ARXIV}",
    f"huggingface.co/papers/{ARXIV}",
    f"https://hf.co/papers/{ARXIV}",
    f"https://huggingface.co/papers/{ARXIV}#community",
    f"10.48550/arXiv.{ARXIV}",
    f"10.48550/ARXIV.{ARXIV}",
    f"doi:10.48550/arXiv.{ARXIV}",
    f"https://doi.org/10.48550/arXiv.{ARXIV}",
    f"  {ARXIV}  ",
]
OLD_ARXIV_FORMS = [
    OLD_ARXIV,
    f"{OLD_ARXIV}v2",
    f"arXiv:{OLD_ARXIV}",
    f"https://arxiv.org/abs/{OLD_ARXIV}",
    f"https://arxiv.org/pdf/{OLD_ARXIV}v1",
]
DOI_FORMS = [
    DOI,
    DOI.lower(),
    DOI.upper(),
    f"doi:{DOI}",
    f"DOI: {DOI}",
    f"https://doi.org/{DOI}",
    f"http://doi.org/{DOI}",
    f"doi.org/{DOI}",
    f"https://dx.doi.org/{DOI}",
    f"dx.doi.org/{DOI}",
    f"https://www.doi.org/{DOI}",
    f"www.doi.org/{DOI}",
    "https://doi.org/10.5555%2FJournal.2024.017",
    f"{DOI}.",
    f"https://doi.org/{DOI}/",
]

CASES: list[tuple[str, str, str]] = [
    *((form, "arxiv", ARXIV) for form in ARXIV_FORMS),
    *((form, "arxiv", OLD_ARXIV) for form in OLD_ARXIV_FORMS),
    *((form, "doi", DOI) for form in DOI_FORMS),
]
assert len(CASES) >= 40
