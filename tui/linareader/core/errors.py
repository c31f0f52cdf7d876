"""The one error hierarchy of linareader.

Every failure a user can meet is a :class:`LinareaderError` whose message is one sentence that
says what happened and, where there is one, what to do::

    LinareaderError
     ├── ArticleNotFound      an ARTICLE argument matched nothing
     ├── AmbiguousArticle     an id prefix matched several articles
     ├── SectionNotFound      a SECTION argument matched no heading
     └── StateError           the state file could not be written
"""

from __future__ import annotations

__all__ = [
    "AmbiguousArticle",
    "ArticleNotFound",
    "LinareaderError",
    "SectionNotFound",
    "StateError",
]


class LinareaderError(Exception):
    """Root of every error linareader reports to a user; ``str(err)`` is the message."""


class ArticleNotFound(LinareaderError):
    """No article matches an id, id prefix or path."""


class AmbiguousArticle(LinareaderError):
    """An id prefix matches more than one article."""


class SectionNotFound(LinareaderError):
    """No heading of an article matches a section anchor or heading text."""


class StateError(LinareaderError):
    """The state file could not be saved (read-only directory, disk full, ...)."""
