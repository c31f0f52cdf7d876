"""Reading an article file never blocks and never crashes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from linareader.core.article import (
    UnreadableArticle,
    make_article,
    read_article_text,
    reading_minutes,
)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "title"),
    [
        (b"---\ntitle: From front matter\n---\n# From H1\n", "From front matter"),
        (b"intro\n\n# From *H1* #\n\n## Sub\n", "From H1"),
        (b"```\n# not a heading\n```\n\n# Real heading\n", "Real heading"),
        (b"no heading at all\n", "my-file"),
        (b"---\ntitle: [broken\n---\n# Fallback\n", "Fallback"),
        (b"\xef\xbb\xbf---\ntitle: BOM\n---\n", "BOM"),
    ],
)
def test_title_fallbacks(tmp_path: Path, data: bytes, title: str) -> None:
    assert read_article_text(write(tmp_path / "my-file.md", data)).title == title


def test_invalid_utf8_is_replaced_with_a_warning(tmp_path: Path) -> None:
    text = read_article_text(write(tmp_path / "latin1.md", "# Café\n".encode("latin-1")))
    assert text.title == "Caf\ufffd"
    assert any("not valid UTF-8" in w for w in text.warnings)


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    text = read_article_text(write(tmp_path / "u16.md", "# Été\n".encode("utf-16")))
    assert text.title == "Été"


def test_binary_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnreadableArticle, match="binary"):
        read_article_text(write(tmp_path / "x.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00"))


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    with pytest.raises(UnreadableArticle, match="not a regular file"):
        read_article_text(fifo)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnreadableArticle, match="Cannot read"):
        read_article_text(tmp_path / "nope.md")


def test_body_is_sanitised(tmp_path: Path) -> None:
    raw = "# T\x1b]0;x\x07\n\nbody \x1b[2J\u009b6n end\n".encode()
    text = read_article_text(write(tmp_path / "x.md", raw))
    assert "\x1b" not in text.body and "\x9b" not in text.body
    assert text.body.endswith("body  end\n")


@pytest.mark.parametrize(("words", "minutes"), [(0, 1), (100, 1), (1140, 5), (22800, 100)])
def test_reading_minutes(words: int, minutes: int) -> None:
    assert reading_minutes(words) == minutes


def test_the_start_of_a_large_file_is_read_to_its_last_whole_line(tmp_path: Path) -> None:
    path = tmp_path / "large.md"
    lines = [f"Line {k} é « de texte » qui compte quelques mots." for k in range(20_000)]
    path.write_text("---\ntitle: Large\n---\n" + "\n".join(lines) + "\n", encoding="utf-8")
    whole = read_article_text(path)
    start = read_article_text(path, start=64 * 1024)
    assert whole.complete and not start.complete
    assert start.title == "Large" and start.size == whole.size
    assert whole.body.startswith(start.body) and start.body.endswith("\n")
    assert len(start.body) < len(whole.body) // 4
    exact = make_article(whole, article_id="a", path=path, origin="local").words
    guessed = make_article(start, article_id="a", path=path, origin="local").words
    assert abs(guessed - exact) < exact * 0.05  # an estimate, good enough for "N min read"


def test_a_small_or_utf16_file_is_read_whole_even_when_only_the_start_is_asked(
    tmp_path: Path,
) -> None:
    small = tmp_path / "small.md"
    small.write_text("# Small\n\ntext\n", encoding="utf-8")
    assert read_article_text(small, start=64 * 1024).complete
    wide = tmp_path / "wide.md"
    wide.write_text("# Wide\n\n" + "mot " * 40_000 + "\n", encoding="utf-16")
    text = read_article_text(wide, start=1024)
    assert text.complete and text.title == "Wide"
