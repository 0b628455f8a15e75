"""Real parallel processes: the writer lock loses no paper and names itself when it blocks."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from papercli.store.files import Library
from tests.conftest import snapshot

ABSTRACT = "An abstract long enough to be read as one, about a method and what it achieves."


def digest(prefix: str, count: int) -> str:
    return "".join(
        f"{prefix} Paper Number {i}\n\n{ABSTRACT}\n\n  • 2 authors\n·\nMar 4, 2024\n\n"
        for i in range(count)
    )


def papercli(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "papercli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def test_four_parallel_imports_keep_every_paper_once(
    cli, library_path: Path, tmp_path: Path
) -> None:
    prefixes = ["Alpha", "Bravo", "Charlie", "Delta"]
    files = []
    for prefix in prefixes:
        path = tmp_path / f"{prefix}.txt"
        path.write_text(digest(prefix, 40), encoding="utf-8")
        files.append(path)
    procs = [papercli("import", str(f), env={"PAPERCLI_LOCK_TIMEOUT": "120"}) for f in files]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert out == ""
        assert err.strip() == "40 added, 0 updated, 0 unchanged"
    listed = json.loads(cli("list", "--json").stdout)
    titles = [e["title"] for e in listed]
    expected = {f"{p} Paper Number {i}" for p in prefixes for i in range(40)}
    assert len(titles) == len(expected) == 160
    assert set(titles) == expected
    assert len({e["key"] for e in listed}) == 160
    assert Library(library_path).temp_files() == []
    assert [p.name for p in (library_path / "entries").iterdir() if p.name.startswith(".")] == []


HOLDER = """
import sys, time
from pathlib import Path
from papercli.store.files import Library
with Library(Path(sys.argv[1])).lock():
    print("locked", flush=True)
    time.sleep(300)
"""


def hold_lock(library_path: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(library_path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_lock_held_by_another_process_times_out_naming_the_lock(
    cli, filled_library: Path, tmp_path: Path, monkeypatch
) -> None:
    new = tmp_path / "new.txt"
    new.write_text(digest("Echo", 2), encoding="utf-8")
    holder = hold_lock(filled_library)
    try:
        before = snapshot(filled_library)
        monkeypatch.setenv("PAPERCLI_LOCK_TIMEOUT", "0.3")
        result = cli("import", str(new))
        assert result.exit_code == 3
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1
        assert lines[0].startswith("Error: library is locked by another papercli process")
        assert str(filled_library / ".papercli" / "lock") in lines[0]
        assert f"pid {holder.pid}" in lines[0]
        assert snapshot(filled_library) == before
    finally:
        holder.kill()
        holder.wait(timeout=30)


def test_lock_of_a_killed_process_is_gone(
    cli, filled_library: Path, tmp_path: Path, monkeypatch
) -> None:
    new = tmp_path / "new.txt"
    new.write_text(digest("Foxtrot", 3), encoding="utf-8")
    holder = hold_lock(filled_library)
    holder.send_signal(signal.SIGKILL)
    assert holder.wait(timeout=30) == -signal.SIGKILL
    assert (filled_library / ".papercli" / "lock").exists()  # the file stays, the lock does not
    monkeypatch.setenv("PAPERCLI_LOCK_TIMEOUT", "0")
    result = cli("import", str(new))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == "3 added, 0 updated, 0 unchanged"
