"""Editing an entry by hand: a temp copy in the editor, validation, then one atomic write.

The entry file itself is never opened in the editor. Its text is copied into a private
temp folder (``<key>.yaml``, so editors highlight YAML); what the user saves there is
validated like an entry file (YAML, known fields, field types, key, date, new tags) and
only an accepted version is written back, atomically and under the library lock. A crash,
Ctrl-C or an invalid save therefore never costs the old version.

Choices:

- Changing ``key:`` renames the paper (new file written, old one removed) when the new
  key is valid and no other entry uses it, ignoring case; otherwise the save is invalid.
- ``added`` records when papercli first stored the paper: an edited value is put back.
- The lock is not held while the editor is open; instead the file must still hold the
  text the edit started from, or the edit is refused (and the draft kept) as a conflict.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import yaml

from papercli.citekeys import is_valid_key, key_rule
from papercli.dates import is_valid_date
from papercli.entry_yaml import SafeLoader, entry_from_yaml, yaml_problem
from papercli.errors import InputError, PapercliError
from papercli.model import Entry, EntryFormatError, match_key
from papercli.ops.import_merge import IdentityIndex, identities
from papercli.ops.importing import clean_entry
from papercli.ops.tagging import validate
from papercli.store import Store

T = TypeVar("T")


class InvalidEdit(InputError):
    """A saved draft that is not a valid entry; ``reason`` says what is wrong."""

    def __init__(self, reason: str, kept: str = "") -> None:
        super().__init__(f"the edited entry is not valid: {reason}{kept}")
        self.reason = reason


class EditAbandoned(PapercliError):
    """The user chose to keep the old version after an invalid save."""


class EditConflict(PapercliError):
    """The entry changed on disk while it was being edited: nothing written, exit 1 (the
    library itself is fine, so not LibraryError's 2, which Click also uses for usage)."""

    exit_code = 1


@dataclass
class EditTarget:
    """The entry file an edit starts from: its key, exact text, and entry when readable."""

    key: str
    text: str
    entry: Entry | None


@dataclass
class EditResult:
    """A valid saved draft: the entry it makes, the key it had, the draft's text, whether
    it changes anything, and things worth telling the user."""

    entry: Entry
    old_key: str
    text: str
    changed: bool = True
    warnings: list[str] = field(default_factory=list)

    @property
    def renamed(self) -> bool:
        """True when the edit changed the paper's key."""
        return self.entry.key != self.old_key


def load_target(store: Store, key: str) -> EditTarget:
    """The entry file for ``key`` as text; a file that is not a valid entry can be fixed."""
    (key,) = store.resolve([key], "nothing was changed")
    return EditTarget(key, store.read_text(key), store.try_read(key))


def parse_entry_text(text: str) -> Entry:
    """An Entry from entry-file text; InvalidEdit saying what is wrong, and where."""
    try:
        _check_no_repeated_fields(text)
        return entry_from_yaml(text)
    except yaml.YAMLError as exc:
        _check_no_conflict_markers(text)
        raise InvalidEdit(f"not valid YAML ({yaml_problem(exc)})") from None
    except EntryFormatError as exc:
        raise InvalidEdit(str(exc)) from None


def _check_no_conflict_markers(text: str) -> None:
    """InvalidEdit that explains a merge conflict left by ``sync`` (see ops/field_merge)."""
    from papercli.ops.field_merge import conflict_lines

    lines = conflict_lines(text)
    if lines:
        raise InvalidEdit(
            f"a merge conflict is still marked (line {lines[0]}): keep one version of each "
            "field and delete the <<<<<<<, ======= and >>>>>>> lines"
        )


def _check_no_repeated_fields(text: str) -> None:
    """YAML keeps the last of two equal keys; in a hand edit that is a mistake."""
    node = yaml.compose(text, Loader=SafeLoader)
    if not isinstance(node, yaml.MappingNode):
        return
    seen: dict[str, int] = {}
    for key_node, _ in node.value:
        name, line = str(key_node.value), key_node.start_mark.line + 1
        if name in seen:
            raise EntryFormatError(f"field '{name}' appears twice (lines {seen[name]} and {line})")
        seen[name] = line


def check_edit(store: Store, target: EditTarget, text: str) -> EditResult | None:
    """Validate a saved draft against ``target``: None when the text is as it was, else the
    result (whose ``changed`` is False when only comments or layout changed); InvalidEdit
    saying what is wrong."""
    if text == target.text:
        return None
    entry = clean_entry(parse_entry_text(text))
    warnings = _check_fields(entry, target.entry)
    if entry.key != target.key:
        _check_key_free(store, entry.key, target.key)
    changed = target.entry is None or entry != target.entry
    return EditResult(entry, target.key, text, changed, warnings)


def _check_fields(entry: Entry, old: Entry | None) -> list[str]:
    """Checks beyond field types; fixes ``added`` and new tags' spelling in place."""
    if not is_valid_key(entry.key):
        raise InvalidEdit(
            f"key '{entry.key}' must be 1-120 characters BibTeX and biber accept: {key_rule()}"
        )
    if entry.date is not None and not is_valid_date(entry.date):
        raise InvalidEdit(f"date '{entry.date}' must be YYYY, YYYY-MM or YYYY-MM-DD, or null")
    own = {match_key(t) for t in old.tags} if old else set()
    try:
        entry.tags = [t if match_key(t) in own else validate(t) for t in entry.tags]
    except InputError as exc:
        raise InvalidEdit(str(exc)) from None
    if old is not None and entry.date != old.date:
        entry.date_inferred = False  # a date the user wrote is explicit
    if old is not None and entry.added != old.added:
        entry.added = old.added
        return [f"'added' records when the paper was added; kept {old.added!r}"]
    return []


def _check_key_free(store: Store, new_key: str, old_key: str) -> None:
    """InvalidEdit when another entry already uses ``new_key`` (ignoring case)."""
    folded = new_key.casefold()
    for key in store.all_keys():
        if key != old_key and key.casefold() == folded:
            raise InvalidEdit(
                f"key '{new_key}' is already used by {store.entry_path(key)}; "
                f"choose another or keep '{old_key}'"
            )
    owner = store.find_keys([new_key]).get(new_key)
    if owner is not None and owner != old_key and owner.casefold() != folded:
        raise InvalidEdit(
            f"key '{new_key}' is a former key of {owner} (it still cites that paper); "
            f"choose another or keep '{old_key}'"
        )


def _check_aliases_free(store: Store, entry: Entry, old_key: str) -> None:
    """InvalidEdit when an alias is another paper's key or alias: it would name two papers."""
    owners = store.find_keys(entry.aliases)
    for alias in entry.aliases:
        owner = owners.get(alias)
        if owner is not None and owner not in (old_key, entry.key):
            raise InvalidEdit(
                f"alias '{alias}' already names {owner}; an alias may name one paper only"
            )


def apply_edit(store: Store, target: EditTarget, result: EditResult) -> None:
    """Write an accepted edit under the lock; renames write the new file before removing
    the old one, so a crash in between leaves both, never neither."""
    new = result.entry
    with store.transaction():
        _check_unchanged(store, target.key, target.text, result.text)
        _check_aliases_free(store, new, target.key)
        if result.renamed:
            _check_key_free(store, new.key, target.key)
            # The old key stays an alias, so documents citing it keep resolving.
            kept = [a for a in new.aliases if a.casefold() != new.key.casefold()]
            if target.key.casefold() not in {a.casefold() for a in kept}:
                kept.append(target.key)
            new.aliases = kept
        store.replace(target.key, new)
    result.warnings.extend(twin_warnings(store, new, target))


def _check_unchanged(store: Store, key: str, expected: str, draft: str) -> None:
    try:
        current: str | None = store.read_text(key)
    except PapercliError:
        current = None
    if current != expected:
        kept = keep_copy(draft, f"{key}-", ".yaml")
        raise EditConflict(
            f"{store.entry_path(key)} changed while you were editing it; nothing was written, "
            f"your version is kept in {kept}"
        )


def twin_warnings(store: Store, entry: Entry, target: EditTarget) -> list[str]:
    """A warning when the edit gave ``entry`` the arXiv id, DOI or title of another paper."""
    old = target.entry
    if old is not None and identities(old) == identities(entry):
        return []
    others = [e for e in store.matches([entry]) if e.key not in (entry.key, target.key)]
    by_identity = IdentityIndex()
    for other in others:
        by_identity.add(other)
    twin = by_identity.find(entry)
    if twin is None:
        return []
    return [
        f"{entry.key} now looks like the same paper as {twin.key}; "
        "'papercli doctor' lists likely duplicates"
    ]


@contextlib.contextmanager
def draft_file(text: str, name: str) -> Iterator[Path]:
    """A private temp file holding ``text``, removed (with its folder) afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="papercli-edit-"))
    try:
        path = folder / name
        path.write_text(text, encoding="utf-8", newline="\n")
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def read_draft(path: Path) -> str:
    """What the editor saved; InputError when the draft is gone, InvalidEdit if not UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"the editor removed {path}; nothing was changed") from None
    except UnicodeDecodeError:
        raise InvalidEdit("the file is not UTF-8 text") from None


