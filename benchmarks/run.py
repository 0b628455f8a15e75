"""Benchmark papercli at 1,000 / 10,000 / 100,000 papers, each command as a whole process.

Usage::

    python benchmarks/run.py                       # all three sizes, 5 runs each
    python benchmarks/run.py --sizes 1000 --runs 3

Generates Daily Papers digests of made-up papers (titles of 6-14 words, abstracts of
150-250 words), imports each into an empty library, then times every command with wall
seconds and peak RSS (median of the runs) and prints a Markdown table.

The papers mix a vocabulary of 20,000 made-up words with the topic words the queries use;
``--topic-rate`` (default 0.4) is the share of topic words, so that most papers hold the
words of a common query ("reinforcement learning reward" matches most of the library, as in
a real one about machine learning). ``--reuse`` keeps a library built by an earlier run in
the same ``--work`` folder (building 100,000 papers takes minutes).

The floor is ``show`` on a one-paper library; it and ``--version`` are also timed paired
with the same interpreter's ``python -c pass`` (in turns, ratio pair by pair).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from papercli.store.watch_client import stop_watcher

TOPIC_WORDS = (
    "convergence gradient descent diffusion model transformer attention optimizer adam "
    "reinforcement learning reward policy agent language large sparse mixture experts "
    "kernel bayesian inference variational stochastic federated privacy robust adversarial "
    "graph neural network contrastive representation scaling laws emergence grokking "
    "matrix sensing overparameterization linear quadratic control token sampling "
    "benchmark evaluation alignment preference feedback human retrieval augmented "
    "generation vision encoder decoder multimodal video speech audio protein molecule"
).split()
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
QUERIES = (
    "gradient descent convergence",
    "diffusion model",
    "reinforcement learning reward",
    "convergance",  # typo
    "difusion modle",  # typos
)
EXPORT_FORMATS = ("bibtex", "biblatex", "csl-json", "ris", "yaml", "markdown")


def pseudo_words(rng: random.Random, count: int) -> list[str]:
    """A vocabulary of pronounceable made-up words."""
    syllables = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"]
    words: set[str] = set()
    while len(words) < count:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def paper(rng: random.Random, vocab: list[str], i: int, topic_rate: float = 0.4) -> str:
    """One paper in the Daily Papers text layout."""

    def words(n: int) -> list[str]:
        return [
            rng.choice(TOPIC_WORDS) if rng.random() < topic_rate else rng.choice(vocab)
            for _ in range(n)
        ]

    title = " ".join(words(rng.randint(6, 14))).capitalize() + f" {i}"
    abstract = " ".join(words(rng.randint(150, 250))).capitalize() + "."
    date = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2015, 2025)}"
    upvotes = f" {rng.randint(1, 40)}" if rng.random() < 0.3 else ""
    return f"{title}\n\n{abstract}\n\n  • {rng.randint(1, 20)} authors\n·\n{date}{upvotes}\n\n"


TOPIC_RATE = 0.4


def write_digest(path: Path, size: int, seed: int = 7) -> None:
    """Write a digest of ``size`` made-up papers to ``path``."""
    rng = random.Random(seed)
    vocab = pseudo_words(rng, 20_000)
    with path.open("w", encoding="utf-8") as out:
        out.write("new\n\nDaily Papers\n\nbyAK and the research community\n\nNov 11\n\n")
        for i in range(size):
            out.write(paper(rng, vocab, i, TOPIC_RATE))


def timed(
    cmd: list[str], env: dict[str, str], stdout_path: Path | None = None
) -> tuple[float, float, int]:
    """Run ``cmd``; return (wall seconds, peak RSS in MB, exit status).

    Bytecode caching is left on (as in an installed papercli) even when the shell that
    runs the benchmark turned it off.
    """
    env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out = stdout_path.open("wb") if stdout_path else subprocess.DEVNULL
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if stdout_path:
        out.close()  # type: ignore[union-attr]
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def papercli(*args: str) -> list[str]:
    """The command line for a papercli subprocess."""
    exe = shutil.which("papercli", path=str(Path(sys.executable).parent))
    return [exe, *args] if exe else [sys.executable, "-m", "papercli", *args]


def export(args: list[str]) -> list[str]:
    """The command line for exporting the whole library."""
    return papercli("export", *args)


def median_of(
    runs: int, cmd: list[str], env: dict[str, str], sink: Path | None = None
) -> tuple[float, float]:
    results = [timed(cmd, env, sink) for _ in range(runs)]
    failures = [r for r in results if r[2] not in (0, 1)]
    if failures:
        raise SystemExit(f"command failed: {' '.join(cmd)} (status {failures[0][2]})")
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def small_digests(work: Path, runs: int) -> list[Path]:
    """``runs`` digests of 50 new papers each (different seeds: every run adds new papers)."""
    paths = []
    for run in range(runs):
        path = work / f"digest-50-{run}.txt"
        if not path.exists():
            write_digest(path, 50, seed=1000 + run)
            text = path.read_text(encoding="utf-8").replace(" authors\n", f" authors r{run}\n")
            path.write_text(text.replace("\n\n", f" x{run}\n\n", 1), encoding="utf-8")
        paths.append(path)
    return paths


def import_each(paths: list[Path], env_for) -> tuple[float, float]:
    """Median wall and peak RSS of importing each digest (``env_for(i)`` gives its env)."""
    results = [timed(papercli("import", str(p)), env_for(i)) for i, p in enumerate(paths)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def floor(runs: int, work: Path) -> tuple[float, float]:
    """``show`` on a one-paper library: interpreter start-up plus one read."""
    library = work / "library-1"
    shutil.rmtree(library, ignore_errors=True)
    digest = work / "digest-1.txt"
    write_digest(digest, 1)
    env = {**os.environ, "PAPERCLI_LIBRARY": str(library), "NO_COLOR": "1"}
    timed(papercli("import", str(digest)), env)
    key = next((library / "entries").glob("*.yaml")).stem
    median_of(1, papercli("show", key), env)  # warms the caches
    global FLOOR
    FLOOR = (papercli("show", key), env)
    return median_of(runs, papercli("show", key), env)


def paired(
    runs: int,
    cmd: list[str],
    base: list[str],
    env: dict[str, str],
    base_env: dict[str, str] | None = None,
) -> tuple[float, float]:
    """(median wall of ``cmd``, median of the ratios cmd/base), run in turns A B A B ..."""
    base_env = base_env or env
    timed(cmd, env), timed(base, base_env)  # warm-up
    pairs = [(timed(cmd, env)[0], timed(base, base_env)[0]) for _ in range(runs)]
    return statistics.median(a for a, _ in pairs), statistics.median(a / b for a, b in pairs)


# The floor command and its env (set by ``floor``), and each read's ratio to it, measured
# in turns with it (a shared machine drifts; pairs keep the ratio honest): row -> size -> x.
FLOOR: tuple[list[str], dict[str, str]] | None = None
RATIOS: dict[str, dict[int, float]] = {}


def read_row(
    label: str, size: int, runs: int, cmd: list[str], env: dict[str, str]
) -> tuple[str, float, float]:
    """A read command's row: its median wall and peak RSS; its ratio to the floor, paired."""
    wall, rss = median_of(runs, cmd, env)
    if FLOOR is not None:
        RATIOS.setdefault(label, {})[size] = paired(runs, cmd, FLOOR[0], env, FLOOR[1])[1]
    return label, wall, rss


