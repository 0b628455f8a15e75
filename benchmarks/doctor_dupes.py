"""Benchmark ``doctor``'s duplicate scan on a large library, each run a whole process.

Usage::

    python -m benchmarks.doctor_dupes                          # 100,000 papers, 3 runs
    python -m benchmarks.doctor_dupes --size 10000 --runs 5
    python -m benchmarks.doctor_dupes --baseline-src /path/to/older/papercli/src

Builds a library from ``run.py``'s made-up digest, then writes 1,000 more entry files: 500
pairs that are one paper twice (the same arXiv id in two forms, an arXiv DOI and its id, a
DOI in two cases, British and American titles with a guessed year, TeX and Unicode titles).
Times, with the watcher off and after one warm-up run that brings the index up to date:

- ``doctor``: the whole command, as a user runs it;
- ``doctor without the duplicate scan``: the same process with that one check taken out;
- ``doctor (baseline)``: when ``--baseline-src`` names another papercli's ``src`` folder
  (e.g. the main branch before the scan changed), its ``doctor`` on the same library.

Prints a Markdown table (median wall seconds, peak RSS) and how many duplicate groups
``doctor --json`` reported (expected: the 500 pairs).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.run import papercli, timed, write_digest
from papercli.model import Entry
from papercli.store.files import Library

PAIRS = 500
_WITHOUT_SCAN = (
    "import sys; from papercli.ops import doctor; "
    "doctor.CHECKS.remove(doctor.check_duplicate_papers); "
    "from papercli.cli import app; sys.argv = ['papercli', 'doctor']; app()"
)


def duplicate_pairs(count: int) -> list[Entry]:
    """``count`` pairs of entries, each pair one paper held twice (five kinds in turn)."""
    out = []
    for i in range(count):
        kind = i % 5
        base = f"Quokka {i} Study"
        if kind == 0:
            a = Entry(title=f"{base} one", arxiv_id=f"2401.{i:05d}", date="2024")
            b = Entry(title=f"{base} two", arxiv_id=f"arXiv:2401.{i:05d}v2", date="2024")
        elif kind == 1:
            a = Entry(title=f"{base} three", arxiv_id=f"2402.{i:05d}", date="2024")
            b = Entry(title=f"{base} four", doi=f"10.48550/arXiv.2402.{i:05d}", date="2024")
        elif kind == 2:
            a = Entry(title=f"{base} five", doi=f"10.1000/QK.{i}", date="2023")
            b = Entry(title=f"{base} six", doi=f"10.1000/qk.{i}", date="2023")
        elif kind == 3:
            a = Entry(title=f"Optimisation of Behaviour {i}", date="2026-01-02", date_inferred=True)
            b = Entry(title=f"Optimization of behavior {i}", date="2022", authors=["Ann Otter"])
        else:
            a = Entry(title=rf"$\mathcal{{O}}(n)$ {{B}}ayesian Caf\'e {i}", date="2021")
            b = Entry(title=f"𝒪(n) Bayesian Café {i}", date="2021")
        a.key, b.key = f"dupa{i}", f"dupb{i}"
        out += [a, b]
    return out


def build(work: Path, size: int) -> Path:
    """A library of ``size`` digest papers plus the duplicate pairs (reused when present)."""
    library = work / f"library-{size}"
    if (library / "entries" / f"dupb{PAIRS - 1}.yaml").exists():
        return library
    shutil.rmtree(library, ignore_errors=True)
    digest = work / f"digest-{size}.txt"
    if not digest.exists():
        write_digest(digest, size)
    env = {**os.environ, "PAPERCLI_LIBRARY": str(library), "PAPERCLI_WATCH": "0"}
    subprocess.run(papercli("import", str(digest)), env=env, check=True, capture_output=True)
    files = Library(library)
    for entry in duplicate_pairs(PAIRS):
        files.write(entry)
    return library


def median(runs: int, cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Median wall seconds and peak RSS of ``runs`` runs after one warm-up run."""
    timed(cmd, env)
    results = [timed(cmd, env) for _ in range(runs)]
    bad = [r for r in results if r[2] not in (0, 1)]
    if bad:
        raise SystemExit(f"{' '.join(cmd)} failed with status {bad[0][2]}")
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline-src", type=Path, help="another papercli's src folder")
    parser.add_argument("--work", type=Path, help="keep the library here (default: a temp dir)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="papercli-dupes-"))
    work.mkdir(parents=True, exist_ok=True)
    library = build(work, args.size)
    env = {**os.environ, "PAPERCLI_LIBRARY": str(library), "PAPERCLI_WATCH": "0", "NO_COLOR": "1"}
    env.pop("PYTHONPATH", None)
    rows = [("doctor", *median(args.runs, papercli("doctor"), env))]
    without = [sys.executable, "-c", _WITHOUT_SCAN]
    rows.append(("doctor without the duplicate scan", *median(args.runs, without, env)))
    if args.baseline_src:
        old = {**env, "PYTHONPATH": str(args.baseline_src.resolve())}
        baseline = [sys.executable, "-m", "papercli", "doctor"]
        rows.append(("doctor (baseline)", *median(args.runs, baseline, old)))
        timed(papercli("doctor"), env)  # the baseline may use another index schema
    report = subprocess.run(papercli("doctor", "--json"), env=env, capture_output=True, text=True)
    problems = json.loads(report.stdout)["problems"]
    groups = [p for p in problems if p["kind"] == "duplicate-paper"]
    print(f"{args.size + 2 * PAIRS} papers; median of {args.runs} runs after a warm-up\n")
    print("| command | wall s | peak RSS MB |\n|---|---|---|")
    for label, wall, rss in rows:
        print(f"| {label} | {wall:.2f} | {rss:.0f} |")
    print(f"\nduplicate groups reported: {len(groups)} (planted: {PAIRS})")


if __name__ == "__main__":
    main()
