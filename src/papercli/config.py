"""User settings: the config file, and which of option, environment, file or default wins.

The file is ``config.yaml`` in the platform config folder (``~/.config/papercli`` on Linux,
honouring ``XDG_CONFIG_HOME``), or the file named by ``$PAPERCLI_CONFIG``::

    library: ~/papers              # relative paths are relative to this file's folder
    export_format: biblatex        # bibtex | biblatex | csl-json | ris | yaml | markdown
    citekey_pattern: "{author}{year}{title}"
    list_columns: [key, date, title, tags]
    pager: true
    watch: auto                    # a file watcher for large libraries (Linux): auto | true | false
    watch_idle: 600                # seconds the watcher lives without a question
    arxiv_api: https://export.arxiv.org/api/query   # where add/enrich ask arXiv
    crossref_api: https://api.crossref.org          # where add/enrich ask Crossref
    arxiv_delay: 3                 # seconds between two arXiv requests (arXiv asks for 3)
    hf_api: https://huggingface.co/api               # where pull asks Hugging Face
    pull: [hf, arxiv:cs.LG]        # what 'papercli pull' alone pulls
    email: me@example.org          # contact sent in the User-Agent (Crossref's polite pool)
    s2_api: https://api.semanticscholar.org/graph/v1  # where enrich --venue asks Semantic Scholar
    dblp_api: https://dblp.org/search/publ/api        # where enrich --venue asks DBLP
    venue_delay: 1                 # seconds between two Semantic Scholar / DBLP requests
    venue_names: full              # exports name venues in full or short (NeurIPS)
    git_commit: auto               # commit every change in git: true | false | auto
    arxiv_pdf: https://arxiv.org/pdf   # where `papercli pdf` downloads arXiv PDFs from
    pdf_on_add: false              # add and pull also fetch the PDF (as with --pdf)
    commit_pdfs: false             # let git track pdfs/ (init --git ignores it by default)

``git_commit: auto`` (the default) commits when the library's ``.gitattributes`` routes its
entries to papercli's merge driver, which ``papercli init --git`` and ``papercli git-setup``
write and git shares with every clone; ``true`` commits in any git repository.

Precedence, highest first: command-line option, environment variable (``$PAPERCLI_LIBRARY``
for ``library``, ``$PAPERCLI_ARXIV_API`` for ``arxiv_api``...: see ``ENV_VARS``), config file,
built-in default. The file is read only when a setting is
asked for that no option or environment variable decides.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from papercli.citekeys import DEFAULT_PATTERN
from papercli.errors import InputError

CONFIG_ENV = "PAPERCLI_CONFIG"
LIBRARY_ENV = "PAPERCLI_LIBRARY"
CONFIG_FILE = "config.yaml"
EXPORT_FORMATS = ("bibtex", "biblatex", "csl-json", "ris", "yaml", "markdown")
DEFAULT_CITEKEY_PATTERN = DEFAULT_PATTERN
# Settings in the order ``papercli config`` prints them.
NAMES = (
    "library",
    "export_format",
    "citekey_pattern",
    "list_columns",
    "pager",
    "watch",
    "watch_idle",
    "arxiv_api",
    "crossref_api",
    "arxiv_delay",
    "email",
    "s2_api",
    "dblp_api",
    "venue_delay",
    "venue_names",
    "git_commit",
    "hf_api",
    "pull",
    "arxiv_pdf",
    "pdf_on_add",
    "commit_pdfs",
)
GIT_COMMIT_AUTO = "auto"
ENV_VARS = {
    "library": LIBRARY_ENV,
    "watch": "PAPERCLI_WATCH",
    "watch_idle": "PAPERCLI_WATCH_IDLE",
    "arxiv_api": "PAPERCLI_ARXIV_API",
    "crossref_api": "PAPERCLI_CROSSREF_API",
    "arxiv_delay": "PAPERCLI_ARXIV_DELAY",
    "email": "PAPERCLI_EMAIL",
    "s2_api": "PAPERCLI_S2_API",
    "dblp_api": "PAPERCLI_DBLP_API",
    "venue_delay": "PAPERCLI_VENUE_DELAY",
    "venue_names": "PAPERCLI_VENUE_NAMES",
    "git_commit": "PAPERCLI_GIT_COMMIT",
    "hf_api": "PAPERCLI_HF_API",
    "pull": "PAPERCLI_PULL",
    "arxiv_pdf": "PAPERCLI_ARXIV_PDF",
    "pdf_on_add": "PAPERCLI_PDF_ON_ADD",
    "commit_pdfs": "PAPERCLI_COMMIT_PDFS",
}
# The metadata sources' defaults (``sources.settings`` holds the same, without importing it).
DEFAULT_ARXIV_API = "https://export.arxiv.org/api/query"
DEFAULT_CROSSREF_API = "https://api.crossref.org"
DEFAULT_ARXIV_DELAY = 3.0
DEFAULT_S2_API = "https://api.semanticscholar.org/graph/v1"
DEFAULT_DBLP_API = "https://dblp.org/search/publ/api"
DEFAULT_VENUE_DELAY = 1.0
VENUE_NAME_STYLES = ("full", "short")
DEFAULT_HF_API = "https://huggingface.co/api"
DEFAULT_PULL = ("hf",)
DEFAULT_ARXIV_PDF = "https://arxiv.org/pdf"
DEFAULT_SOURCE = "default"
FILE_SOURCE = "config file"


class ConfigError(InputError):
    """A config file that cannot be used: names the file and the setting."""


@dataclass(frozen=True)
class Setting:
    """One effective setting: its value and where it came from."""

    name: str
    value: Any
    source: str  # "--library", "$PAPERCLI_LIBRARY", "config file" or "default"

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json`` (paths as text)."""
        value = str(self.value) if isinstance(self.value, Path) else self.value
        return {"value": value, "source": self.source}


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    """``$PAPERCLI_CONFIG``, else ``config.yaml`` in the platform's user config folder."""
    env = os.environ if environ is None else environ
    if env.get(CONFIG_ENV):
        return Path(env[CONFIG_ENV]).expanduser()
    if sys.platform.startswith("linux"):  # platformdirs' XDG rule, without importing it
        base = (env.get("XDG_CONFIG_HOME") or "").strip() or os.path.expanduser("~/.config")
        return Path(base) / "papercli" / CONFIG_FILE
    from platformdirs import user_config_path

    return user_config_path("papercli", appauthor=False) / CONFIG_FILE