def start_up(runs: int, work: Path) -> list[tuple[str, float, float]]:
    """``show`` on a one-paper library and ``--version``, each paired with ``python -c pass``
    of the same interpreter: (label, wall, ratio)."""
    library = work / "library-1"
    env = {**os.environ, "PAPERCLI_LIBRARY": str(library), "NO_COLOR": "1"}
    key = next((library / "entries").glob("*.yaml")).stem
    interpreter = [sys.executable, "-c", "pass"]
    alone = statistics.median(timed(interpreter, env)[0] for _ in range(runs))
    rows = [("python -c pass", alone, 1.0)]
    for label, cmd in (
        ("show KEY, one-paper library", papercli("show", key)),
        ("--version", papercli("--version")),
    ):
        rows.append((label, *paired(runs, cmd, interpreter, env)))
    return rows


def build_library(size: int, work: Path, reuse: bool) -> tuple[Path, tuple[float, float] | None]:
    """The library of ``size`` papers, and (wall, RSS) of importing it (None: reused)."""
    digest = work / f"digest-{size}-topics{TOPIC_RATE:g}.txt"
    if not digest.exists():
        write_digest(digest, size)
    library = work / f"library-{size}-topics{TOPIC_RATE:g}"
    entries = library / "entries"
    if reuse and entries.is_dir() and sum(1 for _ in os.scandir(entries)) >= size:
        return library, None
    shutil.rmtree(library, ignore_errors=True)
    env = {**os.environ, "PAPERCLI_LIBRARY": str(library)}
    wall, rss, status = timed(papercli("import", str(digest)), env)
    if status != 0:
        raise SystemExit(f"import of {size} papers failed with status {status}")
    return library, (wall, rss)


