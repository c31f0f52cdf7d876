"""Every bookmark of the library: filter, jump, delete, edit the note."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from linareader.core.i18n import _
from linareader.core.state import Bookmark, StateStore
from linareader.core.textsearch import fold
from linareader.ui.dialogs import PromptDialog
from linareader.ui.lists import KeyList

__all__ = ["BookmarksScreen"]


class BookmarksScreen(ModalScreen[Bookmark | None]):
    """Lists bookmarks (article › section, note, date); answers with the one chosen."""

    BINDINGS = [
        Binding("escape", "close", _("Close"), id="bookmarks-close"),
        Binding("slash", "filter", _("Filter"), id="bookmarks-filter"),
        Binding("d,delete", "delete", _("Delete"), id="bookmarks-delete"),
        Binding("e", "edit", _("Edit note"), id="bookmarks-edit"),
    ]

    def __init__(
        self,
        state: StateStore,
        title_of: Callable[[str], str],
        found: Callable[[Bookmark], bool],
    ) -> None:
        super().__init__()
        self.state = state
        self.title_of = title_of
        self.found = found
        self.shown: list[Bookmark] = []
        self._found: dict[tuple[str, str], bool] = {}

    def compose(self) -> ComposeResult:
        """A title, a filter input (shown by ``/``) and the list."""
        with Vertical(id="bookmarks-box"):
            yield Label(_("Bookmarks"), id="bookmarks-title")
            yield Input(placeholder=_("filter bookmarks"), id="bookmarks-filter-input")
            yield KeyList(id="bookmarks-list")

    def on_mount(self) -> None:
        """Fill the list and put the cursor in it."""
        self._fill()
        self.query_one("#bookmarks-list", OptionList).focus()

    def _fill(self) -> None:
        query = fold(self.query_one("#bookmarks-filter-input", Input).value.strip())
        options = self.query_one("#bookmarks-list", OptionList)
        shown: list[Bookmark] = []
        prompts: list[Option] = []
        for mark in self.state.bookmarks():
            title = self.title_of(mark.article)
            text = f"{title} {mark.heading} {mark.note}"
            if query and query not in fold(text):
                continue
            shown.append(mark)
            details = [mark.created[:10]]
            key = (mark.article, mark.anchor)
            if key not in self._found:
                self._found[key] = self.found(mark)
            if not self._found[key]:
                details.append(_("section not found"))
            prompt = Content.assemble(
                ("★ ", "$accent"),
                (title, "bold"),
                " › ",
                mark.heading,
                "\n  ",
                (mark.note, "italic") if mark.note else "",
                ("   " if mark.note else "") + " · ".join(details),
            )
            prompts.append(Option(prompt))
        self.shown = shown
        options.set_options(prompts)
        if prompts:
            options.highlighted = 0
        else:
            empty = (
                _("No bookmarks match.") if query else _("No bookmarks yet: press b on a section.")
            )
            options.add_option(Option(Content(empty), disabled=True))

    @property
    def current(self) -> Bookmark | None:
        """The bookmark under the cursor."""
        index = self.query_one("#bookmarks-list", OptionList).highlighted
        if index is None or not 0 <= index < len(self.shown):
            return None
        return self.shown[index]

    @on(Input.Changed, "#bookmarks-filter-input")
    def _filter_changed(self) -> None:
        self._fill()

    @on(Input.Submitted, "#bookmarks-filter-input")
    def _filter_done(self) -> None:
        self.query_one("#bookmarks-list", OptionList).focus()

    @on(OptionList.OptionSelected, "#bookmarks-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.shown):
            self.dismiss(self.shown[event.option_index])

    def action_filter(self) -> None:
        """Type to filter by article, section or note."""
        self.query_one("#bookmarks-filter-input", Input).focus()

    def action_close(self) -> None:
        """Clear the filter first, then close."""
        field = self.query_one("#bookmarks-filter-input", Input)
        if field.has_focus and field.value:
            field.value = ""
            return
        self.dismiss(None)

    def action_delete(self) -> None:
        """Delete the bookmark under the cursor."""
        mark = self.current
        if mark is None:
            return
        self.state.remove_bookmark(mark.article, mark.anchor)
        self.state.save()
        self._fill()
        self.notify(_("Bookmark removed: {heading}").format(heading=mark.heading), markup=False)

    def action_edit(self) -> None:
        """Edit the note of the bookmark under the cursor."""
        mark = self.current
        if mark is None:
            return

        def done(note: str | None) -> None:
            if note is not None:
                self.state.set_note(mark.article, mark.anchor, note)
                self.state.save()
                self._fill()

        self.app.push_screen(
            PromptDialog(_("Note for “{heading}”").format(heading=mark.heading), mark.note), done
        )
