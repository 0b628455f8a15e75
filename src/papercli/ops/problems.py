"""One thing ``doctor`` found wrong with a library: what every check returns."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Problem:
    """One thing wrong with the library. ``files`` are paths relative to the library."""

    kind: str
    message: str
    files: list[str] = field(default_factory=list)
    fixable: bool = False
    # Further fields for ``--json`` (a duplicate group's ``keys`` and ``reason``).
    details: dict[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        """Plain data for ``--json``."""
        return {
            "kind": self.kind,
            "message": self.message,
            "files": self.files,
            "fixable": self.fixable,
            **self.details,
        }