def bench_size(
    size: int, runs: int, work: Path, reuse: bool, rebuild: bool = True
) -> list[tuple[str, float, float]]:
    """Every measurement for one library size."""
    library, built = build_library(size, work, reuse)
    env = {**os.environ, "PAPERCLI_LIBRARY": str(library), "NO_COLOR": "1", "COLUMNS": "120"}
    env["PAPERCLI_WATCH"] = "auto"
    cold = {**env, "PAPERCLI_WATCH": "0"}
    rows: list[tuple[str, float, float]] = []
    if built is not None:
        rows.append(("import (empty library)", *built))
    key = sorted(p.stem for p in (library / "entries").glob("*.yaml"))[size // 2]
    sink = work / "stdout.txt"
    median_of(1, papercli("list", "--limit", "1"), env)  # starts the watcher (from 5,000 papers)
    for label, e in (("", env), (" (no watcher)", cold)):
        rows.append(
            read_row(f"list --limit 50{label}", size, runs, papercli("list", "-n", "50"), e)
        )
        rows.append(
            read_row(f"inbox --limit 50{label}", size, runs, papercli("inbox", "-n", "50"), e)
        )
        for query in QUERIES:
            rows.append(
                read_row(f"search '{query}'{label}", size, runs, papercli("search", query), e)
            )
        rows.append(read_row(f"show KEY{label}", size, runs, papercli("show", key), e))
        rows.append(
            read_row(f"tag KEY --add bench{label}", size, runs, papercli("tag", key, "-a", "b"), e)
        )
    rows.append(("list --limit 50, watcher cannot start (10 reads)", *cannot_start(library, env)))
    smalls = small_digests(work, runs)
    rows.append(("import 50 papers into this library", *import_each(smalls, lambda i: env)))

    def empty_env(i: int) -> dict[str, str]:
        target = work / f"library-empty-{i}"
        shutil.rmtree(target, ignore_errors=True)
        return {**env, "PAPERCLI_LIBRARY": str(target)}

    rows.append(("import 50 papers into an empty library", *import_each(smalls, empty_env)))
    rows.append(("list (all, piped)", *median_of(runs, papercli("list"), env, sink)))
    rows.append(("export --bibtex (all)", *median_of(runs, export(["--bibtex"]), env, sink)))
    rows.append(("doctor", *median_of(runs, papercli("doctor"), env)))
    if not rebuild:
        stop_watcher(library / ".papercli")
        return rows
    index = library / ".papercli"
    rebuilds = []
    for _ in range(min(runs, 3)):
        for child in index.glob("index*"):
            child.unlink()
        rebuilds.append(timed(papercli("list", "--limit", "1"), cold))
    rows.append(
        (
            "first command, index deleted",
            statistics.median(r[0] for r in rebuilds),
            max(r[1] for r in rebuilds),
        )
    )
    stop_watcher(library / ".papercli")  # the library stays for the pubs comparison
    return rows


def cannot_start(library: Path, env: dict[str, str]) -> tuple[float, float]:
    """10 reads while the watcher cannot create its socket (a folder sits where it goes):
    the first records the failure, the others must cost what the stat check costs."""
    hidden = library / ".papercli"
    stop_watcher(hidden)
    blocker = hidden / "watch.sock"
    blocker.mkdir()
    try:
        forced = {**env, "PAPERCLI_WATCH": "1"}
        return median_of(10, papercli("list", "-n", "50"), forced)
    finally:
        blocker.rmdir()
        (hidden / "state" / "watch.json").unlink(missing_ok=True)
        median_of(1, papercli("list", "--limit", "1"), env)  # the watcher again


def bench_pubs(pubs_venv: Path, size: int, runs: int, work: Path) -> list[tuple[str, float, float]]:
    """The same papers in pubs 0.9.0 (its own venv), and papercli side by side, in turns."""
    library = work / f"library-{size}"
    env = {**os.environ, "PAPERCLI_LIBRARY": str(library), "NO_COLOR": "1"}
    bib = work / f"papers-{size}.bib"
    with bib.open("w", encoding="utf-8") as out:
        subprocess.run(papercli("export", "--bibtex"), env=env, stdout=out, check=True)
    pubs = str(pubs_venv / "bin" / "pubs")
    config = work / "pubsrc"
    repo = work / f"pubs-{size}"
    shutil.rmtree(repo, ignore_errors=True)
    config.unlink(missing_ok=True)
    run = {**os.environ, "HOME": str(work)}
    subprocess.run(
        [pubs, "-c", str(config), "init", "-p", str(repo)], env=run, check=True, capture_output=True
    )
    wall, rss, _ = timed([pubs, "-c", str(config), "import", str(bib)], run)
    rows = [("pubs: import the same papers (.bib)", wall, rss)]
    key = sorted(p.stem for p in (library / "entries").glob("*.yaml"))[size // 2]
    pairs = [
        ("list (all, piped)", papercli("list"), [pubs, "-c", str(config), "list"]),
        (
            "search 'diffusion'",
            papercli("search", "diffusion"),
            [pubs, "-c", str(config), "list", "title:diffusion"],
        ),
        (
            "tag KEY",
            papercli("tag", key, "--add", "b2"),
            [pubs, "-c", str(config), "tag", key, "b2"],
        ),
    ]
    sink = work / "stdout.txt"
    for name, ours, theirs in pairs:
        rows.append((f"papercli {name}", *median_of(runs, ours, env, sink)))
        rows.append((f"pubs {name}", *median_of(runs, theirs, run, sink)))
    return rows


def machine() -> str:
    """A one-line description of this machine."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    global TOPIC_RATE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=None, help="folder for digests and libraries")
    parser.add_argument(
        "--pubs", type=Path, default=None, help="a venv with pubs==0.9.0 (compared at 10,000)"
    )
    parser.add_argument("--reuse", action="store_true", help="keep libraries built before")
    parser.add_argument(
        "--no-rebuild", action="store_true", help="skip timing a rebuild of the index"
    )
    parser.add_argument("--topic-rate", type=float, default=TOPIC_RATE, help="share of topic words")
    args = parser.parse_args()
    TOPIC_RATE = args.topic_rate
    sizes = [int(s) for s in args.sizes.split(",")]
    work = args.work or Path(tempfile.mkdtemp(prefix="papercli-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    table: dict[str, dict[int, tuple[float, float]]] = {}
    base = floor(args.runs, work)
    print(f"floor: show on a one-paper library {base[0]:.3f} s / {base[1]:.0f} MB\n")
    print("| start-up, paired with `python -c pass` | wall | ratio |\n|---|---|---|")
    for label, wall, ratio in start_up(args.runs, work):
        print(f"| {label} | {wall:.3f} s | {ratio:.1f}x |")
    print()
    for size in sizes:
        print(f"benchmarking {size} papers in {work} ...", file=sys.stderr)
        for name, wall, rss in bench_size(size, args.runs, work, args.reuse, not args.no_rebuild):
            table.setdefault(name, {})[size] = (wall, rss)
        if args.pubs and size == 10_000:
            for name, wall, rss in bench_pubs(args.pubs, size, args.runs, work):
                table.setdefault(name, {})[size] = (wall, rss)
    when = f"Measured {dt.date.today()} on {machine()}"
    print(f"{when}; median of {args.runs} runs, wall s / peak RSS MB.\n")
    print("| command | " + " | ".join(f"{s:,} papers" for s in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    for name, cells in table.items():
        values = [
            f"{cells[s][0]:.2f} s / {cells[s][1]:.0f} MB" if s in cells else "" for s in sizes
        ]
        last = sizes[-1]
        ratio = ""
        if last in RATIOS.get(name, {}):
            ratio = f" {RATIOS[name][last]:.1f}x floor (paired)"
        elif last in cells:
            ratio = f" {cells[last][0] / base[0]:.1f}x floor"
        print(f"| {name} | " + " | ".join(values) + f" |{ratio}")


if __name__ == "__main__":
    main()
