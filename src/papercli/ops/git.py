"""A library shared through git: setting a repository up, committing what papercli wrote.

Everything here runs the ``git`` program in the library folder and turns its failures into
one-line ``GitError`` messages. What is committed is always limited to the library's own
files; the derived ``.papercli/`` folder is ignored by ``.gitignore`` and, in case that file
was edited, excluded from every ``git add`` papercli runs.

- ``setup`` writes ``.gitignore`` and ``.gitattributes`` (entry files go to papercli's merge
  driver) in the library folder and registers the driver in the repository's config. The
  driver command is the absolute path of the running Python with ``-m papercli``, so it
  works without papercli on PATH (and ``sync`` refreshes it on every run).
- ``autocommit`` commits only the paths a command wrote, leaving hand edits and anything the
  user staged alone; during an unfinished merge it stages them and concludes the merge once
  no conflict is left.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from papercli.errors import PapercliError

HIDDEN = ".papercli"
IGNORE_LINE = "/.papercli/"
# The papers' PDFs: large, binary, fetched again at will; kept out of git unless the
# ``commit_pdfs`` setting asks (``setup``). A file git never tracked, sync never deletes.
PDF_IGNORE_LINE = "/pdfs/"
ATTRIBUTES_LINE = "entries/*.yaml merge=papercli"
DRIVER_NAME = "papercli"
SETUP_FILES = (".gitignore", ".gitattributes")
EXCLUDE_HIDDEN = f":(exclude){HIDDEN}"


class GitError(PapercliError):
    """git is missing, the folder is not a repository, or a git command failed."""

    exit_code = 1


class MergeConflict(GitError):
    """A merge stopped at entries that changed differently on both sides."""

    exit_code = 4


@dataclass
class GitResult:
    """What a git command printed, and its status."""

    code: int
    out: str
    err: str

    @property
    def ok(self) -> bool:
        return self.code == 0


def git_program() -> str:
    """The path of ``git``; GitError when it is not installed."""
    found = shutil.which("git")
    if not found:
        raise GitError("git is not installed (or not on PATH); install git first")
    return found


def run(root: Path, *args: str, stdin: str | None = None) -> GitResult:
    """Run ``git args`` in ``root`` and capture its output (never raises for its status)."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": os.environ.get("GIT_TERMINAL_PROMPT", "0")}
    try:
        done = subprocess.run(
            [git_program(), *args],
            cwd=root,
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
    except OSError as exc:
        raise GitError(f"cannot run git in {root}: {exc.strerror or exc}") from None
    return GitResult(done.returncode, done.stdout, done.stderr)


def check(root: Path, *args: str, stdin: str | None = None, doing: str = "") -> GitResult:
    """``run``, raising GitError with git's own first line when it fails."""
    result = run(root, *args, stdin=stdin)
    if not result.ok:
        raise GitError(f"{doing or 'git ' + args[0]} failed: {first_line(result)}")
    return result


def first_line(result: GitResult) -> str:
    """The line of git's output that says what went wrong."""
    text = result.err or result.out
    if "Please tell me who you are" in text or "empty ident name" in text:
        return (
            "git does not know who you are; run: git config --global user.name 'Your Name' "
            "&& git config --global user.email you@example.org"
        )
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if line.lower().startswith(("fatal:", "error:")):
            return line.split(":", 1)[1].strip()
    return lines[0] if lines else f"exit status {result.code}"


# -- the repository ---------------------------------------------------------------------


def top_level(root: Path) -> Path | None:
    """The work tree ``root`` belongs to, or None when it is not in a git repository."""
    if not root.is_dir() or shutil.which("git") is None:
        return None
    result = run(root, "rev-parse", "--show-toplevel")
    return Path(result.out.strip()) if result.ok else None


def require_repo(root: Path) -> Path:
    """The work tree of ``root``; GitError with a hint when there is none."""
    git_program()
    top = top_level(root)
    if top is None:
        raise GitError(
            f"{root} is not in a git repository; run 'papercli init --git' to make one, "
            "or 'git init' and 'papercli git-setup'"
        )
    return top


def uses_driver(root: Path) -> bool:
    """True when the library's ``.gitattributes`` routes entries to papercli's driver
    (what ``init --git`` and ``git-setup`` write, shared with every clone)."""
    try:
        text = (root / ".gitattributes").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return f"merge={DRIVER_NAME}" in text


def driver_command(python: str | None = None) -> str:
    """The merge driver command line git runs (``%O %A %B``: base, ours, theirs)."""
    program = shlex.quote(python or sys.executable)
    return f"{program} -m papercli merge-entry %O %A %B %P"


def init_repo(root: Path) -> bool:
    """``git init`` in ``root`` unless it is already the top of a work tree; True if made."""
    git_program()
    top = top_level(root)
    if top is not None and _same(top, root):
        return False
    check(root, "init", "--quiet", doing="git init")
    return True


def setup(root: Path, commit_pdfs: bool = False) -> list[str]:
    """Write ``.gitignore``/``.gitattributes`` lines and register the driver; what changed.
    PDFs are ignored too unless ``commit_pdfs``."""
    require_repo(root)
    done = []
    if _ensure_line(root / ".gitignore", IGNORE_LINE):
        done.append(f"{IGNORE_LINE} added to .gitignore")
    if not commit_pdfs and _ensure_line(root / ".gitignore", PDF_IGNORE_LINE):
        done.append(f"{PDF_IGNORE_LINE} added to .gitignore (the setting commit_pdfs keeps them)")
    if _ensure_line(root / ".gitattributes", ATTRIBUTES_LINE):
        done.append("entries routed to papercli's merge driver in .gitattributes")
    if register_driver(root):
        done.append("merge driver registered in the repository's config")
    return done


def register_driver(root: Path) -> bool:
    """Point ``merge.papercli.driver`` at this papercli; True when it changed."""
    wanted = driver_command()
    current = run(root, "config", "--local", "--get", f"merge.{DRIVER_NAME}.driver")
    if current.ok and current.out.strip() == wanted:
        return False
    check(root, "config", "--local", f"merge.{DRIVER_NAME}.name", "papercli entry merge")
    check(root, "config", "--local", f"merge.{DRIVER_NAME}.driver", wanted)
    return True


def _ensure_line(path: Path, line: str) -> bool:
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise GitError(f"cannot read {path}: {exc}") from None
    if line in text.splitlines():
        return False
    prefix = "" if not text or text.endswith("\n") else "\n"
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"{prefix}{line}\n")
    except OSError as exc:
        raise GitError(f"cannot write {path}: {exc.strerror or exc}") from None
    return True


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or a.samefile(b)
    except OSError:
        return False