def default_value(name: str) -> Any:
    """The built-in value of setting ``name``."""
    if name == "library":
        from platformdirs import user_data_path

        return user_data_path("papercli", appauthor=False)
    from papercli.columns import DEFAULT_COLUMNS

    defaults = {
        "export_format": "bibtex",
        "citekey_pattern": DEFAULT_CITEKEY_PATTERN,
        "list_columns": list(DEFAULT_COLUMNS),
        "pager": True,
        "watch": "auto",
        "watch_idle": 600.0,
        "arxiv_api": DEFAULT_ARXIV_API,
        "crossref_api": DEFAULT_CROSSREF_API,
        "arxiv_delay": DEFAULT_ARXIV_DELAY,
        "email": None,
        "s2_api": DEFAULT_S2_API,
        "dblp_api": DEFAULT_DBLP_API,
        "venue_delay": DEFAULT_VENUE_DELAY,
        "venue_names": VENUE_NAME_STYLES[0],
        "git_commit": GIT_COMMIT_AUTO,
        "hf_api": DEFAULT_HF_API,
        "pull": list(DEFAULT_PULL),
        "arxiv_pdf": DEFAULT_ARXIV_PDF,
        "pdf_on_add": False,
        "commit_pdfs": False,
    }
    return defaults[name]


