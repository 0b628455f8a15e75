"""One paper from four sources, in any order, is one entry (issue: one identity per paper).

A colleague's .bib naming it only by arXiv's DOI, an arXiv e-mail with its id, a Hugging
Face digest spelling its title the other way with a guessed year, and ``add`` of its
Hugging Face page (answered by a local arXiv stand-in).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from tests.fake_http import FakeServer, Reply, fixture_text

ARXIV = "2401.09876"
BIB = f"""@article{{colleague:gardening,
  title = {{Gradient Gardening: Pruning Optimiser States for Memory-Lean Training of
           Schr{{\\"o}}dinger Bridges}},
  author = {{Quillfeather, Ada and Nettle, Bartholomew}},
  year = {{2024}},
  doi = {{10.48550/arXiv.{ARXIV}}},
}}
"""
EMAIL = f"""From: no-reply@arxiv.org
Date: Thu, 18 Jan 2024 20:00:00 -0500
Subject: cs daily Subj-class mailing 1

------------------------------------------------------------------------------
\\\\
arXiv:{ARXIV}
Date: Thu, 18 Jan 2024 17:05:12 GMT   (10kb)

Title: Gradient Gardening: Pruning Optimiser States for Memory-Lean Training of
  Schr\\"odinger Bridges
Authors: Ada Quillfeather, Bartholomew Nettle
Categories: cs.LG stat.ML
\\\\
  We prune the second-moment buffers of adaptive optimisers and show that
Schr\\"odinger bridge models keep their quality.
\\\\ ( https://arxiv.org/abs/{ARXIV} ,  10kb)
------------------------------------------------------------------------------
"""
DIGEST = """Daily Papers

Gradient Gardening: Pruning Optimizer States for Memory-Lean Training of Schrödinger Bridges

We prune the second-moment buffers of adaptive optimizers and show that Schrödinger bridge
models keep their quality.

  • 2 authors
·
Jan 18
"""
SOURCES = ("bib", "email", "digest", "add")


def _step(cli, tmp_path: Path, source: str) -> None:
    if source == "add":
        result = cli("add", f"https://huggingface.co/papers/{ARXIV}")
    else:
        text = {"bib": BIB, "email": EMAIL, "digest": DIGEST}[source]
        path = tmp_path / {"bib": "refs.bib", "email": "listing.txt", "digest": "hf.txt"}[source]
        path.write_text(text, encoding="utf-8")
        args = ["import", str(path)]
        if source == "digest":
            args += ["--as-of", "2025-03-01"]  # the year of "Jan 18" is guessed: 2025
        result = cli(*args)
    assert result.exit_code == 0, (source, result.stderr)


ORDERS = [
    order
    for i, order in enumerate(itertools.permutations(SOURCES))
    if i % 5 == 0 or order in (SOURCES, tuple(reversed(SOURCES)))
]


@pytest.mark.parametrize("order", ORDERS, ids="-".join)
def test_four_sources_in_any_order_are_one_entry(
    cli, online: FakeServer, tmp_path: Path, order: tuple[str, ...]
) -> None:
    online.route("/api/query", Reply(200, fixture_text("arxiv-batch.xml")))
    for source in order:
        _step(cli, tmp_path, source)
    entries = json.loads(cli("list", "--json").stdout)
    assert len(entries) == 1, [e["key"] for e in entries]
    (paper,) = entries
    assert paper["arxiv_id"] == ARXIV
    assert paper["date"].startswith("2024")  # the explicit year beat the guessed one
    assert paper["authors"][:2] == ["Ada Quillfeather", "Bartholomew Nettle"]
    doctor = cli("doctor", "--json")
    assert not json.loads(doctor.stdout).get("duplicates"), doctor.stdout