# -- committing -------------------------------------------------------------------------


def merging(root: Path) -> bool:
    """True while a merge waits to be concluded (``MERGE_HEAD`` exists)."""
    return run(root, "rev-parse", "-q", "--verify", "MERGE_HEAD").ok


def unmerged(root: Path) -> list[str]:
    """Paths (relative to ``root``) git still marks as conflicted."""
    result = run(root, "diff", "--name-only", "--relative", "--diff-filter=U", "-z")
    return sorted({p for p in result.out.split("\0") if p})


def changed_paths(root: Path, paths: Sequence[str] | None = None) -> list[str]:
    """Library paths (relative to ``root``) that differ from the last commit: new, changed
    or deleted; only those among ``paths`` when given. ``.papercli/`` never counts."""
    result = check(
        root,
        "status",
        "--porcelain=v1",
        "-z",
        "--untracked-files=all",
        "--no-renames",
        "--",
        ".",
        EXCLUDE_HIDDEN,
        doing="git status",
    )
    prefix = _prefix(root)
    found = set()
    for record in result.out.split("\0"):
        if len(record) > 3:
            path = record[3:]
            found.add(path[len(prefix) :] if path.startswith(prefix) else path)
    if paths is not None:
        found &= set(paths)
    return sorted(found)


def _prefix(root: Path) -> str:
    """``root`` relative to its work tree, with a trailing slash ('' at the top)."""
    return run(root, "rev-parse", "--show-prefix").out.strip()


