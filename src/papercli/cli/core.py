"""The Typer app (``papercli.cli.app``), its global options, and the one error boundary
every command goes through."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from papercli.cli import output
from papercli.errors import PapercliError

if TYPE_CHECKING:
    from papercli.config import Settings
    from papercli.sources.settings import SourceSettings
    from papercli.store import Store

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="papercli",
    help="Turn paper digests into a local, git-friendly reference library.",
    no_args_is_help=True,
    add_completion=True,
    # Plain Click help: rich's Markdown help renderer costs ~60 ms at every start-up.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def guarded(fn: F, name: str | None = None) -> F:
    """Turn PapercliError into ``Error: ...`` on stderr and its exit status.

    ``PAPERCLI_DEBUG=1`` lets the exception through for a traceback. A closed stdout pipe
    ends the command quietly with status 0. After a command that wrote entries succeeds,
    what it wrote is committed to git when the library asks for it (``git_commit``).
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = fn(*args, **kwargs)
            _after_success(kwargs, name or fn.__name__)
            sys.stdout.flush()  # a closed pipe shows here, inside the boundary
            return result
        except BrokenPipeError:
            # The reader stopped early (``papercli list | head -3``): not an error, as
            # with ``git log | head``. Drop the rest quietly and exit 0.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None
        except PapercliError as exc:
            if os.environ.get("PAPERCLI_DEBUG"):
                raise
            output.error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt as exc:
            output.error(f"interrupted; {exc}" if str(exc) else "interrupted")
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def command(name: str | None = None, **kwargs: Any) -> Callable[[F], F]:
    """Register a subcommand behind the error boundary."""

    def register(fn: F) -> F:
        app.command(name, **kwargs)(guarded(fn, name))
        return fn

    return register


def _after_success(kwargs: dict[str, Any], name: str) -> None:
    """Commit what a successful command wrote (only when its store wrote anything)."""
    ctx = next((v for v in kwargs.values() if hasattr(v, "find_root")), None)  # a Context
    state = ctx.find_root().obj if ctx is not None else None
    if isinstance(state, State) and state.wrote():
        from papercli.cli.autocommit import commit_written

        commit_written(state.store(), state.settings(), state.summary, name)


def describe(ctx: typer.Context, summary: str) -> None:
    """Say in one line what this command changed: the git commit message, if it commits."""
    state_of(ctx).summary = summary


class State:
    """Global options, shared with subcommands through ``ctx.obj``."""

    def __init__(self, library_path: Path | None) -> None:
        self._library_path = library_path
        self._settings: Settings | None = None
        self._store: Store | None = None
        self.summary = ""  # what the command changed, in one line (see ``describe``)

    def settings(self) -> Settings:
        """The effective settings (options, environment, config file, defaults)."""
        if self._settings is None:
            from papercli.config import Settings

            options = {"library": ("--library", self._library_path)} if self._library_path else {}
            self._settings = Settings(options)
        return self._settings

    def store(self) -> Store:
        """The library chosen by ``--library``, ``$PAPERCLI_LIBRARY``, the config or default."""
        if self._store is None:
            from papercli.store import Store, WatchSettings

            settings = self.settings()
            watch = WatchSettings.from_setting(
                settings.value("watch"), settings.value("watch_idle")
            )
            self._store = Store(settings.value("library"), watch)
        return self._store

    def wrote(self) -> bool:
        """True when this invocation's store wrote or deleted entry files."""
        return self._store is not None and bool(self._store.written)


def _print_version(value: bool) -> None:
    if value:
        from papercli import __version__

        typer.echo(f"papercli {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    library: Annotated[
        Path | None,
        typer.Option(
            "--library",
            "-L",
            help=(
                "Library folder (default: $PAPERCLI_LIBRARY, else 'library' in the config "
                "file, else the user data dir)."
            ),
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print papercli's version and exit.",
            is_eager=True,
            callback=_print_version,
        ),
    ] = False,
) -> None:
    """Turn paper digests into a local, git-friendly reference library."""
    output.reset_consoles()
    ctx.obj = State(library)


def state_of(ctx: typer.Context) -> State:
    """This invocation's global options (also during shell completion, before callbacks run)."""
    root = ctx.find_root()
    if isinstance(root.obj, State):
        return root.obj
    library = root.params.get("library")  # text, not yet a Path, during completion
    return State(Path(library) if isinstance(library, (str, Path)) and library else None)


def store_of(ctx: typer.Context) -> Store:
    """The store of the library this invocation works on."""
    return state_of(ctx).store()


def settings_of(ctx: typer.Context) -> Settings:
    """The effective settings of this invocation (the config file is read on first use)."""
    return state_of(ctx).settings()


def sources_of(ctx: typer.Context) -> SourceSettings:
    """Where and how politely to ask the metadata sources (option > env > config > default)."""
    from papercli.sources.settings import SourceSettings, s2_key

    settings = settings_of(ctx)
    return SourceSettings(
        arxiv_api=settings.value("arxiv_api"),
        crossref_api=settings.value("crossref_api").rstrip("/"),
        arxiv_delay=settings.value("arxiv_delay"),
        email=settings.value("email"),
        s2_api=settings.value("s2_api").rstrip("/"),
        s2_key=s2_key(settings.environ),
        dblp_api=settings.value("dblp_api"),
        venue_delay=settings.value("venue_delay"),
        hf_api=settings.value("hf_api").rstrip("/"),
    )
