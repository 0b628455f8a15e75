"""Benchmark the full-text index, each command as a whole process.

Usage::

    python benchmarks/fulltext.py                  # 1,000 PDFs extracted, 10,000 indexed
    python benchmarks/fulltext.py --pdfs 200 --papers 2000 --runs 3

1. Extraction: a library of ``--pdfs`` papers, each with a ten-page PDF (made here by
   ``tests/pdf_writer``, ~350 made-up words a page) dropped into ``pdfs/``; the first
   ``search --fulltext`` extracts and indexes them all. Target: 1,000 in <= 60 s on 2 cores.
2. Search: a library of ``--papers`` papers whose full text (ten pages each) is indexed
   (filled in-process: what is timed is the searching). Targets: ``search --fulltext`` <=
   2x ``show`` on a one-paper library; plain ``search`` no more than 20 % slower than on
   the same library without full text. Also the index size per paper.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import floor, papercli, pseudo_words, timed, write_digest  # noqa: E402
from papercli.ops.fulltext import FOLDER_STAMP, folder_stamp  # noqa: E402
from papercli.store.fulltext import Document, library_fulltext_path, open_fulltext  # noqa: E402
from papercli.store.pdfs import pdf_file_name  # noqa: E402
from papercli.store.watch_client import stop_watcher  # noqa: E402
from tests.pdf_writer import make_pdf  # noqa: E402

PAGES = 10
WORDS_PER_PAGE = 350
QUERIES = ("gradient descent convergence", "difusion modle")


def body_queries() -> tuple[str, ...]:
    """A word of the made-up bodies found in about a third of them (not in any title or
    abstract), and the same word with a typo: queries the bodies must answer."""
    vocab = pseudo_words(random.Random(5), 20_000)
    word = next(w for w in vocab[1000:] if len(w) >= 7)
    return word, word[0] + word[2] + word[1] + word[3:]


def page_texts(rng: random.Random, vocab: list[str], n: int) -> list[str]:
    """``n`` pages of made-up words (Zipf-like: a few words are common)."""
    pages = []
    cumulative = _cumulative(len(vocab))
    for _ in range(n):
        words = rng.choices(vocab, cum_weights=cumulative, k=WORDS_PER_PAGE)
        pages.append(" ".join(words).capitalize() + ".")
    return pages


@functools.lru_cache(maxsize=2)
def _cumulative(n: int) -> list[float]:
    return list(itertools.accumulate(1 / (i + 1) for i in range(n)))


def make_library(work: Path, size: int, name: str) -> tuple[Path, dict[str, str], list[str]]:
    """A library of ``size`` papers imported from a made-up digest; (folder, env, keys)."""
    digest = work / f"digest-{size}.txt"
    if not digest.exists():
        write_digest(digest, size)
    library = work / name
    shutil.rmtree(library, ignore_errors=True)
    env = {**os.environ, "PAPERCLI_LIBRARY": str(library), "NO_COLOR": "1", "COLUMNS": "120"}
    if timed(papercli("import", str(digest)), env)[2] != 0:
        raise SystemExit(f"import of {size} papers failed")
    keys = sorted(p.stem for p in (library / "entries").glob("*.yaml"))
    return library, env, keys


def bench_extraction(work: Path, count: int) -> list[tuple[str, str]]:
    """Extract and index ``count`` ten-page PDFs in one whole-process run."""
    library, env, keys = make_library(work, count, f"library-pdfs-{count}")
    rng = random.Random(11)
    vocab = pseudo_words(rng, 20_000)
    folder = library / "pdfs"
    folder.mkdir()
    for key in keys:
        (folder / pdf_file_name(key)).write_bytes(make_pdf(page_texts(rng, vocab, PAGES)))
    wall, rss, _ = timed(papercli("search", "--fulltext", "zzzz"), env)
    stop_watcher(library / ".papercli")
    size = library_fulltext_path(library).stat().st_size
    return [
        (f"extract + index {count} ten-page PDFs (first search --fulltext)", f"{wall:.1f} s"),
        ("  peak RSS", f"{rss:.0f} MB"),
        ("  full-text index per paper", f"{size / count / 1024:.1f} KiB"),
    ]


def fill_fulltext(library: Path, keys: list[str]) -> None:
    """Index ten made-up pages for every key; every key's PDF is one hard-linked file."""
    rng = random.Random(5)
    vocab = pseudo_words(rng, 20_000)
    folder = library / "pdfs"
    folder.mkdir(exist_ok=True)
    first = folder / pdf_file_name(keys[0])
    first.write_bytes(make_pdf(["placeholder"]))
    for key in keys[1:]:
        os.link(first, folder / pdf_file_name(key))
    st = first.stat()
    with open_fulltext(library_fulltext_path(library)) as ft:
        assert ft is not None
        for start in range(0, len(keys), 500):
            docs = [
                Document(k, "0" * 64, st.st_size, st.st_mtime_ns, page_texts(rng, vocab, PAGES))
                for k in keys[start : start + 500]
            ]
            ft.store(docs)
        ft.set_meta(FOLDER_STAMP, folder_stamp(folder) or "")


