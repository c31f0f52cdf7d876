"""Back and forward through visited articles and positions, like a browser."""

from __future__ import annotations

from dataclasses import dataclass

from linareader.core.state import Position

__all__ = ["History", "Visit"]


@dataclass(frozen=True, slots=True)
class Visit:
    """An article and a place in it."""

    article: str
    position: Position


class History:
    """Two stacks around the present; a new visit clears the forward stack."""

    def __init__(self, limit: int = 200) -> None:
        self.limit = limit
        self._back: list[Visit] = []
        self._forward: list[Visit] = []

    def leave(self, here: Visit) -> None:
        """Remember *here* before jumping somewhere new."""
        if self._back and self._back[-1] == here:
            return
        self._back.append(here)
        del self._back[: -self.limit]
        self._forward.clear()

    def back(self, here: Visit) -> Visit | None:
        """Return the previous visit (and remember *here* for forward), or None."""
        if not self._back:
            return None
        self._forward.append(here)
        return self._back.pop()

    def forward(self, here: Visit) -> Visit | None:
        """Return the next visit (and remember *here* for back), or None."""
        if not self._forward:
            return None
        self._back.append(here)
        return self._forward.pop()