def read_config(path: Path, explicit: bool = False) -> dict[str, Any]:
    """The validated settings in the file at ``path`` ({} when it does not exist).

    ``explicit`` (the path came from ``$PAPERCLI_CONFIG``) makes a missing file an error.
    Settings left empty (``pager:``) count as not set.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if explicit:
            raise ConfigError(f"${CONFIG_ENV} names {path}, which does not exist") from None
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {_short(exc)}") from None
    import yaml  # only when there is a file: most commands never load PyYAML

    from papercli.entry_yaml import load_yaml, yaml_problem

    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({yaml_problem(exc)})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: must be a mapping of setting: value, such as 'pager: false'")
    values = {}
    for name, value in data.items():
        if name not in NAMES:
            raise ConfigError(
                f"{path}: unknown setting '{name}'; known settings: {', '.join(NAMES)}"
            )
        if value is not None:
            values[name] = _check(path, name, value)
    return values


def _check(path: Path, name: str, value: Any) -> Any:
    """``value`` converted for setting ``name``, or ConfigError naming file and key."""
    try:
        return _CHECKS[name](value, path)
    except InputError as exc:
        raise ConfigError(f"{path}: setting '{name}' {exc}") from None


def _check_library(value: Any, path: Path) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise InputError("must be a folder path")
    folder = Path(value).expanduser()
    return folder if folder.is_absolute() else path.parent / folder


def _check_export_format(value: Any, path: Path) -> str:
    if value not in EXPORT_FORMATS:
        raise InputError(f"must be one of {', '.join(EXPORT_FORMATS)}, not {value!r}")
    return value


def _check_citekey_pattern(value: Any, path: Path) -> str:
    from papercli.citekeys import check_pattern

    if not isinstance(value, str):
        raise InputError(f"must be text such as '{DEFAULT_CITEKEY_PATTERN}'")
    try:
        check_pattern(value)
    except InputError as exc:
        raise InputError(f"is not usable: {exc}") from None
    return value


def _check_list_columns(value: Any, path: Path) -> list[str]:
    from papercli.columns import parse_columns

    if isinstance(value, str):
        return parse_columns(value)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError("must be a list of column names, such as [key, date, title]")
    return parse_columns(",".join(value))


def _check_bool(value: Any, path: Path) -> bool:
    if not isinstance(value, bool):
        raise InputError(f"must be true or false, not {value!r}")
    return value


def _check_watch_idle(value: Any, path: Path) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 1 <= value <= 86400:
        raise InputError(f"must be a number of seconds from 1 to 86400, not {value!r}")
    return float(value)


def _check_url(value: Any, path: Path) -> str:
    if not isinstance(value, str) or not value.strip().startswith(("http://", "https://")):
        raise InputError(f"must be an http:// or https:// URL, not {value!r}")
    return value.strip()


def _check_delay(value: Any, path: Path) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 600:
        raise InputError(f"must be a number of seconds from 0 to 600, not {value!r}")
    return float(value)


def _check_email(value: Any, path: Path) -> str:
    if not isinstance(value, str) or "@" not in value or any(c.isspace() for c in value.strip()):
        raise InputError(f"must be an e-mail address such as me@example.org, not {value!r}")
    return value.strip()


def _check_venue_names(value: Any, path: Path) -> str:
    if value not in VENUE_NAME_STYLES:
        raise InputError(f"must be full or short, not {value!r}")
    return value


def _check_git_commit(value: Any, path: Path) -> bool | str:
    if isinstance(value, bool) or value == GIT_COMMIT_AUTO:
        return value
    raise InputError(f"must be true, false or auto, not {value!r}")


LOCK_TIMEOUT_ENV = "PAPERCLI_LOCK_TIMEOUT"


def env_seconds(var: str, default: float, environ: Mapping[str, str] | None = None) -> float:
    """Seconds from environment variable ``var`` (``default`` when unset or blank); a value
    that is not a number of seconds is refused like a bad config file value, never ignored."""
    text = (os.environ if environ is None else environ).get(var, "").strip()
    if not text:
        return default
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise ConfigError(f"${var}: must be a number of seconds (0 or more), not {text!r}")
    return seconds


def _check_pull(value: Any, path: Path) -> list[str]:
    from papercli.sources.feeds import parse_sources

    if isinstance(value, str):
        value = [v for v in value.replace(",", " ").split() if v]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError("must be a list of sources, such as [hf, arxiv:cs.LG]")
    return [source.name for source in parse_sources(value)]


# Settings whose environment text is checked by the same function as the config file's.
_TEXT_SETTINGS = (
    *("arxiv_api", "crossref_api", "email", "s2_api", "dblp_api", "hf_api", "pull"),
    "arxiv_pdf",
)


def _from_env(name: str, text: str, var: str) -> Any:
    """A setting's value from its environment variable's text."""
    if name == "library":
        return Path(text).expanduser()
    try:
        if name in _TEXT_SETTINGS:
            return _CHECKS[name](text, Path(var))
        if name == "venue_names":
            return _check_venue_names(text.strip().lower(), Path(var))
        if name in ("arxiv_delay", "venue_delay"):
            try:
                seconds = float(text)
            except ValueError:
                seconds = -1.0
            return _check_delay(seconds if seconds >= 0 else text, Path(var))
        if name in ("git_commit", "watch") and text.strip().lower() == GIT_COMMIT_AUTO:
            return GIT_COMMIT_AUTO
        if name in ("watch", "git_commit", "pdf_on_add", "commit_pdfs"):
            lowered = text.strip().lower()
            if lowered not in ("0", "1", "true", "false", "yes", "no", "on", "off"):
                also = " or auto" if name in ("watch", "git_commit") else ""
                raise InputError(f"must be 1 or 0{also}, not {text!r}")
            return lowered in ("1", "true", "yes", "on")
        return _check_watch_idle(float(text), Path(var))
    except (InputError, ValueError) as exc:
        raise ConfigError(f"${var}: {exc}") from None


_CHECKS: dict[str, Callable[[Any, Path], Any]] = {
    "library": _check_library,
    "export_format": _check_export_format,
    "citekey_pattern": _check_citekey_pattern,
    "list_columns": _check_list_columns,
    "pager": _check_bool,
    "watch": _check_git_commit,  # true, false or auto, like git_commit
    "watch_idle": _check_watch_idle,
    "arxiv_api": _check_url,
    "crossref_api": _check_url,
    "arxiv_delay": _check_delay,
    "email": _check_email,
    "s2_api": _check_url,
    "dblp_api": _check_url,
    "venue_delay": _check_delay,
    "venue_names": _check_venue_names,
    "git_commit": _check_git_commit,
    "hf_api": _check_url,
    "pull": _check_pull,
    "arxiv_pdf": _check_url,
    "pdf_on_add": _check_bool,
    "commit_pdfs": _check_bool,
}


class Settings:
    """The effective settings of one invocation, resolved setting by setting.

    ``options`` maps a setting to the command-line option that set it and its value, such
    as ``{"library": ("--library", Path("lib"))}``; options left unset are simply absent.
    """

    def __init__(
        self,
        options: Mapping[str, tuple[str, Any]] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.options = dict(options or {})
        self.environ = os.environ if environ is None else environ
        self.path = config_path(self.environ)
        self._file: dict[str, Any] | None = None

    def file_values(self) -> dict[str, Any]:
        """The config file's settings (read once, on first use)."""
        if self._file is None:
            self._file = read_config(self.path, explicit=bool(self.environ.get(CONFIG_ENV)))
        return self._file

    def get(self, name: str) -> Setting:
        """Setting ``name`` from the option, environment, file or default, in that order."""
        if name not in NAMES:
            raise KeyError(name)
        if name in self.options:
            option, value = self.options[name]
            return Setting(name, value, option)
        env_var = ENV_VARS.get(name)
        if env_var and self.environ.get(env_var, "").strip():
            value = _from_env(name, self.environ[env_var], env_var)
            return Setting(name, value, f"${env_var}")
        if name in self.file_values():
            return Setting(name, self.file_values()[name], FILE_SOURCE)
        return Setting(name, default_value(name), DEFAULT_SOURCE)

    def value(self, name: str) -> Any:
        """Just the value of setting ``name``."""
        return self.get(name).value

    def all(self) -> list[Setting]:
        """Every setting, in the documented order."""
        return [self.get(name) for name in NAMES]


def _short(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc).splitlines()[0]
