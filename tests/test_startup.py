"""Start-up stays light: heavy modules load only in the commands that need them."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import SAMPLE_AS_OF, SAMPLE_DIGEST

HEAVY = (
    "bibtexparser",
    "rapidfuzz",
    "pydantic",
    "rich.table",
    "rich.markdown",
    "sqlite3",
    "textual",
    "pylatexenc",
)
PROBE = """
import runpy, sys
sys.argv = ["papercli", *sys.argv[1:]]
try:
    runpy.run_module("papercli", run_name="__main__")
except SystemExit:
    pass
print("LOADED", sorted(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)
"""


def loaded_by(*args: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    line = next(x for x in result.stderr.splitlines() if x.startswith("LOADED"))
    return ast.literal_eval(line.removeprefix("LOADED "))


def test_importing_the_cli_loads_nothing_heavy() -> None:
    code = "import sys, papercli.cli; print(sorted(m for m in sys.modules if m.split('.')[0] in "
    code += "('rich', 'bibtexparser', 'rapidfuzz', 'yaml', 'pydantic')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_help_and_show_do_not_load_heavy_modules(cli, library_path: Path) -> None:
    assert cli("import", str(SAMPLE_DIGEST), "--as-of", SAMPLE_AS_OF).exit_code == 0
    assert loaded_by("--help") == []
    assert "bibtexparser" not in loaded_by("show", "matern2025priors")
    assert "rich.table" not in loaded_by("show", "matern2025priors")


def test_export_loads_the_index_but_not_bibtexparser(cli, library_path: Path) -> None:
    assert cli("import", str(SAMPLE_DIGEST), "--as-of", SAMPLE_AS_OF).exit_code == 0
    loaded = loaded_by("export")
    assert "sqlite3" in loaded  # the probe itself can see a heavy import
    assert (
        "bibtexparser" not in loaded
    )  # BibTeX is written directly (see papercli.exporters.bibtex)


def test_only_triage_and_browse_load_textual(cli, library_path: Path) -> None:
    assert cli("import", str(SAMPLE_DIGEST), "--as-of", SAMPLE_AS_OF).exit_code == 0
    for args in (("list",), ("inbox",), ("mark", "matern2025priors", "read"), ("triage",)):
        loaded = loaded_by(*args)
        assert "textual" not in loaded and "pylatexenc" not in loaded, args
