"""Tags: validating, adding, removing, counting and renaming them across entries.

Rules:

- A tag is trimmed and runs of inner whitespace become one space; otherwise it is stored
  exactly as given (``Deep Learning`` stays ``Deep Learning``).
- Matching is case-insensitive: ``ML``, ``ml`` and `` ml `` are the same tag.
- A new tag is 1-64 characters: letters (any script), digits, spaces and ``- _ . : / +``,
  starting with a letter or digit. Everything else (quotes, commas, ``# $ & * ! | ;``
  brackets, backslashes...) is rejected: such characters need quoting in YAML or the
  shell, and a comma would split BibTeX ``keywords``.
- Tags already in the library that break these rules (hand edits) can still be removed or
  renamed away from; only tags being added are validated.

Functions return changed copies of entries and never modify their arguments.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from papercli.errors import InputError, NotFoundError
from papercli.model import Entry, match_key
from papercli.model import clean_tag as clean
from papercli.store import Query, Store

MAX_TAG_LENGTH = 64
ALLOWED_PUNCTUATION = "-_.:/+ "


def validate(tag: str) -> str:
    """The cleaned tag, or InputError saying which character is not allowed."""
    cleaned = clean(tag)
    if not cleaned:
        raise InputError("a tag cannot be empty")
    if len(cleaned) > MAX_TAG_LENGTH:
        raise InputError(f"tag '{cleaned[:20]}...' is longer than {MAX_TAG_LENGTH} characters")
    for char in cleaned:
        if not (char.isalnum() or char in ALLOWED_PUNCTUATION):
            raise InputError(
                f"tag {cleaned!r} contains {char!r}; tags may use letters, digits, spaces "
                "and - _ . : / +"
            )
    if not cleaned[0].isalnum():
        raise InputError(f"tag {cleaned!r} must start with a letter or digit")
    return cleaned


def has_tags(entry: Entry, tags: Iterable[str]) -> bool:
    """True when ``entry`` carries every tag in ``tags`` (case-insensitive)."""
    own = {match_key(t) for t in entry.tags}
    return all(match_key(t) in own for t in tags)


def _with_tags(entry: Entry, tags: list[str]) -> Entry | None:
    """A copy of ``entry`` with ``tags``, or None if that changes nothing."""
    return None if tags == entry.tags else dataclasses.replace(entry, tags=tags)


def _dedupe(tags: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for tag in tags:
        if match_key(tag) not in seen:
            seen.add(match_key(tag))
            out.append(tag)
    return out


def retag(
    entries: Sequence[Entry], add: Sequence[str] = (), remove: Sequence[str] = ()
) -> list[Entry]:
    """Add and remove tags; returns changed copies of the entries that changed.

    Added tags are validated first (InputError before anything changes). A tag the entry
    already has, in any case, is not added again; removal drops every spelling of it.
    """
    adding = _dedupe(validate(t) for t in add)
    removing = {match_key(t) for t in remove if clean(t)}
    if not adding and not removing:
        raise InputError("nothing to do; give --add TAG and/or --remove TAG")
    changed = []
    for entry in entries:
        tags = [t for t in entry.tags if match_key(t) not in removing]
        own = {match_key(t) for t in tags}
        tags += [t for t in adding if match_key(t) not in own]
        updated = _with_tags(entry, tags)
        if updated is not None:
            changed.append(updated)
    return changed


@dataclass
class TagCount:
    """A tag (its most common spelling) and how many papers carry it."""

    tag: str
    count: int

    def to_dict(self) -> dict[str, object]:
        """``{"tag": ..., "count": ...}`` for ``--json``."""
        return {"tag": self.tag, "count": self.count}


def count_tags(entries: Iterable[Entry]) -> list[TagCount]:
    """Every tag with the number of papers carrying it, most used first, then A-Z.

    Spellings are grouped case-insensitively and shown in their most common form (the
    first one seen on a tie).
    """
    papers: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for entry in entries:
        for tag in _dedupe(clean(t) for t in entry.tags if clean(t)):
            papers[match_key(tag)] += 1
            spellings.setdefault(match_key(tag), Counter())[tag] += 1
    counts = [TagCount(spellings[k].most_common(1)[0][0], n) for k, n in papers.items()]
    return sorted(counts, key=lambda c: (-c.count, c.tag.casefold(), c.tag))


def tag_papers(
    store: Store, keys: Sequence[str], add: Sequence[str] = (), remove: Sequence[str] = ()
) -> tuple[list[Entry], list[Entry]]:
    """Add and remove tags on the papers ``keys`` name: (all of them, the changed ones).

    Every key and tag is checked before anything is written.
    """
    for tag in add:
        validate(tag)

    def change(entry: Entry) -> Entry | None:
        changed = retag([entry], add, remove)
        return changed[0] if changed else None

    return store.change(keys, change)


def library_tag_counts(store: Store) -> list[TagCount]:
    """Every tag of the library with its paper count, most used first (from the index)."""
    return [TagCount(tag, count) for tag, count in store.tag_counts()]


def rename_tag_everywhere(store: Store, old: str, new: str) -> list[Entry]:
    """Rename tag ``old`` to ``new`` on every paper carrying it; the changed entries."""
    new_tag = validate(new)
    if not match_key(old):
        raise InputError("the tag to rename cannot be empty")
    store.require()

    def change(entry: Entry) -> Entry | None:
        changed = rename_tag([entry], old, new_tag)
        return changed[0] if changed else None

    entries, changed = store.change_all(Query(tags=(clean(old),)), change)
    if not entries:
        raise NotFoundError(f"no paper has the tag '{clean(old)}'; see 'papercli tags'")
    return changed


def rename_tag(entries: Sequence[Entry], old: str, new: str) -> list[Entry]:
    """Rename ``old`` (any case) to ``new`` everywhere; returns the changed entries.

    An entry that already has ``new`` keeps one copy of it (tags merge, never duplicate).
    NotFoundError when no entry carries ``old``.
    """
    new_tag = validate(new)
    old_key = match_key(old)
    if not old_key:
        raise InputError("the tag to rename cannot be empty")
    new_key = match_key(new_tag)
    changed = []
    found = False
    for entry in entries:
        if not any(match_key(t) == old_key for t in entry.tags):
            continue
        found = True
        tags = [new_tag if match_key(t) in (old_key, new_key) else t for t in entry.tags]
        updated = _with_tags(entry, _dedupe(tags))
        if updated is not None:
            changed.append(updated)
    if not found:
        raise NotFoundError(f"no paper has the tag '{clean(old)}'; see 'papercli tags'")
    return changed
