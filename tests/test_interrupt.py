"""Ctrl-C at any moment of a large import: one line, nothing lost, no temp file left.

A terminal sends SIGINT to the whole process group (the parent and its worker
processes), so the test does the same. Besides fixed delays, it strikes while the worker
processes are being forked and running (the moment that once left a worker dead before it
ignored SIGINT, a hung pool, or a ``Pool.__del__`` traceback at exit).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.run import write_digest
from papercli.store.files import Library


@pytest.fixture(scope="module")
def big_digest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("digest") / "digest-8000.txt"
    write_digest(path, 8000)
    return path


def _children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


def _wait_for_workers(process: subprocess.Popen[bytes], limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while not _children(process.pid) and process.poll() is None:
        if time.monotonic() > deadline:
            pytest.fail("no worker process appeared")
        time.sleep(0.002)


@pytest.mark.parametrize("moment", ["0.6", "1.5", "3.0", "workers+0", "workers+0.4"])
def test_ctrl_c_to_the_process_group(big_digest: Path, tmp_path: Path, moment: str) -> None:
    library = tmp_path / "lib"
    env = {**os.environ, "PAPERCLI_LIBRARY": str(library), "PAPERCLI_WATCH": "0"}
    command = [sys.executable, "-m", "papercli", "import", str(big_digest), "--as-of", "2025-11-20"]
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own group, as a terminal's foreground job
    )
    if moment.startswith("workers+"):
        _wait_for_workers(process)
        time.sleep(float(moment.split("+")[1]))
    else:
        time.sleep(float(moment))
    os.killpg(process.pid, signal.SIGINT)
    try:
        _, err = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("the import hung after Ctrl-C")
    lines = err.decode().strip().splitlines()
    assert process.returncode == 130, err.decode()
    assert len(lines) == 1 and lines[0].startswith("Error: interrupted"), err.decode()
    store = Library(library)
    assert store.temp_files() == []
    loaded = store.load()
    assert loaded.problems == []  # every file that landed is a whole, valid entry
    if "saved" in lines[0]:  # Ctrl-C during the writes: how many landed, and what to do
        saved = len(loaded.entries)
        assert f"{saved} of 8000 papers were saved" in lines[0] or (
            saved == 0 and "none of the 8000 papers was saved" in lines[0]
        )
        assert "again" in lines[0]
    listed = subprocess.run(
        [sys.executable, "-m", "papercli", "list", "--json"], env=env, capture_output=True
    )
    assert listed.returncode in (0, 1)
    assert listed.stdout.count(b'"key"') == len(loaded.entries)


def test_running_an_interrupted_import_again_completes_it(big_digest: Path, tmp_path: Path) -> None:
    library = tmp_path / "lib"
    env = {**os.environ, "PAPERCLI_LIBRARY": str(library), "PAPERCLI_WATCH": "0"}
    command = [sys.executable, "-m", "papercli", "import", str(big_digest), "--as-of", "2025-11-20"]
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, start_new_session=True)
    _wait_for_workers(process)
    while not (library / "entries").exists() or not any((library / "entries").iterdir()):
        if process.poll() is not None:
            break
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode in (0, 130), err.decode()
    again = subprocess.run(command, env=env, capture_output=True, timeout=300)
    assert again.returncode == 0, again.stderr.decode()
    assert len(Library(library).load().entries) == 8000
