"""Benchmark ``export --aux`` and ``export --watch``, each command as a whole process.

Usage::

    python -m benchmarks.export_aux                 # 1,000 papers, 200 cited, 5 runs
    python -m benchmarks.export_aux --size 1000 --cited 200 --runs 5

Builds a library of made-up papers (the digests of ``benchmarks/run.py``) and a LaTeX
document whose .aux files (a main one and four ``\\@input`` chapters, as ``\\include``
writes them) cite ``--cited`` of them, then measures (median of the runs):

- ``export --aux main.aux`` against ``show KEY`` on a one-paper library (the floor of any
  command: interpreter start-up and one read); target at most 2x the floor;
- how long after a ``papercli tag`` of a cited paper ends ``export --watch`` has rewritten
  the .bib with the new tag; target at most 1 s.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.run import floor, machine, median_of, papercli, timed, write_digest
from papercli.store.watch_client import stop_watcher

CHAPTERS = 4


def build_library(work: Path, size: int) -> tuple[dict[str, str], list[str]]:
    """A library of ``size`` papers in ``work``; its environment and its keys, sorted."""
    library = work / f"library-{size}"
    env = {**os.environ, "PAPERCLI_LIBRARY": str(library), "NO_COLOR": "1"}
    if not (library / "entries").is_dir():
        digest = work / f"digest-{size}.txt"
        write_digest(digest, size)
        _, _, status = timed(papercli("import", str(digest)), env)
        if status != 0:
            raise SystemExit(f"import of {size} papers failed with status {status}")
    keys = sorted(p.stem for p in (library / "entries").glob("*.yaml"))
    return env, keys


def write_document(folder: Path, keys: list[str]) -> Path:
    """main.aux plus chapter .aux files citing ``keys``, as pdflatex writes them."""
    folder.mkdir(parents=True, exist_ok=True)
    share = -(-len(keys) // (CHAPTERS + 1))
    parts = [keys[i : i + share] for i in range(0, len(keys), share)]
    main = ["\\relax"] + [f"\\citation{{{k}}}" for k in parts[0]]
    for n, part in enumerate(parts[1:], start=1):
        main.append(f"\\@input{{chap{n}.aux}}")
        lines = ["\\relax"] + [f"\\citation{{{k}}}" for k in part]
        (folder / f"chap{n}.aux").write_text("\n".join(lines) + "\n", encoding="utf-8")
    main += ["\\bibstyle{plainnat}", "\\bibdata{refs}"]
    (folder / "main.aux").write_text("\n".join(main) + "\n", encoding="utf-8")
    return folder / "main.aux"


def watch_latency(env: dict[str, str], aux: Path, key: str, runs: int) -> list[float]:
    """Seconds from the end of each ``tag`` of ``key`` to the rewritten .bib holding it."""
    out = aux.parent / "refs.bib"
    out.unlink(missing_ok=True)
    command = papercli("export", "--aux", str(aux), "--out", str(out), "--watch")
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    latencies = []
    try:
        _wait_for(lambda: out.exists(), 30)
        for run in range(runs):
            tag = f"bench-watch-{run}-{time.time_ns()}"
            done = subprocess.run(papercli("tag", key, "--add", tag), env=env, capture_output=True)
            if done.returncode != 0:
                raise SystemExit(f"tag failed: {done.stderr.decode()}")
            start = time.perf_counter()
            _wait_for(lambda tag=tag: tag in out.read_text(encoding="utf-8"), 10)
            latencies.append(time.perf_counter() - start)
            time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return latencies


def _wait_for(condition, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit("timed out waiting for the watched export")
        time.sleep(0.005)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--cited", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=None, help="folder for the library")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="papercli-bench-aux-"))
    work.mkdir(parents=True, exist_ok=True)
    env, keys = build_library(work, args.size)
    step = max(1, len(keys) // args.cited)
    cited = keys[::step][: args.cited]
    aux = write_document(work / "paper", cited)
    base = floor(args.runs, work)
    sink = work / "stdout.txt"
    median_of(1, papercli("show", cited[0]), env)  # starts the library's watcher
    export = median_of(args.runs, papercli("export", "--aux", str(aux)), env, sink)
    written = sink.read_text(encoding="utf-8").count("\n@")
    if written + 1 != len(cited):
        raise SystemExit(f"export --aux wrote {written + 1} entries, not {len(cited)}")
    latencies = watch_latency(env, aux, cited[len(cited) // 2], args.runs)
    for library in (work / "library-1", Path(env["PAPERCLI_LIBRARY"])):
        stop_watcher(library / ".papercli")  # the file watchers these runs started
    print(f"Measured on {machine()}; median of {args.runs} runs, whole processes.\n")
    print("| measurement | figure | target |")
    print("|---|---|---|")
    print(f"| show KEY, one-paper library (floor) | {base[0]:.3f} s / {base[1]:.0f} MB | |")
    print(
        f"| export --aux ({len(cited)} of {args.size:,} papers cited, {CHAPTERS + 1} .aux files)"
        f" | {export[0]:.3f} s / {export[1]:.0f} MB ({export[0] / base[0]:.2f}x floor) | <= 2x |"
    )
    print(
        f"| --watch rewrite after tag ends | {statistics.median(latencies):.3f} s"
        f" (max {max(latencies):.3f} s) | <= 1 s |"
    )


if __name__ == "__main__":
    sys.exit(main())
