"""Link classification and the back/forward history."""

from __future__ import annotations

from pathlib import Path

import pytest

from linareader.core.history import History, Visit
from linareader.core.links import resolve_link
from linareader.core.state import Position

BASE = Path("/lib/articles/welcome.md")


@pytest.mark.parametrize(
    ("target", "kind", "detail"),
    [
        ("#section-two", "anchor", "section-two"),
        ("#une-premi%C3%A8re", "anchor", "une-première"),
        ("https://example.org/x?y#z", "web", "https://example.org/x?y#z"),
        ("HTTP://EXAMPLE.ORG", "web", "HTTP://EXAMPLE.ORG"),
        ("other.md", "article", "/lib/articles/other.md"),
        ("../notes/a%20b.md#part", "article", "/lib/notes/a b.md"),
        ("javascript:alert(1)", "refused", "'javascript:' scheme"),
        ("JavaScript:alert(1)", "refused", "'javascript:' scheme"),
        ("file:///etc/passwd", "refused", "'file:' scheme"),
        ("data:text/html,<script>", "refused", "'data:' scheme"),
        ("mailto:a@example.org", "refused", "'mailto:' scheme"),
        ("https:///nohost", "refused", "not a web address"),
        ("image.png", "refused", "not a Markdown article"),
        ("", "refused", "points nowhere"),
    ],
)
def test_resolve_link(target: str, kind: str, detail: str) -> None:
    link = resolve_link(target, BASE)
    assert link.kind == kind
    shown = {"anchor": link.anchor, "web": link.url, "refused": link.reason}.get(kind)
    if kind == "article":
        shown = str(link.path)
    assert shown is not None and detail in shown


def test_article_link_keeps_its_fragment() -> None:
    assert resolve_link("other.md#part-2", BASE).anchor == "part-2"


def visit(name: str, block: int = 0) -> Visit:
    return Visit(name, Position("", block))


def test_back_and_forward_like_a_browser() -> None:
    history = History()
    history.leave(visit("a"))
    history.leave(visit("b"))
    assert history.back(visit("c")) == visit("b")
    assert history.back(visit("b")) == visit("a")
    assert history.back(visit("a")) is None
    assert history.forward(visit("a")) == visit("b")
    history.leave(visit("b", 3))  # a new jump clears the forward stack
    assert history.forward(visit("x")) is None


def test_history_is_bounded() -> None:
    history = History(limit=3)
    for i in range(10):
        history.leave(visit(str(i)))
    backs = []
    while (step := history.back(visit("now"))) is not None:
        backs.append(step.article)
    assert backs == ["9", "8", "7"]
