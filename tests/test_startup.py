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


# The import set of each command (``python -X importtime`` shows what each costs), kept
# here so that it cannot grow unnoticed: a module a command starts to load must be added on
# purpose. Third-party packages by top-level name; papercli's modules without the prefix.
_TYPER = {"typer", "shellingham", "annotated_doc"}  # platformdirs: only without --library
_CORE = {
    "citekeys", "cli", "cli.complete", "cli.core", "cli.output", "columns", "config", "dates",
    "errors", "model", "stopwords", "store", "store.atomic", "store.did_you_mean",
    "entry_yaml", "entry_yaml.emit", "entry_yaml.fast_read", "store.files", "store.keyfiles",
    "store.lock", "store.query", "store.pdfs", "store.store", "store.watch_state",
    "latex", "latex.math",
}  # fmt: skip
_INDEX = {
    "batches", "identifiers", "store.identifiers", "store.index", "store.index_rows",
    "store.stamps", "store.vocabulary", "terms", "lazy_regex", "store.packed_rows",
}  # fmt: skip
_FRESH = {"store.freshness", "store.watch_client"}
KEY = "matern2025priors"
IMPORT_SETS: dict[tuple[str, ...], tuple[set[str], set[str]]] = {
    ("--version",): (set(), {"cli"}),
    ("show", KEY): (_TYPER, _CORE | {"cli.list_cmd"}),
    ("list",): (_TYPER, _CORE | _INDEX | _FRESH | {"cli.list_cmd"}),
    ("inbox",): (
        _TYPER,
        _CORE | _INDEX | _FRESH | {"cli.list_cmd", "cli.mark_cmd", "cli.targets", "ops"}
        | {"ops.ranking", "ops.text_vectors", "store.corpus"},
    ),
    ("search", "learning"): (
        _TYPER | {"rapidfuzz"},
        _CORE | _INDEX | _FRESH | {"cli.list_cmd", "cli.search_cmd", "search", "search.finder"}
        | {"search.ranking", "search.vocabulary", "search.fulltext", "ops", "ops.fulltext"}
        | {"store.ranking_sql", "store.ranking_tiers", "store.aside"}
        | {"store.fts_match"},
    ),
    ("tag", KEY, "--add", "x"): (
        _TYPER,
        _CORE | _INDEX | {"cli.autocommit", "cli.tag_cmd", "cli.targets", "ops", "ops.git"}
        | {"ops.tagging", "titles"},  # a written entry's title identity goes to the index
    ),
}  # fmt: skip
# Never loaded by these commands with their output piped.
NEVER = ("yaml", "rich", "importlib.metadata", "bibtexparser", "multiprocessing")
SET_PROBE = """
import runpy, sys
sys.argv = ["papercli", *sys.argv[1:]]
try:
    runpy.run_module("papercli", run_name="__main__")
except SystemExit:
    pass
names = set(sys.modules)
third = {n.split(".")[0] for n in names} - set(sys.stdlib_module_names) - {"papercli", "__main__"}
print("THIRD", sorted(t for t in third if not t.startswith("_") and t != "cython_runtime"),
      file=sys.stderr)
print("OWN", sorted(n.removeprefix("papercli.") for n in names if n.startswith("papercli.")),
      file=sys.stderr)
print("NEVER", sorted(n for n in %r if n in names), file=sys.stderr)
"""


def import_set(*args: str) -> dict[str, list[str]]:
    result = subprocess.run(
        [sys.executable, "-c", SET_PROBE % (NEVER,), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    found = {}
    for line in result.stderr.splitlines():
        label, _, rest = line.partition(" ")
        if label in ("THIRD", "OWN", "NEVER"):
            found[label] = ast.literal_eval(rest)
    return found


def test_no_command_loads_more_than_its_import_set(cli, library_path: Path) -> None:
    assert cli("import", str(SAMPLE_DIGEST), "--as-of", SAMPLE_AS_OF).exit_code == 0
    for args, (third, own) in IMPORT_SETS.items():
        found = import_set(*args)
        assert set(found["THIRD"]) <= third, (args, set(found["THIRD"]) - third)
        assert set(found["OWN"]) <= own, (args, set(found["OWN"]) - own)
        assert found["NEVER"] == [], args


def test_version_loads_neither_typer_nor_metadata(library_path: Path) -> None:
    found = import_set("--version")
    assert found["THIRD"] == [] and found["OWN"] == ["cli"]
    result = subprocess.run(
        [sys.executable, "-m", "papercli", "--version"], capture_output=True, text=True
    )
    from papercli import __version__

    assert result.stdout == f"papercli {__version__}\n"
