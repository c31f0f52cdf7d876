"""The reader: one Line-API widget that renders only the part of an article in view.

Textual's ``Markdown`` widget builds one widget per block and needs minutes for a megabyte. Here
the article is cut into chunks by a cheap scan (``core.document``); a chunk is laid out
(``core.render``) only when it comes into view, and its lines are cached per width in a bounded
LRU. Chunks never laid out count with an estimated height; when an estimate is corrected the
view is re-anchored on the line at its top, so the text being read never jumps.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import accumulate

from textual import events, work
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from linareader.core.document import Document
from linareader.core.i18n import _
from linareader.core.render import Line, Link, RenderedChunk, lay_out
from linareader.core.render.code import load_lexer
from linareader.core.state import Position
from linareader.ui.decorate import Painted, decorate, match_ranges
from linareader.ui.spans import SpanPainter, class_style

__all__ = ["ReaderView"]

_CACHE_CHUNKS = 256
_GUTTER = 3  # room for the bookmark mark left of the text


@dataclass(slots=True)
class _Laid:
    """A chunk laid out at the current width, with its strips built lazily."""

    chunk: RenderedChunk
    strips: list[Strip] | None = None


class ReaderView(ScrollView, can_focus=True):
    """Shows one article; posts :class:`ReaderView.Moved` as the reader scrolls."""

    BINDINGS = [
        Binding("j,down", "scroll_down", _("Down"), show=False, id="scroll-down"),
        Binding("k,up", "scroll_up", _("Up"), show=False, id="scroll-up"),
        Binding("space,pagedown", "page_down", _("Page down"), show=False, id="page-down"),
        Binding("pageup", "page_up", _("Page up"), show=False, id="page-up"),
        Binding("g,home", "scroll_home", _("Top"), show=False, id="top"),
        Binding("G,end", "scroll_end", _("Bottom"), show=False, id="bottom"),
        Binding(
            "right_square_bracket", "next_section", _("Next section"), show=False, id="next-section"
        ),
        Binding(
            "left_square_bracket",
            "previous_section",
            _("Previous section"),
            show=False,
            id="previous-section",
        ),
        Binding("slash", "screen.start_find", _("Find"), id="find"),
        Binding("n", "screen.find_next", _("Next match"), show=False, id="find-next"),
        Binding("N", "screen.find_previous", _("Previous match"), show=False, id="find-previous"),
        Binding("o", "show_hints", _("Links"), id="follow-link"),
    ]

    class Moved(Message):
        """The view scrolled. Handle with ``on_reader_view_moved``."""

        def __init__(self, reader: ReaderView, section: int, at_end: bool) -> None:
            super().__init__()
            self.reader = reader
            self.section = section
            self.at_end = at_end

    class LinkChosen(Message):
        """A link hint was chosen. Handle with ``on_reader_view_link_chosen``."""

        def __init__(self, reader: ReaderView, link: Link) -> None:
            super().__init__()
            self.reader = reader
            self.link = link

    def __init__(self, *, width: int = 88, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text_width = width
        self.document: Document | None = None
        self.lang = ""
        self.bookmarked: set[str] = set()
        self._header: list[Line] = []
        self._header_source: Callable[[int], list[Line]] | None = None
        self._header_strips: list[Strip] = []
        self._heights: list[int] = []
        self._exact: list[bool] = []
        self._offsets: list[int] = []
        self._laid: OrderedDict[int, _Laid] = OrderedDict()
        self._layout_width = 0
        self._margin = 0
        self._anchoring = False
        self._offsets_dirty = False
        self._content_height = 0
        self.find_query = ""
        self._matches: list[tuple[int, int]] = []  # (chunk, occurrence in chunk)
        self.find_index = -1
        self._hints: dict[str, tuple[int, Link]] = {}  # label -> (chunk, link)
        self._lexers_wanted: set[str] = set()
        self.complete = True
        """Whether :attr:`document` is the whole article, not only its start."""
        self._end_wanted = False  # G pressed while only the start was shown
        # Set by show() before the first layout: (position to go to,), used by on_resize.
        self._waiting_position: tuple[Position | None] | None = None
        self._painter = SpanPainter(partial(class_style, self), lambda: self.rich_style)

    # -- public API --------------------------------------------------------------------------

    def show(
        self,
        document: Document,
        header: Callable[[int], list[Line]],
        position: Position | None,
        *,
        lang: str = "",
        complete: bool = True,
    ) -> None:
        """Display *document* below a header block, at *position* (or the top).

        *header* lays the header block out for a width, so it re-wraps on resize; *lang* is
        the article's language, for line breaking. Without *complete*, *document* is only the
        start of the article (``split_start``) until :meth:`extend` brings the rest: its end
        is not the article's, so it never counts as read and ``G`` goes on to the real end.
        """
        self._forget()
        self.document = document
        self.complete = complete
        self.lang = lang
        self._header_source = header
        if not self.size.width:  # not laid out yet: the first resize lays it out, once
            self._waiting_position = (position,)
            return
        self._relayout()
        if position is not None:
            self.go_to_position(position)
        self._ensure_visible_laid()
        self._after_move()

    def set_header(self, header: Callable[[int], list[Line]]) -> None:
        """Lay the header block out again from *header*; the text below does not move."""
        self._header_source = header
        if not self._layout_width:
            return
        before = len(self._header)
        self._header = header(self._layout_width)
        self._header_strips = []
        moved = len(self._header) - before
        if moved:
            self._recompute()
            if self.scroll_y > 0:
                self.scroll_to(y=self.scroll_y + moved, animate=False, immediate=True, force=True)
        self.refresh()

    def extend(self, document: Document) -> None:
        """Swap in the whole *document* whose start (``split_start``) is shown.

        Its first chunks are the ones on screen, so what is laid out stays and the view does
        not move; the other chunks count with estimated heights until they come into view.
        """
        shown = self.document
        if shown is None:
            return
        known = len(shown.chunks)
        self.document = document
        self.complete = True
        if document.references != shown.references:  # links to later definitions resolve
            self._laid.clear()
        if self._layout_width:
            self._heights += [self._estimate(chunk.text) for chunk in document.chunks[known:]]
            self._exact += [False] * (len(document.chunks) - known)
            self._recompute()
            self._ensure_visible_laid()
            if self._end_wanted:  # G was pressed before the rest arrived: go on to the end
                self.action_scroll_end()
        self._end_wanted = False
        if self._waiting_position is None:
            self._after_move()

    def _forget(self) -> None:
        """Drop everything about the previous article, before the next one is laid out."""
        self.document = None  # first: moving to the top must not speak for the old article
        self.find_query = ""
        self._matches = []
        self.find_index = -1
        self._hints = {}
        self._heights = []
        self._exact = []
        self._offsets = []
        self._laid.clear()
        self._layout_width = 0
        self._content_height = 0
        self.scroll_to(y=0, animate=False, immediate=True, force=True)

    def clear(self) -> None:
        """Show nothing (no article open)."""
        self._forget()
        self.document = None
        self._header_source = None
        self._relayout()

    @property
    def section_count(self) -> int:
        """How many sections the article has (the text before the first heading is one)."""
        return self.document.section_count if self.document is not None else 0

    @property
    def section(self) -> int:
        """The section at the top of the view (0 when nothing is open)."""
        top = self._locate(round(self.scroll_y))
        if top is None or self.document is None:
            return 0
        return self.document.chunks[top[0]].section

    def position(self) -> Position:
        """Where the reader is: the section at the top and the block at the top in it."""
        document = self.document
        top = self._locate(round(self.scroll_y))
        if document is None or top is None:
            return Position("", 0)
        index, line = top
        chunk = document.chunks[index]
        block = 0
        for earlier in document.chunks_of_section(chunk.section):
            if earlier == index:
                break
            block += self._block_count(earlier)
        starts = self._lay(index).chunk.block_starts
        block += max(0, bisect.bisect_right(starts, line) - 1)
        return Position(self._anchor_of_section(chunk.section), block)

    @property
    def progress(self) -> float:
        """How far through the article the bottom of the view is, from 0 to 1."""
        total = self._content_height
        if total <= 0 or self.document is None:
            return 0.0
        return min(1.0, (self.scroll_y + self.scrollable_content_region.height) / total)

    @property
    def at_end(self) -> bool:
        """Whether the last line of the article is in view."""
        if self.document is None or not self.complete or (self._exact and not self._exact[-1]):
            return False  # the end is only an estimate until it is laid out
        bottom = self.scroll_y + self.scrollable_content_region.height
        return bottom >= self._content_height

    def go_to_position(self, position: Position) -> None:
        """Scroll so that block ``position.block`` of section ``position.anchor`` is on top."""
        document = self.document
        if document is None:
            return
        if position.anchor == "" and position.block == 0:
            # The start of the article: show its header block too.
            self.scroll_to(y=0, animate=False, immediate=True, force=True)
            return
        section = document.section_of_anchor(position.anchor)
        if section is None:
            return
        remaining = position.block
        chunks = document.chunks_of_section(section)
        for index in chunks:
            count = self._block_count(index)
            if remaining < count or index == chunks[-1]:
                starts = self._lay(index).chunk.block_starts
                line = starts[min(remaining, len(starts) - 1)] if starts else 0
                self._scroll_to_chunk(index, line)
                return
            remaining -= count

    def go_to_section(self, section: int) -> None:
        """Scroll so that the heading of *section* is the top line."""
        document = self.document
        if document is None or not 0 <= section < self.section_count:
            return
        first = document.chunks_of_section(section)[0]
        heading_line = self._lay(first).chunk.heading_line or 0
        self._scroll_to_chunk(first, heading_line)

    def set_bookmarked(self, anchors: set[str]) -> None:
        """Mark the headings of these sections with a bookmark symbol."""
        if anchors != self.bookmarked:
            self.bookmarked = set(anchors)
            for laid in self._laid.values():
                laid.strips = None
            self.refresh()

    # -- actions -----------------------------------------------------------------------------

    def _scroll_by(self, rows: float) -> None:
        self._end_wanted = False
        # Instant, like less: no animation frames to render on a huge article.
        self.scroll_to(y=self.scroll_y + rows, animate=False, immediate=True, force=True)

    def action_scroll_down(self) -> None:
        """One line down."""
        self._scroll_by(1)

    def action_scroll_up(self) -> None:
        """One line up."""
        self._scroll_by(-1)

    def action_page_down(self) -> None:
        """One screen down, keeping one line of context."""
        self._scroll_by(max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        """One screen up, keeping one line of context."""
        self._scroll_by(-max(1, self.scrollable_content_region.height - 1))

    def action_scroll_end(self) -> None:
        """Go to the end, laying out the last screenful first so the end is exact."""
        if self.document is None:
            return
        self._end_wanted = not self.complete
        need, index = self.scrollable_content_region.height, len(self._heights) - 1
        while index >= 0 and need > 0:
            self._lay(index)
            need -= self._heights[index]
            index -= 1
        self._settle()
        end = max(0, self._content_height - self.scrollable_content_region.height)
        self.scroll_to(y=end, animate=False, immediate=True, force=True)

    def action_scroll_home(self) -> None:
        """Go to the top of the article (its header)."""
        self._end_wanted = False
        self.scroll_to(y=0, animate=False, immediate=True, force=True)

    def action_next_section(self) -> None:
        """Move to the next section's heading."""
        if self.document is not None:
            self.go_to_section(min(self.section + 1, self.section_count - 1))

    def action_previous_section(self) -> None:
        """Move to the previous section's heading (or this one's, if it is above the top)."""
        if self.document is None:
            return
        section = self.section
        if self.section_count == 0:
            return
        first = self.document.chunks_of_section(section)[0]
        heading_y = self._offsets[first] + (self._lay(first).chunk.heading_line or 0)
        self.go_to_section(section if heading_y < round(self.scroll_y) else max(0, section - 1))

    # -- layout ------------------------------------------------------------------------------

    def _anchor_of_section(self, section: int) -> str:
        assert self.document is not None
        heading = self.document.chunks[self.document.chunks_of_section(section)[0]].heading
        return heading.anchor if heading is not None else ""

    def _estimate(self, text: str) -> int:
        width = max(1, self._layout_width)
        return max(1, len(text) // width + text.count("\n") // 2 + 2)

    def _relayout(self) -> None:
        """Lay the article out again for the current size (width changed or new article)."""
        available = self.scrollable_content_region.width
        width = max(10, min(self.text_width, available - _GUTTER - 1))
        if width == self._layout_width and self._heights:
            return
        anchor = self.position() if self._heights else None
        self._layout_width = width
        self._margin = max(_GUTTER, (available - width) // 2)
        self._laid.clear()
        self._header_strips = []
        self._header = self._header_source(width) if self._header_source is not None else []
        chunks = self.document.chunks if self.document is not None else []
        self._heights = [self._estimate(chunk.text) for chunk in chunks]
        self._exact = [False] * len(chunks)
        self._recompute()
        if anchor is not None and self.document is not None:
            self.go_to_position(anchor)

    def _recompute(self) -> None:
        header = len(self._header) + (1 if self._header else 0)
        self._offsets = (
            list(accumulate(self._heights[:-1], initial=header)) if self._heights else []
        )
        self._content_height = header + sum(self._heights)
        total = self._content_height + self._tail_padding()
        self.virtual_size = Size(self.scrollable_content_region.width, total)

    def _tail_padding(self) -> int:
        """Blank rows after the end, so that the last section's heading can reach the top.

        Without them, choosing the last section in the TOC would stop short of it and the
        saved position would name the section before.
        """
        document = self.document
        if document is None or not self._heights:
            return 0
        last = document.chunks_of_section(document.section_count - 1)
        if document.chunks[last[0]].heading is None:
            return 0
        view = self.scrollable_content_region.height
        return max(0, view - sum(self._heights[index] for index in last))

    def _lay(self, index: int) -> _Laid:
        """Return chunk *index* laid out at the current width (from the LRU cache if there)."""
        laid = self._laid.get(index)
        if laid is not None:
            self._laid.move_to_end(index)
            return laid
        assert self.document is not None
        chunk = self.document.chunks[index]
        laid = _Laid(
            lay_out(
                chunk,
                self._layout_width,
                references=self.document.references,
                lang=self.lang,
                defer_highlight=True,
            )
        )
        if laid.chunk.unhighlighted:
            self._highlight_later(laid.chunk.unhighlighted)
        self._laid[index] = laid
        if len(self._laid) > _CACHE_CHUNKS:
            self._laid.popitem(last=False)
        height = len(laid.chunk.lines) + 1  # one blank line between chunks
        if height != self._heights[index] or not self._exact[index]:
            self._exact[index] = True
            if height != self._heights[index]:
                self._heights[index] = height
                self._offsets_dirty = True
        return laid

    def _block_count(self, index: int) -> int:
        """How many blocks chunk *index* has; a plain chunk is one, known without laying it out
        (a 40 MB plain article is thousands of chunks in one section)."""
        assert self.document is not None
        if self.document.chunks[index].plain:
            return 1
        return len(self._lay(index).chunk.block_starts)

    def _locate(self, y: int) -> tuple[int, int] | None:
        """Return (chunk, line in chunk) at document line *y*; None in the header or nothing."""
        if not self._offsets or y < self._offsets[0]:
            return None
        index = bisect.bisect_right(self._offsets, y) - 1
        return index, min(y - self._offsets[index], self._heights[index] - 1)

    def _scroll_to_chunk(self, index: int, line: int) -> None:
        self._lay(index)
        self._settle()
        self.scroll_to(y=self._offsets[index] + line, animate=False, immediate=True, force=True)
        self._ensure_visible_laid()

    def _settle(self) -> None:
        if self._offsets_dirty:
            self._offsets_dirty = False
            self._recompute()

    def _ensure_visible_laid(self) -> None:
        """Lay out the chunks in view; if estimates changed, keep the top line where it was."""
        if self.document is None or self._anchoring:
            return
        self._anchoring = True
        try:
            for _ in range(8):
                top = self._locate(round(self.scroll_y))
                first = top[0] if top else 0
                y = round(self.scroll_y)
                bottom = y + self.scrollable_content_region.height
                index = first
                while index < len(self._heights) and (
                    index == first or self._offsets[index] < bottom
                ):
                    self._lay(index)
                    index += 1
                if not self._offsets_dirty:
                    break
                self._settle()
                if top is not None:
                    self.scroll_to(
                        y=self._offsets[top[0]] + min(top[1], self._heights[top[0]] - 1),
                        animate=False,
                        immediate=True,
                        force=True,
                    )
        finally:
            self._anchoring = False

    def _highlight_later(self, languages: tuple[str, ...]) -> None:
        """Make these lexers in a thread, then redraw the code they colour."""
        wanted = [name for name in languages if name not in self._lexers_wanted]
        if wanted:
            self._lexers_wanted.update(wanted)
            self._load_lexers(wanted)

    @work(thread=True, group="lexers")
    def _load_lexers(self, languages: list[str]) -> None:
        for language in languages:
            load_lexer(language)
        try:
            self.app.call_from_thread(self._lexers_loaded)
        except RuntimeError:  # the app closed meanwhile
            return

    def _lexers_loaded(self) -> None:
        """Lay out again the chunks drawn before their lexers existed (same lines, coloured)."""
        stale = [i for i, laid in self._laid.items() if laid.chunk.unhighlighted]
        for index in stale:
            del self._laid[index]
        if stale:
            self.refresh()

    # -- Textual hooks -----------------------------------------------------------------------

    def on_mount(self) -> None:
        """Repaint with the new colours when the theme changes."""
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme: object) -> None:
        self._painter.reset()
        self._header_strips = []
        for laid in self._laid.values():
            laid.strips = None
        self.refresh()

    def on_resize(self) -> None:
        """Lay out again when the width changes; the reading position is kept."""
        self._relayout()
        waiting, self._waiting_position = self._waiting_position, None
        if waiting is not None and waiting[0] is not None:
            self.go_to_position(waiting[0])
        self._ensure_visible_laid()
        if waiting is not None:
            self._after_move()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Lay out what came into view and tell the screen where the reader is."""
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self._ensure_visible_laid()
            self._after_move()

    def _after_move(self) -> None:
        if self.document is not None:
            self.post_message(self.Moved(self, self.section, self.at_end))

    def _strips_of(self, index: int) -> list[Strip]:
        laid = self._lay(index)
        if laid.strips is None:
            width = self.scrollable_content_region.width
            strips = [
                self._painter.strip(painted, margin, width)
                for painted, margin in self._painted(index, laid.chunk)
            ]
            strips.append(Strip.blank(width, self.rich_style))
            laid.strips = strips
        return laid.strips

    def _painted(self, index: int, chunk: RenderedChunk) -> list[tuple[Painted, int]]:
        """Chunk *index*'s lines with bookmark mark, find matches and hints painted over."""
        assert self.document is not None
        heading = self.document.chunks[index].heading
        marked = heading is not None and heading.anchor in self.bookmarked
        hints = {link.index: label for label, (c, link) in self._hints.items() if c == index}
        current = self._matches[self.find_index] if self.find_index >= 0 else None
        occurrence = 0
        out: list[tuple[Painted, int]] = []
        for number, line in enumerate(chunk.lines):
            matches: list[tuple[int, int, bool]] = []
            for start, end in match_ranges(line, self.find_query):
                matches.append((start, end, current == (index, occurrence)))
                occurrence += 1
            painted = decorate(line, matches, hints)
            if marked and number == chunk.heading_line:
                out.append(([("★ ", "mark"), *painted], self._margin - 2))
            else:
                out.append((painted, self._margin))
        return out

    def _repaint(self) -> None:
        for laid in self._laid.values():
            laid.strips = None
        self.refresh()

    # -- find --------------------------------------------------------------------------------

    def set_find(self, query: str, counts: list[int]) -> None:
        """Highlight *query*; *counts* gives its number of occurrences in each chunk."""
        self.find_query = query
        self._matches = [(chunk, k) for chunk, count in enumerate(counts) for k in range(count)]
        self.find_index = -1
        self._repaint()

    def clear_find(self) -> None:
        """Remove the find highlights."""
        self.set_find("", [])

    @property
    def match_count(self) -> int:
        """How many matches the current find has."""
        return len(self._matches)

    def find_step(self, step: int) -> int:
        """Go to the next (``step=1``) or previous (``-1``) match; return its index or -1."""
        if not self._matches:
            return -1
        if self.find_index < 0:
            top = self._locate(round(self.scroll_y))
            top_chunk = top[0] if top else 0
            after = [i for i, (chunk, _) in enumerate(self._matches) if chunk >= top_chunk]
            if step > 0:
                self.find_index = after[0] if after else 0
            else:
                self.find_index = (after[0] if after else len(self._matches)) - 1
        else:
            self.find_index = (self.find_index + step) % len(self._matches)
        chunk, occurrence = self._matches[self.find_index]
        line = self._occurrence_line(chunk, occurrence)
        height = self.scrollable_content_region.height
        self._lay(chunk)
        self._settle()
        y = self._offsets[chunk] + line
        if not round(self.scroll_y) <= y < round(self.scroll_y) + height:
            self._scroll_to_chunk(chunk, max(0, line - height // 3))
        self._repaint()
        return self.find_index

    def _occurrence_line(self, chunk: int, occurrence: int) -> int:
        seen = 0
        lines = self._lay(chunk).chunk.lines
        for number, line in enumerate(lines):
            seen += len(match_ranges(line, self.find_query))
            if seen > occurrence:
                return number
        return max(0, len(lines) - 1)

    # -- link hints --------------------------------------------------------------------------

    _LABELS = "123456789abcdefghijklmnopqrstuvwxyz"

    def action_show_hints(self) -> None:
        """Label the links in view; the next key chooses one (Esc cancels)."""
        self._hints = {}
        seen: set[tuple[int, int]] = set()
        top = round(self.scroll_y)
        for y in range(top, top + self.scrollable_content_region.height):
            located = self._locate(y)
            if located is None:
                continue
            index, number = located
            laid = self._lay(index).chunk
            if number >= len(laid.lines):
                continue
            for span in laid.lines[number]:
                if span.link is not None and (index, span.link) not in seen:
                    seen.add((index, span.link))
                    if len(self._hints) < len(self._LABELS):
                        label = self._LABELS[len(self._hints)]
                        self._hints[label] = (index, laid.links[span.link])
        if not self._hints:
            self.notify(_("No links in view."), timeout=2)
        self._repaint()

    @property
    def hints(self) -> dict[str, Link]:
        """The labels shown and the links they choose."""
        return {label: link for label, (_, link) in self._hints.items()}

    def on_key(self, event: events.Key) -> None:
        """While hints show, a label key follows its link and any other key cancels."""
        if not self._hints:
            return
        event.stop()
        event.prevent_default()
        chosen = self._hints.get(event.character or "")
        self._hints = {}
        self._repaint()
        if chosen is not None:
            self.post_message(self.LinkChosen(self, chosen[1]))

    def _header_strip(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if not self._header_strips:
            self._header_strips = [
                self._painter.strip(line, self._margin, width) for line in self._header
            ]
            self._header_strips.append(Strip.blank(width, self.rich_style))
        return self._header_strips[y]

    def render_line(self, y: int) -> Strip:
        """Return screen row *y*: a header line, a cached chunk line, or blank."""
        if self._waiting_position is not None and self.size.width:
            # The first frame is drawn before the first Resize arrives: lay out now, so that
            # the article is in it rather than in the frame after.
            self.on_resize()
        width = self.scrollable_content_region.width
        line = round(self.scroll_y) + y
        if self.document is not None and self._offsets and line < self._offsets[0]:
            return self._header_strip(line)
        if self.document is not None and not self._offsets and line <= len(self._header):
            return self._header_strip(line)
        located = self._locate(line)
        if located is None:
            return Strip.blank(width, self.rich_style)
        index, offset = located
        strips = self._strips_of(index)
        if offset >= len(strips):
            return Strip.blank(width, self.rich_style)
        return strips[offset]
