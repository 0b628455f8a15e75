"""The settings of ``enrich --venue``: endpoints, pause, key, and how exports name venues."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papercli.errors import InputError
from papercli.sources.settings import SourceSettings


def settings_json(cli) -> dict:
    result = cli("config", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["settings"]


def test_defaults(cli) -> None:
    settings = settings_json(cli)
    assert settings["s2_api"] == {
        "value": "https://api.semanticscholar.org/graph/v1",
        "source": "default",
    }
    assert settings["dblp_api"]["value"] == "https://dblp.org/search/publ/api"
    assert settings["venue_delay"]["value"] == 1.0
    assert settings["venue_names"] == {"value": "full", "source": "default"}
    assert "s2_key" not in settings


def test_environment_and_file(cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        "venue_names: short\ndblp_api: http://127.0.0.1:1/dblp\nvenue_delay: 2\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PAPERCLI_CONFIG", str(config))
    monkeypatch.setenv("PAPERCLI_S2_API", "http://127.0.0.1:1/s2")
    settings = settings_json(cli)
    assert settings["venue_names"] == {"value": "short", "source": "config file"}
    assert settings["dblp_api"]["source"] == "config file"
    assert settings["venue_delay"]["value"] == 2.0
    assert settings["s2_api"] == {"value": "http://127.0.0.1:1/s2", "source": "$PAPERCLI_S2_API"}
    monkeypatch.setenv("PAPERCLI_VENUE_NAMES", "FULL")
    assert settings_json(cli)["venue_names"]["value"] == "full"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("PAPERCLI_VENUE_NAMES", "tiny", "$PAPERCLI_VENUE_NAMES: must be full or short"),
        ("PAPERCLI_S2_API", "ftp://example.org", "$PAPERCLI_S2_API: must be an http://"),
        ("PAPERCLI_DBLP_API", "dblp.org", "$PAPERCLI_DBLP_API: must be an http://"),
        ("PAPERCLI_VENUE_DELAY", "-1", "$PAPERCLI_VENUE_DELAY: must be a number of seconds"),
    ],
)
def test_bad_values_are_one_line(
    cli, filled_library: Path, monkeypatch: pytest.MonkeyPatch, variable, value, message
) -> None:
    monkeypatch.setenv(variable, value)
    command = ["config"] if variable == "PAPERCLI_VENUE_NAMES" else ["enrich", "--venue"]
    result = cli(*command, "--offline") if command[0] == "enrich" else cli(*command)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_file_value(cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("venue_names: medium\n", encoding="utf-8")
    monkeypatch.setenv("PAPERCLI_CONFIG", str(config))
    result = cli("config")
    assert result.exit_code == 1
    assert "setting 'venue_names' must be full or short, not 'medium'" in result.stderr


def test_source_settings_from_env() -> None:
    settings = SourceSettings.from_env(
        {
            "PAPERCLI_S2_API": "http://localhost:9/graph/v1/",
            "PAPERCLI_S2_KEY": "  k-123 ",
            "PAPERCLI_DBLP_API": "http://localhost:9/dblp",
            "PAPERCLI_VENUE_DELAY": "0.25",
        }
    )
    assert settings.s2_api == "http://localhost:9/graph/v1"
    assert settings.s2_key == "k-123" and "k-123" not in repr(settings)
    assert (settings.dblp_api, settings.venue_delay) == ("http://localhost:9/dblp", 0.25)
    assert SourceSettings.from_env({}).s2_key is None
    with pytest.raises(InputError, match="PAPERCLI_S2_API"):
        SourceSettings.from_env({"PAPERCLI_S2_API": "nope"})
