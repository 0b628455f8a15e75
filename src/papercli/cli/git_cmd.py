"""``papercli init``, ``git``, ``git-setup`` and ``merge-entry``: a library in git."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from papercli.cli import output
from papercli.cli.core import command, settings_of, store_of


@command("init")
def init_command(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(help="Folder of the new library (default: --library / the setting)."),
    ] = None,
    use_git: Annotated[
        bool,
        typer.Option("--git", help="Also make it a git repository with papercli's merge driver."),
    ] = False,
) -> None:
    """Create an empty library; with --git, a git repository that shares it too.

    --git runs git init, ignores the hidden .papercli/ folder, routes entry files to
    papercli's merge driver and makes a first commit; every change is then committed.

    Example: papercli init ~/papers --git
    """
    from papercli.store import Store

    store = Store(path.expanduser().absolute()) if path is not None else store_of(ctx)
    existed = store.exists()
    store.ensure()
    output.info(f"{'library already at' if existed else 'created a library at'} {store.root}")
    if not use_git:
        return
    from papercli.ops import git

    if git.init_repo(store.root):
        output.info("made a git repository")
    for line in git.setup(store.root, settings_of(ctx).value("commit_pdfs")):
        output.info(line)
    if git.commit_all(store.root, "init: papercli library"):
        output.info("committed the library")


@command(
    "git",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
)
def git_command(
    ctx: typer.Context,
    args: Annotated[list[str] | None, typer.Argument(help="Arguments for git.")] = None,
) -> None:
    """Run git inside the library folder; exits with git's status.

    Example: papercli git log --oneline
    """
    from papercli.ops import git

    store = store_of(ctx)
    store.require()
    raise typer.Exit(git.passthrough(store.root, [*(args or []), *ctx.args]))


@command("git-setup")
def git_setup_command(ctx: typer.Context) -> None:
    """Set up papercli's merge driver in the library's existing git repository.

    Writes .gitignore and .gitattributes in the library folder (and commits them) and
    registers the driver in the repository's own config, which git does not clone: run it
    once in every clone ('papercli sync' also does).

    Example: papercli git-setup
    """
    from papercli.ops import git

    store = store_of(ctx)
    store.require()
    done = git.setup(store.root, settings_of(ctx).value("commit_pdfs"))
    if git.commit_paths(store.root, "git-setup: papercli merge driver", git.SETUP_FILES):
        done.append("committed .gitignore and .gitattributes")
    for line in done or ["already set up; nothing to do"]:
        output.info(line)


@command("merge-entry")
def merge_entry_command(
    base: Annotated[
        Path, typer.Argument(metavar="BASE", help="The common ancestor's version (%O).")
    ],
    ours: Annotated[
        Path, typer.Argument(metavar="OURS", help="Our version, overwritten with the result (%A).")
    ],
    theirs: Annotated[Path, typer.Argument(metavar="THEIRS", help="Their version (%B).")],
    name: Annotated[
        str, typer.Argument(metavar="[PATH]", help="The entry file's path, for messages (%P).")
    ] = "",
) -> None:
    """Merge three versions of an entry file field by field (git's merge driver).

    Tags and URLs are unioned, a one-sided change wins, two changed notes are both kept;
    a field changed differently on both sides is a conflict (exit 1), both values kept
    between <<<<<<< and >>>>>>> lines for 'papercli edit KEY'.

    Example: papercli merge-entry base.yaml ours.yaml theirs.yaml  (git runs it on merges)
    """
    from papercli.ops import git
    from papercli.ops.field_merge import merge_texts, render

    texts = [_read(p) for p in (base, ours, theirs)]
    merged = merge_texts(*texts)
    label = name or str(ours)
    if merged is None:
        conflicts = git.merge_file(ours, base, theirs)
        if conflicts:
            output.info(f"papercli: {label} is not an entry; merged line by line, conflicts kept")
        raise typer.Exit(1 if conflicts else 0)
    try:
        ours.write_text(render(merged), encoding="utf-8", newline="\n")
    except OSError as exc:
        output.error(f"cannot write {ours}: {exc.strerror or exc}")
        raise typer.Exit(2) from None
    if not merged.clean:
        fields = ", ".join(merged.conflicts)
        key = Path(label).name.removesuffix(".yaml")
        output.info(
            f"papercli: conflict in {label} ({fields}); both versions kept, "
            f"resolve with 'papercli edit {key}'"
        )
        raise typer.Exit(1)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return "\0"  # not an entry: falls back to git's own merge
