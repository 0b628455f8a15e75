"""A three-way merge of one entry file: what git's ``papercli`` merge driver does.

Pure: three entry mappings in (the common ancestor ``base``, ``ours``, ``theirs``), one
merged mapping and the names of the fields that truly conflict out. Rules, field by field:

- ``tags``, ``urls``, ``categories``, ``aliases`` are sets: an item added on either side is
  kept, an item of the base removed on either side stays removed (tags compare ignoring
  case).
- ``note``: changed on one side, that side wins; changed on both, both are kept, ours
  first, separated by ``NOTE_MARKER`` (only the added text when both sides appended).
- ``added`` (when papercli first stored the paper): the earliest; ``upvotes`` (a live
  count): the largest. Neither is ever a conflict.
- Any other field (``extra`` key by key): changed on one side, that side wins; changed the
  same way on both, fine; changed differently on both, a conflict.

An added-on-both-sides file (two machines imported one paper under one key) has no base:
every field then counts as changed on both sides, so equal values merge and differing ones
conflict. ``render`` writes the merged entry as entry-file YAML, each conflicting field as
git-style ``<<<<<<< ours`` / ``=======`` / ``>>>>>>> theirs`` lines around both versions, so
nothing is lost, ``git status`` and ``papercli doctor`` show it, and ``papercli edit KEY``
resolves it (the save is refused until one version of each field is left).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from papercli.model import Entry, match_key

SET_FIELDS: dict[str, Callable[[str], str]] = {
    "tags": match_key,
    "urls": lambda url: url,
    "categories": str.casefold,
    "aliases": str.casefold,
}
NOTE_MARKER = "----- merged: the note below was written on another machine -----"
OURS_MARKER = "<<<<<<< ours"
SPLIT_MARKER = "======="
THEIRS_MARKER = ">>>>>>> theirs"
CONFLICT_PREFIXES = ("<<<<<<< ", ">>>>>>> ")
_FIELD_ORDER = [f.name for f in fields(Entry)]


@dataclass
class EntryMerge:
    """The merged mapping; ``conflicts`` maps each conflicting field to (ours, theirs)."""

    merged: dict[str, Any]
    conflicts: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        """True when no field needs a person to choose."""
        return not self.conflicts


def merge_entries(
    base: dict[str, Any] | None, ours: dict[str, Any], theirs: dict[str, Any]
) -> EntryMerge:
    """Merge ``theirs`` into ``ours`` against ``base`` (None: the file was added on both)."""
    ancestor = base or {}
    result = EntryMerge({})
    for name in _field_names(ancestor, ours, theirs):
        b, o, t = ancestor.get(name), ours.get(name), theirs.get(name)
        if name not in ours and name not in theirs:
            continue  # removed on both sides
        if name in SET_FIELDS:
            result.merged[name] = merge_set(b or [], o or [], t or [], SET_FIELDS[name])
        elif name == "note":
            result.merged[name] = merge_note(b, o, t)
        elif name == "extra" and isinstance(o, dict) and isinstance(t, dict):
            result.merged[name] = _merge_extra(b if isinstance(b, dict) else {}, o, t, result)
        else:
            _merge_scalar(name, b, o, t, result)
    return result


def _field_names(*mappings: dict[str, Any]) -> list[str]:
    """Entry fields in storage order, then any unknown ones in the order they appear."""
    seen = dict.fromkeys(name for m in mappings for name in m)
    known = [name for name in _FIELD_ORDER if name in seen]
    return known + [name for name in seen if name not in known]


def _merge_scalar(name: str, b: Any, o: Any, t: Any, result: EntryMerge) -> None:
    if o == t or t == b:
        result.merged[name] = o
    elif o == b:
        result.merged[name] = t
    elif name == "added" and isinstance(o, str) and isinstance(t, str):
        result.merged[name] = min(o, t)
    elif name == "upvotes" and isinstance(o, int) and isinstance(t, int):
        result.merged[name] = max(o, t)
    else:
        result.merged[name] = o
        result.conflicts[name] = (o, t)


def _merge_extra(
    base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any], result: EntryMerge
) -> dict[str, Any]:
    inner = EntryMerge({})
    for name in dict.fromkeys([*ours, *theirs, *base]):
        if name in base and (name not in ours or name not in theirs):
            # Removed on one side: stays removed unless the other side changed it.
            kept = ours.get(name, theirs.get(name))
            if kept != base[name]:
                inner.merged[name] = kept
            continue
        _merge_scalar(name, base.get(name), ours.get(name), theirs.get(name), inner)
    if inner.conflicts:
        result.conflicts["extra"] = (ours, theirs)
    return inner.merged


def merge_set(
    base: Iterable[str], ours: Iterable[str], theirs: Iterable[str], norm: Callable[[str], str]
) -> list[str]:
    """Ours then theirs' additions; an item of ``base`` missing from either side is dropped."""
    base_keys = {norm(v) for v in base}
    ours_keys = {norm(v) for v in ours}
    theirs_keys = {norm(v) for v in theirs}
    merged: list[str] = []
    seen: set[str] = set()
    for value in [*ours, *theirs]:
        key = norm(value)
        if key in seen:
            continue
        removed = key in base_keys and (key not in ours_keys or key not in theirs_keys)
        if not removed:
            merged.append(value)
            seen.add(key)
    return merged


