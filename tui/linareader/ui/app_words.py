"""Textual's own words in the interface language: the palette key, its search field, the system
commands the app keeps (Theme, Quit, Maximize, Minimize) and the ctrl+c hint.

Textual spells these in English inside its classes; the app replaces each one where Textual
offers a way in (a binding, a method), so the catalogue holds them like any other message.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen

from linareader.core.i18n import N_, _
from linareader.ui.keys import namespaced

__all__ = ["TEXTUAL_WORDS", "LocalisedApp"]

TEXTUAL_WORDS: dict[str, str] = {
    "Theme": N_("Theme"),
    "Change the current theme": N_("Change the current theme"),
    "Quit": N_("Quit"),
    "Quit the application as soon as possible": N_("Quit the application as soon as possible"),
    "Maximize": N_("Maximize"),
    "Maximize the focused widget": N_("Maximize the focused widget"),
    "Minimize": N_("Minimize"),
    "Minimize the widget and restore to normal size": N_(
        "Minimize the widget and restore to normal size"
    ),
}
"""Textual's system command titles and help, as Textual 8.2.8 spells them (pinned)."""

REPLACED_COMMANDS = ("Keys", "Screenshot")
"""System commands the app replaces with its own (its help screen, its SVG screenshot)."""


class LocalisedApp(App[None]):
    """An App whose Textual-supplied texts come from linareader's catalogue."""

    BINDINGS = [
        # Declared here, Textual does not add its own English "palette" binding (same key,
        # display and priority as Textual's, so the footer looks the same in English).
        Binding(
            App.COMMAND_PALETTE_BINDING,
            "command_palette",
            _("palette"),
            show=False,
            priority=True,
            tooltip=_("Open the command palette"),
        ),
    ]

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's commands, translated, under the "app:" namespace (minus those replaced)."""
        for command in super().get_system_commands(screen):
            if command.title in REPLACED_COMMANDS:
                continue
            title = _(TEXTUAL_WORDS.get(command.title, command.title))
            help_text = _(TEXTUAL_WORDS.get(command.help, command.help))
            yield SystemCommand(namespaced("app", title), help_text, command.callback)

    def action_command_palette(self) -> None:
        """Open the command palette with a translated search field."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(
                CommandPalette(id="--command-palette", placeholder=_("Search for commands…"))
            )

    def search_themes(self) -> None:
        """Open the theme list with a translated search field."""
        from textual.theme import ThemeProvider

        self.push_screen(
            CommandPalette(providers=[ThemeProvider], placeholder=_("Search for themes…"))
        )

    def action_help_quit(self) -> None:
        """ctrl+c does not quit: say which key does (Textual's hint, translated)."""
        for active in self.active_bindings.values():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(
                    _("Press {key} to quit the app").format(
                        key=self.get_key_display(active.binding)
                    ),
                    title=_("Do you want to quit?"),
                    markup=False,
                )
                return
