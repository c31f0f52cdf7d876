"""The French catalogue is complete, compiled, well typeset, and no text is shown untranslated.

A new message in the code fails here until ``make i18n`` brings it into the catalogue and it is
translated; a literal shown to the user without ``_()`` fails too.
"""

from __future__ import annotations

import argparse
import ast
import gettext
import inspect
import io
import re
import textwrap
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from linareader.cli_argparse import ARGPARSE_MESSAGES
from linareader.core.i18n import LOCALE_DIR
from linareader.ui.app_words import TEXTUAL_WORDS  # Textual's English: lookup keys
from tests.i18n import scan

FRENCH_PO = LOCALE_DIR / "fr" / "LC_MESSAGES" / "linareader.po"
FRENCH_MO = FRENCH_PO.with_suffix(".mo")
NBSP = "\u00a0"

# Literals that reach a user-facing call but are not language: (module, text).
NOT_LANGUAGE = {
    ("linareader/cli.py", "open"),  # the default subcommand's name, inserted in argv
    ("linareader/core/search.py", "unreachable"),  # an assertion, never shown
    ("linareader/core/render/inline.py", "link"),  # a style name
}


def _catalogue() -> Catalog:
    with FRENCH_PO.open("rb") as handle:
        return read_po(handle, locale="fr")


def _key(message: Message) -> tuple[str | None, str]:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return message.context, msgid


def _strings(message: Message) -> list[str]:
    return [message.string] if isinstance(message.string, str) else list(message.string)


def _entries() -> list[Message]:
    return [message for message in _catalogue() if message.id]


def test_the_scan_finds_the_messages_of_every_layer() -> None:
    """Guards the scan itself: if it found nothing, the tests below could not fail."""
    found = {msgid for _context, msgid in scan.messages()}
    assert {"Bookmarks", "usage: ", "{minutes} min read", "linareader: warning: {message}"} <= found
    assert len(found) > 300


def test_every_message_of_the_code_has_a_french_translation() -> None:
    catalogue = {_key(message): message for message in _entries()}
    missing = sorted(
        f"{context or ''}|{msgid}"
        for context, msgid in scan.messages()
        if (context, msgid) not in catalogue
        or not all(_strings(catalogue[(context, msgid)]))
        or catalogue[(context, msgid)].fuzzy
    )
    assert not missing, "untranslated (run `make i18n`, then translate in the .po):\n" + "\n".join(
        missing
    )


def test_the_catalogue_holds_no_message_the_code_no_longer_uses() -> None:
    used = scan.messages()
    stale = sorted(
        msgid for context, msgid in map(_key, _entries()) if (context, msgid) not in used
    )
    assert not stale, "stale entries (run `make i18n`):\n" + "\n".join(stale)


def test_no_user_visible_literal_is_left_without_a_translation_call() -> None:
    findings = scan.unwrapped(NOT_LANGUAGE)
    assert not findings, "wrap these in _():\n" + "\n".join(map(str, findings))


_SQL = re.compile(r"\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|PRAGMA|BEGIN)\b")
# Sentences that are not the interface's: file formats and protocol strings, kept the same in
# every language so that files diff and sync (module, start of the text).
NOT_INTERFACE = {
    ("linareader/core/feeds.py", "# linareader feed subscriptions"),  # feeds.yaml's header
    ("linareader/core/fetch.py", "linareader/{} (terminal article reader)"),  # User-Agent
    ("linareader/core/feedparse.py", "<?xml"),
    ("linareader/core/opml.py", "<?xml"),
}


def test_no_sentence_is_left_outside_the_catalogue() -> None:
    """Catches a message kept in a variable before it is shown, which the scan above misses."""
    stray = [
        finding
        for finding in scan.stray_sentences()
        if not _SQL.match(finding.text)
        and not (finding.path == "linareader/ui/app_words.py" and finding.text in TEXTUAL_WORDS)
        and not any(
            finding.path == path and finding.text.startswith(start) for path, start in NOT_INTERFACE
        )
    ]
    assert not stray, "wrap these in _() or list them as not language:\n" + "\n".join(
        map(str, stray)
    )


def test_the_sentence_scan_sees_a_message_kept_in_a_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = tmp_path / "linareader" / "kept.py"
    module.parent.mkdir()
    module.write_text('def f(n):\n    text = f"Found {n} articles"\n    return text\n')
    monkeypatch.setattr(scan, "SOURCE", tmp_path)
    assert [f.text for f in scan.stray_sentences()] == ["Found {} articles"]
    module.write_text('def f(n):\n    text = _("Found {n} articles")\n    """A docstring."""\n')
    assert scan.stray_sentences() == []


