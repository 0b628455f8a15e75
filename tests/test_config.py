"""The config file, ``papercli config``, and how settings reach the commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papercli.config import Settings, config_path
from tests.conftest import SAMPLE_AS_OF, SAMPLE_DIGEST, snapshot


@pytest.fixture
def config_file(isolated_env: Path) -> Path:
    """Where papercli looks for its config in these tests (XDG_CONFIG_HOME is under tmp)."""
    path = isolated_env.parent / "xdg-config" / "papercli" / "config.yaml"
    path.parent.mkdir(parents=True)
    return path


def settings_json(cli, *args: str) -> dict:
    result = cli(*args, "config", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_defaults_without_a_config_file(cli, config_file: Path, library_path: Path) -> None:
    data = settings_json(cli)
    assert data["config_file"] == {
        "path": str(config_file),
        "exists": False,
        "source": "default location",
    }
    settings = data["settings"]
    assert settings["library"] == {"value": str(library_path), "source": "$PAPERCLI_LIBRARY"}
    assert settings["export_format"] == {"value": "bibtex", "source": "default"}
    assert settings["citekey_pattern"] == {"value": "{author}{year}{title}", "source": "default"}
    assert settings["list_columns"] == {
        "value": ["key", "date", "title", "tags"],
        "source": "default",
    }
    assert settings["pager"] == {"value": True, "source": "default"}


def test_file_values_and_their_source(cli, config_file: Path) -> None:
    config_file.write_text(
        "export_format: csl-json\ncitekey_pattern: '{title}{year}'\n"
        "list_columns: [key, authors]\npager: false\n",
        encoding="utf-8",
    )
    data = settings_json(cli)
    assert data["config_file"]["exists"] is True
    settings = data["settings"]
    assert settings["export_format"] == {"value": "csl-json", "source": "config file"}
    assert settings["citekey_pattern"] == {"value": "{title}{year}", "source": "config file"}
    assert settings["list_columns"] == {"value": ["key", "authors"], "source": "config file"}
    assert settings["pager"] == {"value": False, "source": "config file"}
    assert settings["library"]["source"] == "$PAPERCLI_LIBRARY"


def test_human_output_names_value_and_source(cli, config_file: Path) -> None:
    config_file.write_text("export_format: ris\n", encoding="utf-8")
    result = cli("config")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert any(line.split() == ["export_format", "ris", "(config", "file)"] for line in lines)
    assert any(line.startswith("pager") and line.endswith("(default)") for line in lines)
    assert lines[-1].split()[:3] == ["config", "file", str(config_file)]


def test_library_precedence_option_env_file_default(
    cli, config_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file.write_text("library: from-file\n", encoding="utf-8")
    from_file = config_file.parent / "from-file"  # relative to the config file's folder
    assert settings_json(cli)["settings"]["library"]["source"] == "$PAPERCLI_LIBRARY"
    option = settings_json(cli, "--library", str(tmp_path / "opt"))["settings"]["library"]
    assert option == {"value": str(tmp_path / "opt"), "source": "--library"}
    monkeypatch.delenv("PAPERCLI_LIBRARY")
    assert settings_json(cli)["settings"]["library"] == {
        "value": str(from_file),
        "source": "config file",
    }
    config_file.write_text("pager: true\n", encoding="utf-8")
    default = settings_json(cli)["settings"]["library"]
    assert default == {"value": str(tmp_path / "xdg-data" / "papercli"), "source": "default"}


def test_library_from_the_config_file_is_used(
    cli, config_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PAPERCLI_LIBRARY")
    config_file.write_text(f"library: {tmp_path / 'papers'}\n", encoding="utf-8")
    assert cli("import", str(SAMPLE_DIGEST), "--as-of", SAMPLE_AS_OF).exit_code == 0
    assert len(list((tmp_path / "papers" / "entries").glob("*.yaml"))) == 10
    assert len(json.loads(cli("list", "--json").stdout)) == 10


def test_papercli_config_env_names_another_file(
    cli, config_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file.write_text("export_format: ris\n", encoding="utf-8")
    other = tmp_path / "elsewhere.yaml"
    other.write_text("export_format: yaml\n", encoding="utf-8")
    monkeypatch.setenv("PAPERCLI_CONFIG", str(other))
    data = settings_json(cli)
    assert data["config_file"] == {"path": str(other), "exists": True, "source": "$PAPERCLI_CONFIG"}
    assert data["settings"]["export_format"]["value"] == "yaml"
    assert cli("config", "--path").stdout == f"{other}\n"


def test_config_path_prints_the_default_location(cli, config_file: Path) -> None:
    result = cli("config", "--path")
    assert result.exit_code == 0
    assert result.stdout == f"{config_file}\n"


def test_missing_file_named_by_env_is_an_error(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERCLI_CONFIG", str(tmp_path / "nope.yaml"))
    result = cli("config")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip() == (
        f"Error: $PAPERCLI_CONFIG names {tmp_path / 'nope.yaml'}, which does not exist"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour: true\n", "unknown setting 'colour'; known settings: library, export_format"),
        ("export_format: docx\n", "setting 'export_format' must be one of bibtex, biblatex"),
        ("export_format: [bibtex]\n", "setting 'export_format' must be one of"),
        ("list_columns: 3\n", "setting 'list_columns' must be a list of column names"),
        ("list_columns: [key, colour]\n", "setting 'list_columns' unknown column 'colour'"),
        ("list_columns: []\n", "setting 'list_columns' name at least one column"),
        ("pager: 'no'\n", "setting 'pager' must be true or false, not 'no'"),
        ("library: 5\n", "setting 'library' must be a folder path"),
        ("citekey_pattern: '{author}-{year}'\n", "setting 'citekey_pattern' is not usable: '-'"),
        ("citekey_pattern: 12\n", "setting 'citekey_pattern' must be text"),
        ("- library\n", "must be a mapping of setting: value"),
        ("pager: [\n", "not valid YAML (did not find expected node content at line 2, column 1)"),
    ],
)
def test_bad_config_is_one_line_naming_file_and_setting(
    cli, config_file: Path, filled_library: Path, text: str, message: str
) -> None:
    config_file.write_text(text, encoding="utf-8")
    before = snapshot(filled_library)
    for args in (("config",), ("list",)):
        result = cli(*args)
        assert result.exit_code == 1, args
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1
        assert lines[0].startswith(f"Error: {config_file}: ")
        assert message in lines[0]
    assert snapshot(filled_library) == before
    assert cli("config", "--path").stdout == f"{config_file}\n"  # still finds it to fix


def test_empty_file_and_empty_values_mean_defaults(cli, config_file: Path) -> None:
    config_file.write_text("# nothing yet\npager:\n", encoding="utf-8")
    data = settings_json(cli)
    assert data["config_file"]["exists"] is True
    assert all(s["source"] != "config file" for s in data["settings"].values())


def test_export_format_is_validated_and_exposed(config_file: Path) -> None:
    assert Settings().get("export_format").value == "bibtex"
    config_file.write_text("export_format: biblatex\n", encoding="utf-8")
    setting = Settings().get("export_format")
    assert (setting.value, setting.source) == ("biblatex", "config file")


def test_config_path_follows_xdg(config_file: Path) -> None:
    assert config_path() == config_file
    assert config_path({"PAPERCLI_CONFIG": "~/x.yaml"}) == Path("~/x.yaml").expanduser()


def test_citekey_pattern_shapes_new_keys_only(cli, config_file: Path, library_path: Path) -> None:
    assert cli("import", str(SAMPLE_DIGEST), "--as-of", SAMPLE_AS_OF).exit_code == 0
    before = {e["key"] for e in json.loads(cli("list", "--json").stdout)}
    assert "matern2025priors" in before
    config_file.write_text("citekey_pattern: 'x{title}{title}'\n", encoding="utf-8")
    assert cli("import", str(SAMPLE_DIGEST), "--as-of", SAMPLE_AS_OF).exit_code == 0
    assert {e["key"] for e in json.loads(cli("list", "--json").stdout)} == before
    digest = library_path.parent / "new.txt"
    digest.write_text(
        SAMPLE_DIGEST.read_text(encoding="utf-8").replace("Matérn Priors", "Gaussian Kernels"),
        encoding="utf-8",
    )
    result = cli("import", str(digest), "--as-of", SAMPLE_AS_OF, "--json")
    added = json.loads(result.stdout)["added"]
    assert len(added) == 1
    assert added[0].startswith("xgaussiankernels")


def test_list_columns_from_config_and_option(cli, config_file: Path, filled_library: Path) -> None:
    config_file.write_text("list_columns: [key, source, year]\n", encoding="utf-8")
    rows = [line.split("\t") for line in cli("list", "--limit", "2").stdout.splitlines()]
    assert rows == [["matern2025priors", "hf-daily", "2025"], [rows[1][0], "hf-daily", "2025"]]
    result = cli("list", "-n", "1", "--columns", "date, key")
    assert result.stdout.rstrip("\n").split("\t") == ["2025-09-28", "matern2025priors"]
    hits = cli("search", "matern", "--columns", "title")
    first = hits.stdout.splitlines()[0].split("\t")
    assert first == ["1", "Matérn Priors for Bayesian Optimisation of Diffusion Samplers"]


def test_bad_columns_option_is_an_error(cli, filled_library: Path) -> None:
    result = cli("list", "--columns", "key,colour")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "unknown column 'colour'; choose from key, date, title, tags" in result.stderr


def test_export_format_from_the_config_file_is_the_default(
    cli, config_file: Path, filled_library: Path
) -> None:
    config_file.write_text("export_format: csl-json\n", encoding="utf-8")
    configured = cli("export")
    assert configured.exit_code == 0, configured.stderr
    assert len(json.loads(configured.stdout)) == 10  # CSL-JSON: a JSON array of items
    assert cli("export", "--bibtex").stdout.lstrip().startswith("@")  # the option wins
    assert cli("export", "--format", "ris").stdout.startswith("TY  - ")


def test_a_bad_export_format_in_the_config_file_is_one_line(
    cli, config_file: Path, filled_library: Path
) -> None:
    config_file.write_text("export_format: docx\n", encoding="utf-8")
    result = cli("export")
    assert result.exit_code != 0 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "export_format" in result.stderr


def test_source_settings_from_file_and_env(
    cli, config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file.write_text(
        "arxiv_api: http://127.0.0.1:9/api/query\narxiv_delay: 0\nemail: me@example.org\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PAPERCLI_CROSSREF_API", "http://127.0.0.1:9/crossref")
    settings = settings_json(cli)["settings"]
    assert settings["arxiv_api"] == {
        "value": "http://127.0.0.1:9/api/query",
        "source": "config file",
    }
    assert settings["arxiv_delay"] == {"value": 0.0, "source": "config file"}
    assert settings["email"] == {"value": "me@example.org", "source": "config file"}
    assert settings["crossref_api"] == {
        "value": "http://127.0.0.1:9/crossref",
        "source": "$PAPERCLI_CROSSREF_API",
    }
    monkeypatch.setenv("PAPERCLI_ARXIV_DELAY", "1.5")
    assert settings_json(cli)["settings"]["arxiv_delay"]["value"] == 1.5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("arxiv_api: ftp://x\n", "setting 'arxiv_api' must be an http:// or https:// URL"),
        ("arxiv_delay: -1\n", "setting 'arxiv_delay' must be a number of seconds from 0 to 600"),
        ("email: nobody\n", "setting 'email' must be an e-mail address"),
    ],
)
def test_bad_source_settings(cli, config_file: Path, text: str, message: str) -> None:
    config_file.write_text(text, encoding="utf-8")
    result = cli("config")
    assert result.exit_code == 1
    assert message in result.stderr


def test_bad_source_env_is_one_line(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERCLI_ARXIV_DELAY", "soon")
    result = cli("config")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: $PAPERCLI_ARXIV_DELAY: must be a number of seconds from 0 to 600, not 'soon'"
    )
