"""``papercli export --aux ... --out refs.bib --watch``: a real process that keeps refs.bib in
step with the library and the document until Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from papercli.exporters import resolve_format
from papercli.ops.document_export import export_document, watch_document
from papercli.store import Store, WatchSettings
from tests.test_export_document import BIB

WAIT = 15.0  # generous: the machine is shared; the benchmark measures the real latency


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def text_of(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def test_watch_follows_library_and_document_until_ctrl_c(
    cli, library_path: Path, tmp_path: Path
) -> None:
    assert cli("import", "-", "--format", "bibtex", input=BIB).exit_code == 0
    (tmp_path / "main.aux").write_text(
        "\\relax\n\\citation{sketch2023sparse}\n\\@input{chap1.aux}\n", encoding="utf-8"
    )
    chap1 = tmp_path / "chap1.aux"
    chap1.write_text("\\relax\n\\citation{vane1999toy}\n", encoding="utf-8")
    out = tmp_path / "refs.bib"
    out.write_text("old\n", encoding="utf-8")
    command = [sys.executable, "-m", "papercli", "export", "--aux", str(tmp_path / "main.aux")]
    proc = subprocess.Popen(
        [*command, "--out", str(out), "--watch"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    try:
        wait_until(lambda: "@misc{vane1999toy," in text_of(out), "the first export")
        assert text_of(out).count("@") == 2

        # the library changes: a tag shows up as a keyword
        assert cli("tag", "vane1999toy", "--add", "fresh-tag").exit_code == 0
        wait_until(lambda: "fresh-tag" in text_of(out), "the tag")

        # an included .aux changes: its new citation is exported
        chap1.write_text("\\relax\n\\citation{vane1999toy,okafor2024tiny}\n", encoding="utf-8")
        wait_until(lambda: "@misc{okafor2024tiny," in text_of(out), "the new citation")

        # a broken document (LaTeX mid-run): refs.bib is kept as it was
        kept = text_of(out)
        chap1.write_text("", encoding="utf-8")
        time.sleep(1.0)
        assert text_of(out) == kept

        # back to a document whose export is the same text: refs.bib is not rewritten
        chap1.write_text("\\relax\n\\citation{vane1999toy,okafor2024tiny}\n", encoding="utf-8")
        stamp = os.stat(out).st_ino
        time.sleep(1.0)
        assert os.stat(out).st_ino == stamp and text_of(out) == kept

        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=WAIT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, stderr
    assert stdout == ""
    lines = stderr.strip().splitlines()
    assert lines[-1] == f"stopped watching; {out} rewritten 3 times", stderr
    assert any(
        line.startswith(f"Error: {chap1} (\\@input{{chap1.aux}} on line 3")
        and line.endswith(
            f"is not a LaTeX .aux file (no \\relax or \\citation lines); give "
            f"the .aux file LaTeX wrote; {out} left as it was, still watching"
        )
        for line in lines
    ), stderr
    assert "Traceback" not in stderr


def test_watch_rounds_write_only_what_changed(cli, library_path: Path, tmp_path: Path) -> None:
    """The loop itself, with a sleep that edits the document between polls."""
    assert cli("import", "-", "--format", "bibtex", input=BIB).exit_code == 0
    main = tmp_path / "main.tex"
    main.write_text("\\cite{vane1999toy} \\cite{nobody2020}", encoding="utf-8")
    out = tmp_path / "refs.bib"
    store = Store(library_path, WatchSettings(enabled=False))
    fmt = resolve_format("bibtex")
    edits = iter(
        [
            lambda: None,  # nothing changed: no round
            lambda: main.write_text("\\cite{vane1999toy} \\cite{okafor2024tiny}", encoding="utf-8"),
            lambda: None,
            out.unlink,  # deleted by hand: written again
        ]
    )

    def sleep(_: float) -> None:
        next(edits)()

    rounds = watch_document(lambda: export_document(store, main, False, fmt), out, [main], 0, sleep)
    first = next(rounds)
    assert (first.kind, first.papers) == ("wrote", 1)
    assert "'nobody2020'" in first.messages[-1]  # the missing key, reported each round
    second = next(rounds)
    assert (second.kind, second.papers, second.messages) == ("wrote", 2, ())
    assert text_of(out).count("@misc{") == 2
    third = next(rounds)
    assert (third.kind, third.papers) == ("wrote", 2)
    assert text_of(out).count("@misc{") == 2
