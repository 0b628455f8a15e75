"""Imports killed part-way: every entry file is whole, and running the import again finishes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from papercli.store.files import Library

ABSTRACT = "An abstract long enough to be read as one, about a method and what it achieves."
COUNT = 600

# Runs papercli, sending itself SIGNAL right before the entry write number AFTER + 1 is
# renamed into place: its temp file is complete, the entry file does not exist yet.
KILL_MID_WRITE = """
import os, signal, sys
sig, after = getattr(signal, sys.argv[1]), int(sys.argv[2])
real_replace, seen = os.replace, []
def replace(src, dst, *args, **kwargs):
    if os.path.basename(os.path.dirname(os.fspath(dst))) == "entries":
        seen.append(dst)
        if len(seen) > after:
            os.kill(os.getpid(), sig)
    return real_replace(src, dst, *args, **kwargs)
os.replace = replace
sys.argv = ["papercli", *sys.argv[3:]]
from papercli.cli import main
main()
"""


def big_digest(tmp_path: Path, count: int = COUNT) -> Path:
    path = tmp_path / "big.txt"
    path.write_text(
        "".join(
            f"Crash Test Paper {i}\n\n{ABSTRACT}\n\n  • 2 authors\n·\nMar 4, 2024\n\n"
            for i in range(count)
        ),
        encoding="utf-8",
    )
    return path


def assert_every_entry_file_whole(library_path: Path) -> int:
    """Each entry file is complete YAML of a valid entry; returns how many there are."""
    files = sorted((library_path / "entries").glob("*.yaml"))
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["abstract"] == ABSTRACT, path
        assert data["extra"] == {}, path  # the last field: the file was not cut short
    loaded = Library(library_path).load()
    assert loaded.problems == []
    assert len(loaded.entries) == len(files)
    return len(files)


def rerun_completes(cli, digest: Path, library_path: Path, already: int, count: int) -> None:
    result = cli("import", str(digest))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == f"{count - already} added, 0 updated, {already} unchanged"
    assert assert_every_entry_file_whole(library_path) == count


@pytest.mark.parametrize(
    ("sig", "code"), [("SIGKILL", -signal.SIGKILL), ("SIGINT", 130)], ids=["kill", "int"]
)
def test_signal_mid_write_leaves_whole_files_and_rerun_completes(
    cli, library_path: Path, tmp_path: Path, sig: str, code: int
) -> None:
    digest = big_digest(tmp_path, 60)
    proc = subprocess.run(
        [sys.executable, "-c", KILL_MID_WRITE, sig, "7", "import", str(digest)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == code, proc.stderr
    assert assert_every_entry_file_whole(library_path) == 7
    temps = Library(library_path).temp_files()
    if sig == "SIGINT":
        assert proc.stderr.strip() == (
            "Error: interrupted; 7 of 60 papers were saved; run the same import again to "
            "complete it"
        )
        assert temps == []  # cleaned up on the way out
    else:
        # The rest of the batch: complete but unrenamed writes, which doctor --fix removes.
        assert temps
        doctor = cli("doctor", "--fix")
        assert doctor.exit_code == 0, doctor.stdout
        # Many temp files in one folder are removed (and reported) as one group.
        assert f"removed {len(temps)} leftover temp files from entries/" in doctor.stderr
        assert Library(library_path).temp_files() == []
    rerun_completes(cli, digest, library_path, 7, 60)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill", "int"])
def test_signal_from_outside_part_way_through(
    cli, library_path: Path, tmp_path: Path, sig: signal.Signals
) -> None:
    digest = big_digest(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "papercli", "import", str(digest)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    entries = library_path / "entries"
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if entries.is_dir() and any(p.suffix == ".yaml" for p in entries.iterdir()):
            break
        time.sleep(0.002)
    os.kill(proc.pid, sig) if proc.poll() is None else None
    proc.communicate(timeout=120)
    already = assert_every_entry_file_whole(library_path)
    print(f"killed after {already} of {COUNT} entries")
    cli("doctor", "--fix")
    rerun_completes(cli, digest, library_path, already, COUNT)
