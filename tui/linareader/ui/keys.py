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

__all__ = ["NAMESPACES", "KeyEntry", "binding_entries", "unknown_ids"]

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
        return f"{self.namespace}: {self.description}"


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
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            warnings.append(f"config.yaml: keymap: unknown binding id '{binding_id}'{hint}")
    return warnings
