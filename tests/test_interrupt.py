"""Ctrl-C at any moment of a large import: one line, nothing lost, no temp file left.

A terminal sends SIGINT to the whole process group (the parent and its worker
processes), so the test does the same.
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


@pytest.mark.parametrize("delay", [0.6, 1.5, 3.0])
def test_ctrl_c_to_the_process_group(big_digest: Path, tmp_path: Path, delay: float) -> None:
    library = tmp_path / "lib"
    env = {**os.environ, "PAPERCLI_LIBRARY": str(library), "PAPERCLI_WATCH": "0"}
    process = subprocess.Popen(
        [sys.executable, "-m", "papercli", "import", str(big_digest), "--as-of", "2025-11-20"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own group, as a terminal's foreground job
    )
    time.sleep(delay)
    os.killpg(process.pid, signal.SIGINT)
    try:
        _, err = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("the import hung after Ctrl-C")
    lines = err.decode().strip().splitlines()
    assert process.returncode == 130, err.decode()
    assert lines == ["Error: interrupted"], err.decode()
    store = Library(library)
    assert store.temp_files() == []
    loaded = store.load()
    assert loaded.problems == []  # every file that landed is a whole, valid entry
    listed = subprocess.run(
        [sys.executable, "-m", "papercli", "list", "--json"], env=env, capture_output=True
    )
    assert listed.returncode in (0, 1)
    assert listed.stdout.count(b'"key"') == len(loaded.entries)
