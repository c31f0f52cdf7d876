"""Articles too large or too pathological to parse: plain chunks, bounded in size."""

from __future__ import annotations

from pathlib import Path

from linareader.core.document import MAX_MARKDOWN_CHUNK, plain_document, split_document
from linareader.core.opening import open_document, over_size_limit
from linareader.core.render import lay_out
from linareader.core.textout import document_lines

MB = 1024 * 1024
PIECE_LIMIT = 32 * 1024


def test_a_megabyte_long_line_becomes_plain_pieces_that_keep_every_word() -> None:
    line = " ".join(f"w{i}" for i in range(200_000))  # ~1.3 MB, one paragraph
    document = split_document(f"# Title\n\n{line}\n\n## Next\n\nsmall *para*\n")
    plain = [chunk for chunk in document.chunks if chunk.plain]
    assert len(plain) > 10 and all(len(chunk.text) <= PIECE_LIMIT for chunk in plain)
    assert " ".join(chunk.text for chunk in plain).split() == line.split()
    assert [h.title for h in document.headings] == ["Title", "Next"]  # the TOC still works
    last = document.chunks[-1]
    assert not last.plain and last.heading is not None and last.heading.title == "Next"
    assert document.chunks[document.headings[1].chunk] is last


def test_a_chunk_within_the_limit_is_still_parsed() -> None:
    line = "*x* " * ((MAX_MARKDOWN_CHUNK - 1000) // 4)
    document = split_document(line)
    assert [chunk.plain for chunk in document.chunks] == [False]


def test_plain_pieces_are_cut_at_blank_lines_when_there_are_some() -> None:
    paragraphs = [f"paragraph {i} " + "word " * 300 for i in range(400)]
    document = plain_document("\n\n".join(paragraphs))
    assert all(chunk.text.startswith("paragraph") for chunk in document.chunks)
    assert "\n\n".join(chunk.text for chunk in document.chunks) == "\n\n".join(paragraphs)
    lines = [chunk.first_line for chunk in document.chunks]
    assert lines == sorted(lines) and lines[0] == 0 and lines[-1] > 0


def test_plain_chunks_show_markdown_literally_and_keep_indentation() -> None:
    document = plain_document("---\ntitle: T\ntags:\n  - a\n---\n# Not a heading\n\n**bold**\n")
    text = "\n".join(
        "".join(span.text for span in line)
        for chunk in document.chunks
        for line in lay_out(chunk, 40).lines
    )
    assert text == "---\ntitle: T\ntags:\n  - a\n---\n# Not a heading\n\n**bold**"
    assert document.headings == []


def test_text_without_any_break_is_still_cut_into_bounded_pieces() -> None:
    document = plain_document("x" * (3 * MB))  # no space, no line break at all
    assert len(document.chunks) == 3 * MB // PIECE_LIMIT
    assert all(len(chunk.text) == PIECE_LIMIT for chunk in document.chunks)
    lines = lay_out(document.chunks[len(document.chunks) // 2], 80).lines
    assert len(lines) == PIECE_LIMIT // 80 + 1 and all(len(line[0].text) <= 80 for line in lines)


def test_the_notice_says_the_size_the_limit_and_the_remedy() -> None:
    assert over_size_limit(16 * MB, 16) is None
    notice = over_size_limit(40 * MB + 1, 16)
    assert notice is not None and "\n" not in notice
    assert "40.0 MB" in notice and "16 MB limit" in notice and "reader.max_size" in notice


def test_open_document_parses_within_the_limit_and_shows_plain_text_past_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: T\n---\n# Head\n\n" + "**word** " * (MB // 8) + "\n")
    parsed = open_document(path, limit_mb=2)
    assert parsed.notice is None and [h.title for h in parsed.document.headings] == ["Head"]
    plain = open_document(path, limit_mb=1)
    assert plain.notice is not None and "1 MB limit" in plain.notice
    assert plain.document.headings == [] and all(c.plain for c in plain.document.chunks)
    assert plain.document.chunks[0].text.startswith("---\ntitle: T\n---")


def test_the_plain_view_is_sanitised_source(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"a\x1b]52;c;SE9TVElMRQ==\x07b \xc2\x9b6n \xe2\x80\xae\n\n" * 50_000)
    document = open_document(path, limit_mb=1).document
    lines = list(document_lines(document, 40, mode="plain", header_lines=["Title"]))
    assert lines[:2] == ["Title", ""]
    assert lines[2] == "ab" and len(lines) > 50_000  # the C1 CSI query went with its bytes
    assert not any(c in line for line in lines for c in "\x1b\x9b\u202e\x07")