def merge_note(base: str | None, ours: str | None, theirs: str | None) -> str | None:
    """One side's change wins; two different changes are both kept, ours first."""
    if ours == theirs or theirs == base:
        return ours
    if ours == base:
        return theirs
    if not ours or not theirs:
        return ours or theirs  # one side removed the note, the other rewrote it: keep it
    if base and ours.startswith(base) and theirs.startswith(base):
        return f"{ours}\n{NOTE_MARKER}\n{theirs[len(base) :].lstrip(chr(10))}"
    return f"{ours}\n{NOTE_MARKER}\n{theirs}"


def render(result: EntryMerge) -> str:
    """Entry-file text of ``result``: conflicting fields as both versions between markers."""
    from papercli.entry_yaml.emit import dump_mapping

    lines: list[str] = []
    for name, value in result.merged.items():
        if name in result.conflicts:
            ours, theirs = result.conflicts[name]
            lines.append(OURS_MARKER)
            lines.append(dump_mapping({name: ours}).rstrip("\n"))
            lines.append(SPLIT_MARKER)
            lines.append(dump_mapping({name: theirs}).rstrip("\n"))
            lines.append(THEIRS_MARKER)
        else:
            lines.append(dump_mapping({name: value}).rstrip("\n"))
    return "\n".join(lines) + "\n"


def conflict_lines(text: str) -> list[int]:
    """1-based numbers of the lines that open or close a conflict (``<<<<<<<``/``>>>>>>>``)."""
    return [
        number
        for number, line in enumerate(text.split("\n"), 1)
        if line.startswith(CONFLICT_PREFIXES)
    ]


def conflicting_fields(text: str) -> list[str]:
    """The fields between conflict markers in an entry file's text, in order."""
    names: list[str] = []
    inside = False
    for line in text.split("\n"):
        if line.startswith(CONFLICT_PREFIXES[0]):
            inside = True
        elif line.startswith(CONFLICT_PREFIXES[1]):
            inside = False
        elif inside and line and not line.startswith((" ", "-", SPLIT_MARKER)) and ":" in line:
            name = line.split(":", 1)[0].strip('"')
            if name not in names:
                names.append(name)
    return names


def merge_texts(base: str, ours: str, theirs: str) -> EntryMerge | None:
    """Merge three entry-file texts (``base`` empty: added on both sides).

    None when a side is not a YAML mapping (say, it already holds conflict markers): the
    caller then falls back to git's line-by-line merge.
    """
    import yaml

    from papercli.entry_yaml import load_yaml

    try:
        loaded = [load_yaml(text) if text.strip() else None for text in (base, ours, theirs)]
    except (yaml.YAMLError, ValueError):
        return None
    b, o, t = loaded
    if not isinstance(o, dict) or not isinstance(t, dict):
        return None
    if b is not None and not isinstance(b, dict):
        return None
    return merge_entries(b, o, t)
