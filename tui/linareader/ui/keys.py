"""Every key binding of the app, with its id, namespace and current keys (after the keymap).

One table feeds the help screen, the command palette and the keymap check, so what the user
rebinds in ``config.yaml`` shows everywhere at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding
from textual.dom import DOMNode

from linareader.core.i18n import N_, _

__all__ = [
    "NAMESPACES",
    "KeyEntry",
    "binding_entries",
    "namespace_label",
    "namespaced",
    "unknown_ids",
]

#: Palette and help namespace of each binding id; anything else is "app".
NAMESPACES: dict[str, str] = {
    **dict.fromkeys(
        (
            "scroll-down",
            "scroll-up",
            "page-down",
            "page-up",
            "top",
            "bottom",
            "next-section",
            "previous-section",
            "find",
            "find-next",
            "find-previous",
            "close-find",
            "follow-link",
            "back",
            "forward",
            "open-source",
            "copy-link",
            "toggle-bookmark",
            "toggle-toc",
            "focus-mode",
        ),
        "article",
    ),
    **dict.fromkeys(
        (
            "bookmarks",
            "toggle-read",
            "unread-only",
            "next-article",
            "previous-article",
            "filter",
            "clear-filter",
            "list-down",
            "list-up",
            "list-page-down",
            "list-page-up",
            "list-first",
            "list-last",
            "list-open",
            "add-article",
            "delete-article",
        ),
        "library",
    ),
    "refresh-feeds": "feed",
    "search-library": "library",
    **dict.fromkeys(
        ("bookmarks-close", "bookmarks-filter", "bookmarks-delete", "bookmarks-edit"),
        "bookmarks",
    ),
    **dict.fromkeys(("conflicts-merge", "conflicts-later"), "state"),
}


@dataclass(frozen=True, slots=True)
class KeyEntry:
    """One binding: where it lives, what it does, and the keys that trigger it now."""

    id: str
    namespace: str
    description: str
    action: str
    keys: tuple[str, ...]
    owner: type[DOMNode]

    @property
    def title(self) -> str:
        """The palette title, e.g. ``article: Bookmark``."""
        return namespaced(self.namespace, self.description)


NAMESPACE_LABELS: dict[str, str] = {
    "app": N_("app"),
    "article": N_("article"),
    "library": N_("library"),
    "feed": N_("feed"),
    "bookmarks": N_("bookmarks"),
    "state": N_("state"),
}
"""Each namespace as the user reads it (the keys of :data:`NAMESPACES` are ids)."""


def namespace_label(namespace: str) -> str:
    """*namespace* in the interface language (``library`` -> ``bibliothèque``)."""
    return _(NAMESPACE_LABELS.get(namespace, namespace))


def namespaced(namespace: str, description: str) -> str:
    """A palette title: ``article: Bookmark`` (translated, namespace included)."""
    return _("{namespace}: {command}").format(
        namespace=namespace_label(namespace), command=description
    )


def binding_entries(owners: Iterable[type[DOMNode]], keymap: Mapping[str, str]) -> list[KeyEntry]:
    """Return the bindings (with ids) of *owners*, keys as rebound by *keymap*."""
    entries: dict[str, KeyEntry] = {}
    for owner in owners:
        merged = owner._merged_bindings  # Textual's merged class bindings (pinned version)
        if merged is None:
            continue
        found: dict[str, tuple[Binding, list[str]]] = {}
        for key, bindings in merged.key_to_bindings.items():
            for binding in bindings:
                if binding.id and not binding.system:
                    found.setdefault(binding.id, (binding, []))[1].append(key)
        for binding_id, (binding, keys) in found.items():
            if binding_id in entries:
                continue
            rebound = keymap.get(binding_id)
            chosen = [k.strip() for k in rebound.split(",")] if rebound else keys
            entries[binding_id] = KeyEntry(
                id=binding_id,
                namespace=NAMESPACES.get(binding_id, "app"),
                description=binding.description or binding_id.replace("-", " ").capitalize(),
                action=binding.action,
                keys=tuple(chosen),
                owner=owner,
            )
    return sorted(entries.values(), key=lambda e: (e.namespace, e.description))


def unknown_ids(keymap: Mapping[str, str], entries: Iterable[KeyEntry]) -> list[str]:
    """One-line warnings for keymap ids that name no binding (with the nearest valid id)."""
    known = [entry.id for entry in entries]
    warnings = []
    for binding_id in keymap:
        if binding_id not in known:
            close = difflib.get_close_matches(binding_id, known, n=1)
            hint = _(" (did you mean '{value}'?)").format(value=close[0]) if close else ""
            warnings.append(
                _("config.yaml: keymap: unknown binding id '{binding_id}'{hint}").format(
                    binding_id=binding_id, hint=hint
                )
            )
    return warnings