def keep_copy(text: str, prefix: str, suffix: str) -> Path:
    """Save ``text`` in a new temp file that outlives the command, for the user to reuse."""
    with tempfile.NamedTemporaryFile(
        "w", prefix=f"papercli-{prefix}", suffix=suffix, delete=False, encoding="utf-8"
    ) as handle:
        handle.write(text)
    return Path(handle.name)


def edit_until_valid(
    path: Path,
    check: Callable[[str], T],
    ask_reopen: Callable[[InvalidEdit], bool] | None,
    run_editor: Callable[[Path], None],
    key: str,
) -> T:
    """Run the editor on ``path`` until ``check`` accepts what was saved.

    On an invalid save, ``ask_reopen(error)`` decides: True opens the editor again on the
    user's text, False raises EditAbandoned. Without ``ask_reopen`` (no terminal to ask
    on) the InvalidEdit is raised at once. The old version is kept in both cases.
    """
    while True:
        run_editor(path)
        try:
            return check(read_draft(path))
        except InvalidEdit as exc:
            if ask_reopen is None:
                raise InvalidEdit(exc.reason, f"; the old version of {key} was kept") from None
            if not ask_reopen(exc):
                raise EditAbandoned(f"kept the old version of {key}; nothing was changed") from None


def edit_entry(
    store: Store,
    key: str,
    ask_reopen: Callable[[InvalidEdit], bool] | None,
    run_editor: Callable[[Path], None],
) -> EditResult | None:
    """The whole ``edit`` round trip: None when the text is unchanged, else the result,
    written when ``changed``."""
    target = load_target(store, key)
    with draft_file(target.text, f"{key}.yaml") as path:
        result = edit_until_valid(
            path, lambda text: check_edit(store, target, text), ask_reopen, run_editor, key
        )
    if result is not None and result.changed:
        apply_edit(store, target, result)
    return result
