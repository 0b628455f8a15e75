"""``papercli triage`` / ``papercli browse``: a list of papers above the selected one in full.

One indexed query fills the list (at most ``LIST_LIMIT`` papers; a search narrows it), so
the screen opens at once on a 100,000-paper library. Single keys act on the selected paper
through ``ops.triage.Session``, which writes each action to the library immediately.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from papercli.cli.tui.detail import detail_text
from papercli.cli.tui.screens import HelpScreen, NoteScreen, Prompt, RelatedScreen
from papercli.errors import PapercliError
from papercli.latex.readable import readable
from papercli.model import Entry, status_of
from papercli.ops.triage import Session

SEARCH_DELAY = 0.2  # seconds of no typing before a search runs
STATUS_WIDTH = 8
CHECK_EVERY = 1.0  # seconds between checks that the selected paper's file is unchanged


class TriageApp(App[None]):
    """The inbox (``browse=False``) or the whole library, one paper at a time."""

    TITLE = "papercli"
    ENABLE_COMMAND_PALETTE = False
    CSS = """
    #status { height: 1; padding: 0 1; background: $boost; }
    #filter { height: 1; border: none; padding: 0 1; display: none; }
    #filter.shown { display: block; }
    #papers { height: 40%; min-height: 3; border: none; padding: 0; text-wrap: nowrap;
              text-overflow: ellipsis; }
    #detail { height: 1fr; border-top: solid $primary; padding: 0 1; }
    """
    # Help and quit come first: a narrow footer cuts the last keys off.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "help"),
        Binding("q", "quit", "quit"),
        Binding("ctrl+c", "quit", "quit", show=False, priority=True),
        Binding("t", "mark('to-read')", "to-read"),
        Binding("r", "mark('read')", "read"),
        Binding("s", "mark('skipped')", "skip"),
        Binding("n", "mark('new')", "new", show=False),
        Binding("a", "tag", "tag"),
        Binding("e", "note", "note"),
        Binding("o", "open", "open", show=False),
        Binding("c", "copy(False)", "copy", show=False),
        Binding("C", "copy(True)", "\\cite", show=False),
        Binding("u", "undo", "undo"),
        Binding("slash", "filter", "search"),
        Binding("R", "related", "related", show=False),
        Binding("j", "move(1)", show=False),
        Binding("k", "move(-1)", show=False),
        Binding("escape", "clear_filter", show=False),
    ]

    def __init__(self, session: Session, browse: bool = False) -> None:
        super().__init__()
        self.session = session
        self.browse = browse
        self.entries: list[Entry] = []
        self.total = 0
        self.filter_text = ""
        self._pending = None

    def compose(self) -> ComposeResult:
        yield Static(id="status", markup=False)
        yield Input(placeholder="search (Esc clears)", id="filter")
        yield OptionList(id="papers")
        with VerticalScroll(id="detail"):
            yield Static(id="paper", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.set_interval(CHECK_EVERY, self.check_selected)
        self.load()
        if self.browse:
            self.action_filter()
        else:
            self.query_one("#papers").focus()

    # -- the list -----------------------------------------------------------------------

    def load(self) -> None:
        """Fill the list from the library (the inbox, or a search of it)."""
        try:
            self.entries, self.total = self.session.papers(self.filter_text)
        except PapercliError as exc:
            self.entries, self.total = [], 0
            self.notify(str(exc), severity="error")
        papers = self.query_one("#papers", OptionList)
        papers.clear_options()
        papers.add_options(Option(self.row(e), id=e.key) for e in self.entries)
        if self.entries:
            papers.highlighted = 0
        self.show_status()
        self.show_paper()

    def row(self, entry: Entry) -> Text:
        """One list line: the score (ranked inbox), the status, then the title as the detail
        pane reads it (TeX made readable), cut at the edge."""
        line = Text(no_wrap=True, overflow="ellipsis")
        score = self.session.scores.get(entry.key)
        if score is not None:
            line.append(f"{score:.2f} ", style="dim")
        line.append(f"{status_of(entry):<{STATUS_WIDTH}}", style="dim")
        line.append(" ".join(readable(entry.title).split()))
        return line

    def show_status(self) -> None:
        where = "library" if self.browse else "inbox"
        if self.filter_text.strip():
            where += f" · '{self.filter_text.strip()}'"
        shown = len(self.entries)
        noun = "paper" if self.browse else "new paper"
        if self.session.scores and not self.filter_text.strip():
            where += " · ranked"
        count = f"{self.total:,} {noun}{'s' if self.total != 1 else ''}"
        if shown < self.total:
            count = f"{shown:,} of {count}"
        self.query_one("#status", Static).update(f"{where} · {count} · ? for keys")

    def selected(self) -> Entry | None:
        index = self.query_one("#papers", OptionList).highlighted
        if index is None or not 0 <= index < len(self.entries):
            return None
        return self.entries[index]

    def check_selected(self) -> None:
        """Show the selected paper again when its file changed (an edit outside)."""
        if len(self.screen_stack) > 1:  # a dialog is open: check when it closes
            return
        entry = self.selected()
        if entry is None:
            return
        try:
            fresh = self.session.fresh(entry.key)
        except PapercliError:
            return
        if fresh is not None and fresh != entry:
            self.replace(fresh)

    def show_paper(self) -> None:
        entry = self.selected()
        paper = self.query_one("#paper", Static)
        if entry is not None:
            paper.update(detail_text(entry))
        elif self.filter_text.strip():
            paper.update("No paper matches this search. Esc clears it.")
        elif self.browse:
            paper.update("The library is empty: import a digest with 'papercli import FILE'.")
        else:
            paper.update(
                "The inbox is empty: nothing new to triage.\n\n"
                "Import a digest with 'papercli import FILE', or press q to quit."
            )
        self.query_one("#detail", VerticalScroll).scroll_home(animate=False)

    def replace(self, entry: Entry) -> None:
        """Show ``entry`` as now written, wherever it is in the list."""
        for index, shown in enumerate(self.entries):
            if shown.key == entry.key:
                self.entries[index] = entry
                papers = self.query_one("#papers", OptionList)
                papers.replace_option_prompt_at_index(index, self.row(entry))
        self.show_paper()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_paper()

    # -- actions ------------------------------------------------------------------------

    def act(self, fn: Callable[..., Entry], *args: object) -> Entry | None:
        """Run one session action on the selected paper; errors become one-line notices."""
        entry = self.selected()
        if entry is None:
            self.notify("no paper selected", severity="warning")
            return None
        try:
            written = fn(entry.key, *args)
        except PapercliError as exc:
            self.notify(str(exc), severity="error")
            return None
        self.replace(written)
        return written

    def action_mark(self, status: str) -> None:
        if self.act(self.session.mark, status) is not None:
            self.recount()
            self.notify(f"marked {status}", timeout=1.5)
            self.action_move(1)

    def recount(self) -> None:
        """Bring the header's count up to date (the inbox shrinks as papers are marked)."""
        if not self.filter_text.strip():
            try:
                self.total = self.session.count()
            except PapercliError:
                return
        self.show_status()

    def action_move(self, step: int) -> None:
        papers = self.query_one("#papers", OptionList)
        if self.entries:
            current = papers.highlighted or 0
            papers.highlighted = max(0, min(len(self.entries) - 1, current + step))

    def action_tag(self) -> None:
        entry = self.selected()
        if entry is None:
            self.notify("no paper selected", severity="warning")
            return

        def done(tag: str | None) -> None:
            if tag and tag.strip() and self.act(self.session.add_tag, tag) is not None:
                self.notify(f"tagged {tag.strip()}", timeout=1.5)

        tags = self.session.tag_names()
        self.push_screen(Prompt(f"tag for {entry.key} (Tab completes, Esc cancels)", tags), done)

    def action_note(self) -> None:
        entry = self.selected()
        if entry is None:
            self.notify("no paper selected", severity="warning")
            return

        def done(text: str | None) -> None:
            if text is not None and self.act(self.session.set_note, text) is not None:
                self.notify("note saved", timeout=1.5)

        self.push_screen(NoteScreen(entry.key, entry.note or ""), done)

    def action_open(self) -> None:
        from papercli.ops.links import open_in_browser, require_url

        entry = self.selected()
        if entry is None:
            return
        try:
            url = require_url(entry)
        except PapercliError as exc:
            self.notify(str(exc), severity="error")
            return
        try:
            open_in_browser(url)
        except PapercliError:
            self.copy_to_clipboard(url)
            self.notify(
                f"no web browser could be started here; the link is copied: {url}",
                severity="warning",
            )
            return
        self.notify(f"opened {url}", timeout=2)

    def action_copy(self, cite: bool) -> None:
        entry = self.selected()
        if entry is None:
            return
        text = f"\\cite{{{entry.key}}}" if cite else entry.key
        self.copy_to_clipboard(text)
        self.notify(f"copied {text}", timeout=1.5)

    def action_undo(self) -> None:
        try:
            message, entry = self.session.undo()
        except PapercliError as exc:
            self.notify(str(exc), severity="warning")
            return
        self.replace(entry)
        keys = [e.key for e in self.entries]
        if entry.key in keys:
            self.query_one("#papers", OptionList).highlighted = keys.index(entry.key)
        self.recount()
        self.notify(message, timeout=2)

    def action_help(self) -> None:
        self.clear_notifications()  # a message left over would cover the keys
        self.push_screen(HelpScreen())

    def action_related(self) -> None:
        entry = self.selected()
        if entry is None:
            self.notify("no paper selected", severity="warning")
            return
        try:
            hits = self.session.related(entry.key)
        except PapercliError as exc:
            self.notify(str(exc), severity="error")
            return
        self.clear_notifications()
        self.push_screen(RelatedScreen(entry, hits))

    # -- filtering ----------------------------------------------------------------------

    def action_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.add_class("shown")
        field.focus()

    def action_clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        if self.browse and field.has_focus and field.value:
            field.value = ""
            return
        field.value = ""
        if not self.browse:
            field.remove_class("shown")
        self.query_one("#papers").focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "filter":
            return
        if self._pending is not None:
            self._pending.stop()
        self._pending = self.set_timer(SEARCH_DELAY, self.apply_filter)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            self.apply_filter()
            self.query_one("#papers").focus()

    def apply_filter(self) -> None:
        self._pending = None
        text = self.query_one("#filter", Input).value
        if text.strip() != self.filter_text.strip():
            self.filter_text = text
            self.load()
