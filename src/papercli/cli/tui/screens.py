"""The triage screen's dialogs: key help, adding a tag (with completion), writing a note."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static, TextArea

from papercli.latex.readable import readable
from papercli.model import Entry, match_key
from papercli.ops.triage import complete_tag

KEYS = """\
 j/k ↑/↓   move            t  mark to-read      r  mark read
 s         mark skipped    n  mark new again    a  add a tag
 e         write a note    o  open in browser   c  copy the key
 C         copy \\cite{key}  u  undo the last action
 R         related papers  /  filter by search (Esc clears)
 ?         this help       q  quit (or Ctrl+C)

Every action is saved to the library at once. Marked papers stay
listed until you quit or filter again, so undo can take them back."""


class HelpScreen(ModalScreen[None]):
    """The keys, until any key is pressed."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Static { width: auto; max-width: 78; border: round $accent; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Static(KEYS, markup=False)

    def on_key(self) -> None:
        self.dismiss()


class TagSuggester(Suggester):
    """Completes a tag from the library's tags, most used first, any case."""

    def __init__(self, tags: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = tags

    async def get_suggestion(self, value: str) -> str | None:
        match = complete_tag(value, self.tags)
        return None if match is None else value + match[len(value) :]


class Prompt(ModalScreen["str | None"]):
    """One line of input at the bottom; Enter gives the text, Esc gives None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel"),
        Binding("tab", "complete", "complete", show=False, priority=True),
    ]
    DEFAULT_CSS = """
    Prompt { align: center bottom; }
    Prompt > Vertical { height: auto; border-top: solid $accent; background: $surface; }
    Prompt Static { padding: 0 1; }
    """

    def __init__(self, label: str, tags: list[str] | None = None) -> None:
        super().__init__()
        self.label = label
        self.tags = tags

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.label, markup=False)
            suggester = TagSuggester(self.tags) if self.tags is not None else None
            yield Input(suggester=suggester, id="prompt")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        typed = match_key(event.value)
        same = [t for t in self.tags or () if match_key(t) == typed]
        self.dismiss(same[0] if same else event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_complete(self) -> None:
        """Tab takes the suggested tag, in the library's spelling."""
        field = self.query_one(Input)
        match = complete_tag(field.value, self.tags or [])
        if match is not None:
            field.value = match
            field.cursor_position = len(match)


class NoteScreen(ModalScreen["str | None"]):
    """The note in a text area; Ctrl+S saves, Esc leaves it as it was."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "save"),
        Binding("escape", "cancel", "cancel"),
    ]
    DEFAULT_CSS = """
    NoteScreen { align: center middle; }
    NoteScreen > Vertical { width: 100%; height: 12; border: round $accent; }
    NoteScreen TextArea { height: 1fr; }
    """

    def __init__(self, key: str, note: str) -> None:
        super().__init__()
        self.key = key
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"note of {self.key}  (Ctrl+S save, Esc cancel)", markup=False)
            yield TextArea(self.note, id="note")

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class RelatedScreen(ModalScreen[None]):
    """The papers nearest to one paper by text, until any key is pressed."""

    DEFAULT_CSS = """
    RelatedScreen { align: center middle; }
    RelatedScreen > Static { width: 90%; max-width: 100; border: round $accent; padding: 0 1; }
    """

    def __init__(self, entry: Entry, hits: list[tuple[Entry, float]]) -> None:
        super().__init__()
        self.entry = entry
        self.hits = hits

    def compose(self) -> ComposeResult:
        text = Text()
        text.append(f"related to {self.entry.key}", style="bold")
        text.append("  (any key closes)\n", style="dim")
        if not self.hits:
            text.append("no paper shares enough words with it")
        for hit, score in self.hits:
            text.append(f"\n{score:6.2f}  ", style="dim")
            text.append(f"{hit.key}  ", style="bold")
            text.append(" ".join(readable(hit.title).split()))
        yield Static(text, markup=False)

    def on_key(self) -> None:
        self.dismiss()