def switch_fulltext(library: Path, on: bool) -> None:
    """Hide (or bring back) the library's PDFs and full-text index: the same library
    without full text, for a fair comparison."""
    pairs = [
        (library / "pdfs", library / "pdfs.off"),
        (library_fulltext_path(library), library_fulltext_path(library).with_suffix(".off")),
    ]
    for live, hidden in pairs:
        if on and hidden.exists():
            hidden.rename(live)
        elif not on and live.exists():
            live.rename(hidden)


def timed_ms(cmd: list[str], env: dict[str, str]) -> float:
    wall, _, status = timed(cmd, env)
    if status not in (0, 1):
        raise SystemExit(f"command failed: {' '.join(cmd)} (status {status})")
    return wall * 1000


def bench_search(work: Path, count: int, runs: int) -> list[tuple[str, str]]:
    """Searches on ``count`` papers with and without their full text indexed.

    Runs are interleaved (show, search without full text, with it, --fulltext, ...) so a
    machine busy with other work slows every variant alike; medians are reported.
    """
    floor(1, work)
    one = work / "library-1"
    env1 = {**os.environ, "PAPERCLI_LIBRARY": str(one), "NO_COLOR": "1"}
    show_cmd = papercli("show", next((one / "entries").glob("*.yaml")).stem)
    library = work / f"library-text-{count}"
    filled = 0.0
    if not library_fulltext_path(library).exists():  # --keep reuses a filled library
        library, env, keys = make_library(work, count, f"library-text-{count}")
        start = time.perf_counter()
        fill_fulltext(library, keys)
        filled = time.perf_counter() - start
    env = {**os.environ, "PAPERCLI_LIBRARY": str(library), "NO_COLOR": "1", "COLUMNS": "120"}
    size = library_fulltext_path(library).stat().st_size
    timed(papercli("search", "--fulltext", "warm"), env)  # starts the watcher
    times: dict[str, list[float]] = {}
    queries = (*QUERIES, *body_queries())
    for _ in range(runs):
        times.setdefault("show", []).append(timed_ms(show_cmd, env1))
        for query in queries:
            switch_fulltext(library, False)
            times.setdefault(f"plain {query}", []).append(timed_ms(papercli("search", query), env))
            switch_fulltext(library, True)
            times.setdefault(f"with {query}", []).append(timed_ms(papercli("search", query), env))
            body = papercli("search", "--fulltext", query)
            times.setdefault(f"body {query}", []).append(timed_ms(body, env))
    median = {name: statistics.median(values) for name, values in times.items()}
    show = median["show"]
    rows = [("show KEY (one-paper library)", f"{show:.0f} ms")]
    for query in queries:
        plain, with_text = median[f"plain {query}"], median[f"with {query}"]
        rows.append(
            (
                f"search '{query}' ({count} papers)",
                f"{plain:.0f} ms without full text, {with_text:.0f} ms with "
                f"({(with_text / plain - 1) * 100:+.0f} %)",
            )
        )
        body = median[f"body {query}"]
        rows.append((f"search --fulltext '{query}'", f"{body:.0f} ms ({body / show:.2f}x show)"))
    rows.append((f"full-text index of {count} papers", f"{size / 1e6:.0f} MB"))
    rows.append(("  per paper (ten pages)", f"{size / count / 1024:.1f} KiB"))
    if filled:
        rows.append(("  filled in-process in", f"{filled:.0f} s"))
    stop_watcher(library / ".papercli")
    stop_watcher(one / ".papercli")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfs", type=int, default=1000)
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="papercli-fulltext-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        rows = bench_extraction(work, args.pdfs) if args.pdfs else []
        rows += bench_search(work, args.papers, args.runs) if args.papers else []
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"CPUs: {os.cpu_count()}\n\n| measurement | result |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