@pytest.mark.parametrize(
    "source",
    [
        'self.notify("Saved the file.")',
        'self.notify(f"Saved {path}.", markup=False)',
        'yield Label("Bookmarks", id="title")',
        'Binding("q", "quit", "Quit", id="quit")',
        'log.warning("Cannot read %s: %s", path, error)',
        'raise FeedError(f"No feed named {name}.")',
        'parser.add_argument("--json", help="machine-readable output")',
        'lines.append("Tags: " + ", ".join(tags))',
        'self.notify("Done." if ok else "Failed.")',
        'options.add_option(Option(Content("No bookmarks yet."), disabled=True))',
        'self.sub_title = "Bookmarks"',
        'title = Span("Links", "heading-2")',
    ],
)
def test_the_unwrapped_scan_catches_a_forgotten_translation(
    source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each shape of forgotten ``_()`` is found (so the test above can fail)."""
    module = tmp_path / "linareader" / "forgot.py"
    module.parent.mkdir()
    body = "\n".join(["class FeedError(Exception): ...", "def f(self, path, name, ok):"])
    module.write_text(f"{body}\n    {source}\n", encoding="utf-8")
    monkeypatch.setattr(scan, "SOURCE", tmp_path)
    assert [finding.path for finding in scan.unwrapped(set())] == ["linareader/forgot.py"]
    wrapped = re.sub(r'(f?"[^"]*[A-Za-z]{2}[^"]*")', r"_(\1)", source)
    module.write_text(f"{body}\n    {wrapped}\n", encoding="utf-8")
    assert scan.unwrapped(set()) == []


def test_the_compiled_catalogue_matches_the_po_file() -> None:
    compiled = io.BytesIO()
    write_mo(compiled, _catalogue())
    compiled.seek(0)
    expected = gettext.GNUTranslations(compiled)
    with FRENCH_MO.open("rb") as handle:
        shipped = gettext.GNUTranslations(handle)
    assert shipped._catalog == expected._catalog, "run `make i18n` to compile the catalogue"  # type: ignore[attr-defined]


_FIELD = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sdr]|%[sdr]")


@pytest.mark.parametrize("message", _entries(), ids=lambda m: _key(m)[1][:40])
def test_translations_keep_every_placeholder(message: Message) -> None:
    """A missing or misspelt ``{name}`` would raise at run time in French only."""
    expected = sorted(_FIELD.findall(_key(message)[1]))
    for string in _strings(message):
        assert sorted(_FIELD.findall(string)) == expected, string


def _typography_errors(text: str) -> list[str]:
    errors = []
    if re.search(r" [:;!?](?:\s|$)", text):
        errors.append("an ordinary space before : ; ! or ? (use a no-break space)")
    if re.search(rf"[^\s{NBSP}][;!?](?:\s|$)", text):
        errors.append("no space before ; ! or ?")
    if re.search(rf"«(?!{NBSP})", text) or re.search(rf"(?<!{NBSP})»", text):
        errors.append("« and » need a no-break space inside")
    if re.search(r"(?<![A-Za-z])'[^']*[a-z][^']*'", text):
        errors.append("English quotes: use « »")
    return errors


@pytest.mark.parametrize("message", _entries(), ids=lambda m: _key(m)[1][:40])
def test_french_typography(message: Message) -> None:
    for string in _strings(message):
        assert not _typography_errors(string), (string, _typography_errors(string))


def test_the_typography_check_can_fail() -> None:
    assert _typography_errors("Voulez-vous quitter ?")
    assert _typography_errors("Voulez-vous quitter?")
    assert _typography_errors("« titre »")
    assert _typography_errors("le flux 'x' est vide")
    assert not _typography_errors(f"Voulez-vous quitter{NBSP}? «{NBSP}titre{NBSP}»")


def test_terminology_is_consistent() -> None:
    french = " ".join(s for message in _entries() for s in _strings(message)).lower()
    assert "marque-page" in french and "signet" not in french
    assert "bibliothèque" in french and "librairie" not in french
    assert "flux" in french and "fil rss" not in french


def test_argparse_still_spells_the_messages_we_translate() -> None:
    """A Python upgrade that rewords argparse would leave its new words in English."""
    tree = ast.parse(inspect.getsource(argparse))
    spelled = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    assert set(ARGPARSE_MESSAGES) <= spelled


def test_every_textual_system_command_we_keep_is_translated() -> None:
    """Textual's own command titles and help (pinned version) all have an entry."""
    from textual.app import App

    from linareader.ui.app_words import REPLACED_COMMANDS

    tree = ast.parse(textwrap.dedent(inspect.getsource(App.get_system_commands)))
    spoken = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "SystemCommand":
            title, help_text = (arg.value for arg in node.args[:2])  # type: ignore[attr-defined]
            if title not in REPLACED_COMMANDS:
                spoken |= {title, help_text}
    assert spoken == set(TEXTUAL_WORDS)


# Never shown in a widget: Markdown written into a saved article, and a CLI progress line.
_NOT_FOR_WIDGETS = {
    "[Read it on the site]({link})\n",
    "\rIndexing {done}/{total} articles for search…",
}


@pytest.mark.parametrize(
    "message",
    [m for m in _entries() if _key(m)[1] not in _NOT_FOR_WIDGETS],
    ids=lambda m: _key(m)[1][:40],
)
def test_translations_are_markup_safe(message: Message) -> None:
    """Shown in a widget that parses markup, every message reads literally (TEXTUAL-NOTES §4):
    a translation with ``[b]`` or an unbalanced ``[/]`` would restyle the text or crash."""
    from textual.content import Content

    for text in [_key(message)[1], *_strings(message)]:
        assert Content.from_markup(text).plain == text
