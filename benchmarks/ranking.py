"""Benchmark the ranked inbox, ``related`` and ``pull`` at 100,000 papers, as whole processes.

Usage::

    python benchmarks/ranking.py                    # 100,000 papers, 2,000 decisions, 5 runs
    python benchmarks/ranking.py --size 10000 --decisions 500 --runs 3

Builds the library with ``benchmarks/run.py``'s digest generator, marks ``--decisions``
papers (half ``read``, half ``skipped``), then times:

- ``inbox --limit 50`` right after a decision (the model is rebuilt) and with an
  up-to-date model, against the floor (``show`` on a one-paper library);
- ``related KEY``;
- ``pull hf --date D`` of a 500-paper day from a Hugging Face API on 127.0.0.1, into this
  library and into an empty one (a new day each run, so every run adds 500 papers).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import floor, median_of, papercli, pseudo_words, timed, write_digest

from papercli.store.watch_client import stop_watcher

DAY_PAPERS = 500


def day_json(day: str, papers: int = DAY_PAPERS) -> bytes:
    """A Hugging Face daily list of ``papers`` made-up papers, ids unique to ``day``."""
    rng = random.Random(day)
    vocab = pseudo_words(rng, 3000)
    stamp = day.replace("-", "")[2:6]
    items = []
    for n in range(papers):
        arxiv_id = f"{stamp}.{int(day[-2:]) * 1000 + n:05d}"
        title = " ".join(rng.choice(vocab) for _ in range(9)).capitalize()
        paper = {
            "id": arxiv_id,
            "authors": [{"_id": "x", "name": f"Author{rng.randrange(999)} Surname"}],
            "publishedAt": f"{day}T00:00:00.000Z",
            "submittedOnDailyAt": f"{day}T00:00:00.000Z",
            "title": title,
            "summary": " ".join(rng.choice(vocab) for _ in range(180)),
            "upvotes": rng.randrange(50),
        }
        items.append({"paper": paper, "publishedAt": f"{day}T20:00:00.000Z", "title": title})
    return json.dumps(items).encode("utf-8")


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        day = parse_qs(urlsplit(self.path).query).get("date", ["2026-01-01"])[0]
        body = day_json(day)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def build(size: int, decisions: int, work: Path, env: dict[str, str]) -> list[str]:
    """The library of ``size`` papers with ``decisions`` marked; its keys, sorted."""
    library = Path(env["PAPERCLI_LIBRARY"])
    digest = work / f"digest-{size}.txt"
    if not digest.exists():
        write_digest(digest, size)
    if not (library / "entries").is_dir():
        wall, _, status = timed(papercli("import", str(digest)), env)
        if status:
            raise SystemExit(f"import of {size} papers failed ({status})")
        print(f"import of {size:,} papers: {wall:.1f} s", file=sys.stderr)
    keys = sorted(p.stem for p in (library / "entries").glob("*.yaml"))
    rng = random.Random(3)
    chosen = rng.sample(keys, decisions)
    half = decisions // 2
    for status, part in (("read", chosen[:half]), ("skipped", chosen[half:])):
        for start in range(0, len(part), 500):
            timed(papercli("mark", *part[start : start + 500], status), env)
    return keys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--decisions", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=None, help="folder for digests, libraries")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="papercli-rank-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    base = floor(args.runs, work)[0]
    library = work / f"ranked-{args.size}"
    env = {**os.environ, "PAPERCLI_LIBRARY": str(library), "NO_COLOR": "1", "COLUMNS": "120"}
    keys = build(args.size, args.decisions, work, env)
    rows: list[tuple[str, float]] = [("floor: show on a one-paper library", base)]

    rebuilds = []
    for run in range(min(args.runs, 3)):
        timed(papercli("mark", keys[run], "read"), env)  # a decision: the model is stale
        rebuilds.append(timed(papercli("inbox", "--limit", "50"), env)[0])
    rows.append(("inbox --limit 50, model rebuilt after a decision", statistics.median(rebuilds)))
    rows.append(
        (
            "inbox --limit 50, model up to date",
            median_of(args.runs, papercli("inbox", "-n", "50"), env)[0],
        )
    )
    rows.append(
        ("related KEY", median_of(args.runs, papercli("related", keys[len(keys) // 2]), env)[0])
    )

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    hf = f"http://127.0.0.1:{server.server_address[1]}"
    into_full, into_empty = [], []
    for run in range(args.runs):
        day = f"2026-03-{run + 1:02d}"
        pull = papercli("pull", "hf", "--date", day)
        into_full.append(timed(pull, {**env, "PAPERCLI_HF_API": hf})[0])
        empty = work / f"empty-{run}"
        shutil.rmtree(empty, ignore_errors=True)
        fresh = {**env, "PAPERCLI_HF_API": hf, "PAPERCLI_LIBRARY": str(empty)}
        into_empty.append(
            timed(papercli("pull", "hf", "--date", f"2026-04-{run + 1:02d}"), fresh)[0]
        )
        stop_watcher(empty / ".papercli")
    server.shutdown()
    rows.append((f"pull a {DAY_PAPERS}-paper day into this library", statistics.median(into_full)))
    rows.append(
        (f"pull a {DAY_PAPERS}-paper day into an empty library", statistics.median(into_empty))
    )
    stop_watcher(library / ".papercli")

    print(f"{args.size:,} papers, {args.decisions:,} decisions; median of {args.runs} runs\n")
    print("| measurement | wall s | × floor |")
    print("|---|---|---|")
    for name, wall in rows:
        print(f"| {name} | {wall:.3f} | {wall / base:.2f} |")


if __name__ == "__main__":
    main()