def commit_paths(root: Path, message: str, paths: Sequence[str]) -> bool:
    """Stage and commit exactly ``paths`` (relative to ``root``); False if none changed."""
    paths = changed_paths(root, paths) if paths else []
    if not paths:
        return False
    spec = "\0".join(paths) + "\0"
    check(root, "add", "-A", "--pathspec-from-file=-", "--pathspec-file-nul", stdin=spec)
    check(
        root,
        "commit",
        "--quiet",
        "-m",
        message,
        "--pathspec-from-file=-",
        "--pathspec-file-nul",
        stdin=spec,
        doing="git commit",
    )
    return True


def commit_all(root: Path, message: str) -> bool:
    """Stage everything in the library folder but ``.papercli/`` and commit; False if clean."""
    if not changed_paths(root) and not merging(root):
        return False
    _ensure_line(root / ".gitignore", IGNORE_LINE)  # git add must never take the index
    check(root, "add", "-A", "--", ".", doing="git add")
    run(root, "rm", "-r", "-q", "--cached", "--ignore-unmatch", "--", HIDDEN)
    if not merging(root) and run(root, "diff", "--cached", "--quiet").ok:
        return False
    check(root, "commit", "--quiet", "-m", message, doing="git commit")
    return True


@dataclass
class Autocommit:
    """What ``autocommit`` did: ``committed``, and a note for the user when it could not."""

    committed: bool
    note: str = ""


def autocommit(root: Path, message: str, paths: Sequence[str]) -> Autocommit:
    """Commit the library ``paths`` a command wrote, with ``message``.

    Other changes (hand edits, whatever the user staged) are left for ``sync``. While a
    merge is unfinished the paths are staged instead, and the merge is concluded when that
    resolved its last conflict.
    """
    if merging(root):
        changed = changed_paths(root, paths)
        if changed:
            spec = "\0".join(changed) + "\0"
            check(root, "add", "-A", "--pathspec-from-file=-", "--pathspec-file-nul", stdin=spec)
        left = unmerged(root)
        if left:
            return Autocommit(False, f"{len(left)} conflicted file(s) left; not committed yet")
        check(root, "commit", "--quiet", "--no-edit", doing="git commit")
        return Autocommit(True, "merge concluded")
    return Autocommit(commit_paths(root, message, paths))


def describe_pending(paths: Sequence[str]) -> str:
    """A commit message for hand edits: ``sync: edited by hand: a, b (+3 more)``."""
    names = [Path(p).name.removesuffix(".yaml") if p.startswith("entries/") else p for p in paths]
    shown = ", ".join(names[:5]) + (f" (+{len(names) - 5} more)" if len(names) > 5 else "")
    return f"sync: changes made by hand: {shown}"


def passthrough(root: Path, args: Sequence[str]) -> int:
    """Run ``git args`` in ``root`` on this terminal; git's exit status."""
    try:
        return subprocess.call([git_program(), *args], cwd=root)
    except OSError as exc:
        raise GitError(f"cannot run git in {root}: {exc.strerror or exc}") from None


def merge_file(ours: Path, base: Path, theirs: Path) -> int:
    """git's line-by-line three-way merge into ``ours``; the number of conflicts (<0: error)."""
    names = [str(ours), str(base), str(theirs)]
    done = subprocess.run(
        [git_program(), "merge-file", "-L", "ours", "-L", "base", "-L", "theirs", *names],
        capture_output=True,
        check=False,
    )
    return done.returncode
