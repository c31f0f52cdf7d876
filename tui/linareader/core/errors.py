"""The one error hierarchy of linareader.

Every failure a user can meet is a :class:`LinareaderError` whose message is one sentence that
says what happened and, where there is one, what to do::

    LinareaderError
     ├── ArticleNotFound      an ARTICLE argument matched nothing
     ├── AmbiguousArticle     an id prefix matched several articles
     ├── SectionNotFound      a SECTION argument matched no heading
     ├── StateError           the state file could not be written
 ├── BadStateFile         a file given to `state merge` / `state import` is not usable state
     ├── DownloadError        a URL could not be fetched (timeout, too large, HTTP 404, ...)
     │    └── NotAnArticle    the page was fetched but holds nothing linareader can save
     ├── FeedError            a feed is unknown, unreadable or not a feed; feeds.yaml is bad
     ├── OpmlError            an OPML file could not be read
     ├── NotRemovable         `rm` on a bundled or local article
     └── Cancelled            a download or refresh was stopped by its caller
"""

from __future__ import annotations

__all__ = [
    "AmbiguousArticle",
    "ArticleNotFound",
    "BadStateFile",
    "Cancelled",
    "DownloadError",
    "FeedError",
    "LinareaderError",
    "NotAnArticle",
    "NotRemovable",
    "OpmlError",
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


class BadStateFile(LinareaderError):
    """Another copy of the state (to merge or import) is missing, unreadable or too new."""


class DownloadError(LinareaderError):
    """A download failed; the message names the URL and the reason."""


class NotAnArticle(DownloadError):
    """The URL answered, but with something that is not a readable article (an image, ...)."""


class FeedError(LinareaderError):
    """A feed subscription is unknown or broken, or a feed could not be read."""


class OpmlError(LinareaderError):
    """An OPML file is missing, too large or not OPML."""


class NotRemovable(LinareaderError):
    """Only saved pages and feed entries can be deleted."""


class Cancelled(LinareaderError):
    """The caller asked the work to stop (``should_stop`` returned true)."""
