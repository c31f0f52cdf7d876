"""The app in French through the Pilot: footer, help, bookmarks, palette, header, notifications.

Binding descriptions are translated when the UI modules are imported, so these cases need a
process whose language is French from the start: ``test_app_language.py`` runs this file with
``LANG=fr_FR.UTF-8`` in its own pytest (the name keeps the main run from collecting it).
"""

from __future__ import annotations

import os

from linareader.core.i18n import current_language, install, language_from_env

install(language_from_env(os.environ))  # as cli.main does, before the UI is imported

import pytest  # noqa: E402
from textual.widgets import Input, Label, OptionList, Static  # noqa: E402

from linareader.core.paths import Paths  # noqa: E402
from linareader.core.state import StateStore  # noqa: E402
from linareader.ui.app import LinareaderApp  # noqa: E402
from linareader.ui.article_list import ArticleList  # noqa: E402
from linareader.ui.bookmarks_screen import BookmarksScreen  # noqa: E402
from linareader.ui.help_screen import HelpScreen  # noqa: E402
from linareader.ui.key_bar import KeyBar  # noqa: E402
from tests.ui.conftest import MakeApp, app_factory  # noqa: E402
from tests.ui.test_reader_app import open_ospos  # noqa: E402


@pytest.fixture
def make_app(isolated_dirs: Paths) -> MakeApp:
    """A fresh app on the test's folders (tests/ui's fixture, which lives in its conftest)."""
    return app_factory(isolated_dirs)


pytestmark = pytest.mark.skipif(
    current_language() != "fr", reason="run by test_app_language.py with LANG=fr_FR.UTF-8"
)

NBSP = "\u00a0"
OSPOS = "ospos-for-good-new-york-2024"
SIZE = (110, 32)


def texts(app: LinareaderApp, kind: type[Static]) -> list[str]:
    """The plain text of every *kind* widget on the top screen."""
    return [str(widget.visual) for widget in app.screen.query(kind)]


@pytest.mark.parametrize("width", [120, 100, 60])
async def test_footer_is_french(make_app: MakeApp, width: int) -> None:
    app = make_app()
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        keys, palette = bar.entries()
        shown = {entry.description for entry in keys}
        assert {"Quitter", "Aide", "Sommaire", "Marquer", "Marque-pages"} <= shown
        assert palette is not None and palette.description == "palette"
        assert not {"Quit", "Help", "Contents", "Bookmark", "Bookmarks"} & shown
        line = bar.render().plain
        assert " ? Aide " in line and line.rstrip().endswith("^p palette"), line  # always kept
        if width >= 120:  # the longer French labels all fit where English ones do
            assert all(f" {entry.display} {entry.description} " in line for entry in keys), line


async def test_sidebar_filter_and_marks_are_french(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        sidebar = app.screen.query_one(ArticleList)
        sidebar.focus()
        await pilot.press("m")  # mark the highlighted article read
        await pilot.pause()
        rows = "\n".join(sidebar.render_line(y).text for y in range(sidebar.size.height))
        assert "✓ lu" in rows and "✓ read" not in rows
        await pilot.press("slash")
        filter_input = app.screen.query_one("#filter", Input)
        assert filter_input.placeholder == f"filtre{NBSP}: mots tag: author: feed: unread"


async def test_help_screen_is_french(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        labels = texts(app, Label)
        assert labels[0] == "Touches"
        assert {"Appli", "Article", "Bibliothèque", "Marque-pages"} <= set(labels)
        assert "Chaque commande est aussi dans la palette (ctrl+p)." in labels
        rows = "\n".join(texts(app, Static))
        for french in ("Marquer", "Section suivante", "Occurrence précédente", "Quitter"):
            assert french in rows
        assert "Next section" not in rows


async def test_bookmarks_screen_is_french(isolated_dirs: Paths, make_app: MakeApp) -> None:
    state = StateStore(isolated_dirs.state_file)
    state.load()
    state.add_bookmark(OSPOS, "gone-section", "Une section disparue", note="à relire")
    state.save()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        assert texts(app, Label)[0] == "Marque-pages"
        assert app.screen.query_one(Input).placeholder == "filtrer les marque-pages"
        prompt = str(
            app.screen.query_one("#bookmarks-list", OptionList).get_option_at_index(0).prompt
        )
        assert "section introuvable" in prompt and "à relire" in prompt
        await pilot.press("d")  # delete it: a French notification, then the empty list
        await pilot.pause()
        assert f"Marque-page retiré{NBSP}: Une section disparue" in [
            n.message for n in app._notifications
        ]
        empty = str(
            app.screen.query_one("#bookmarks-list", OptionList).get_option_at_index(0).prompt
        )
        assert empty == f"Aucun marque-page pour l'instant{NBSP}: appuyez sur b sur une section."


async def test_reader_header_dates_and_reading_time_are_french(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_ospos(pilot)
        text = "\n".join(reader.render_line(y).text for y in range(reader.size.height))
        assert "Alexandre Zapolsky · juillet 2024 · 5 min de lecture" in text
        assert "OSPOs for Good, New-York 2024" in text  # a title is data: never translated


async def test_palette_commands_are_french(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {f"appli{NBSP}: Thème", f"appli{NBSP}: Quitter", f"appli{NBSP}: Aide"} <= titles
        assert f"bibliothèque{NBSP}: Tout marquer comme lu" in titles
        assert not any(title.startswith("app:") for title in titles)
        entries = {entry.title for entry in app.key_entries()}
        assert f"article{NBSP}: Marquer" in entries
        assert f"marque-pages{NBSP}: Modifier la note" in entries
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.query_one(Input).placeholder == "Chercher une commande…"
        await pilot.press("escape")
        app.action_change_theme()  # "appli : Thème" opens Textual's theme list
        await pilot.pause()
        assert app.screen.query_one(Input).placeholder == "Chercher un thème…"


async def test_start_warnings_are_french(isolated_dirs: Paths, make_app: MakeApp) -> None:
    isolated_dirs.config_dir.mkdir(parents=True)
    isolated_dirs.config_file.write_text(
        "keymap:\n  toggle-bookmrk: x\ntheme: nope\n", encoding="utf-8"
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert (
            f"config.yaml{NBSP}: keymap{NBSP}: identifiant de raccourci inconnu "
            f"«{NBSP}toggle-bookmrk{NBSP}» (vouliez-vous dire «{NBSP}toggle-bookmark{NBSP}»{NBSP}?)"
        ) in messages
        assert any(m.startswith(f"Thème inconnu «{NBSP}nope{NBSP}»") for m in messages)


async def test_ctrl_c_hint_is_french(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+c")
        await pilot.pause()
        (hint,) = app._notifications
        assert hint.title == f"Voulez-vous quitter{NBSP}?"
        assert hint.message.startswith("Appuyez sur ")
        assert hint.message.endswith(" pour quitter l'application")
