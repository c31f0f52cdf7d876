"""Accessibility of the installed command: NO_COLOR (https://no-color.org) in a real terminal,
every byte written scanned for colour codes, and the linear text of ``cat`` for screen readers."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from linareader.core.paths import Paths

from ..hostile.pty_run import PtySession
from .conftest import Run, linareader_command

SGR = re.compile(r"\x1b\[([0-9;:]*)m")
ESCAPE = "\x1b"


def _env(isolated_dirs: Paths, **extra: str) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")},
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "LINAREADER_CONFIG_DIR": str(isolated_dirs.config_dir),
        "LINAREADER_DATA_DIR": str(isolated_dirs.data_dir),
        "LINAREADER_CACHE_DIR": str(isolated_dirs.cache_dir),
        **extra,
    }


def _colours(output: str) -> list[tuple[int, int, int] | int]:
    """Every foreground or background colour set by an SGR sequence: (r, g, b) or a palette
    index. Default colours (39, 49) and attributes (bold, reverse...) are not colours."""
    found: list[tuple[int, int, int] | int] = []
    for params in SGR.findall(output):
        codes = [int(code) if code.isdigit() else 0 for code in re.split("[;:]", params)]
        index = 0
        while index < len(codes):
            code = codes[index]
            if code in (38, 48) and index + 1 < len(codes) and codes[index + 1] == 2:
                found.append(tuple(codes[index + 2 : index + 5]))  # type: ignore[arg-type]
                index += 5
                continue
            if code in (38, 48) and index + 1 < len(codes) and codes[index + 1] == 5:
                found.append(codes[index + 2])
                index += 3
                continue
            if 30 <= code <= 37 or 40 <= code <= 47 or 90 <= code <= 97 or 100 <= code <= 107:
                found.append(code)
            index += 1
    return found


def _cat(isolated_dirs: Paths, **env: str) -> str:
    session = PtySession([linareader_command(), "cat", "welcome"], _env(isolated_dirs, **env))
    status = session.close(timeout=30)
    assert status == 0, session.text()[-2000:]
    return session.text()


def test_no_color_cat_emits_no_colour_codes_on_a_terminal(isolated_dirs: Paths) -> None:
    coloured = _cat(isolated_dirs)
    assert _colours(coloured), "cat on a terminal is styled, so the check below means something"
    plain = _cat(isolated_dirs, NO_COLOR="1")
    assert "Bookmarks that stay put" in plain
    assert ESCAPE not in plain


@pytest.mark.parametrize("no_color", [False, True])
def test_the_app_under_no_color_draws_in_greys_only(isolated_dirs: Paths, no_color: bool) -> None:
    env = _env(isolated_dirs, **({"NO_COLOR": "1"} if no_color else {}))
    session = PtySession([linareader_command(), "welcome"], env, (100, 30))
    try:
        assert session.wait_for("Finding your way"), session.text()[-2000:]
        session.type("t", "j", pause=0.3)
        session.type("q", pause=0.3)
        status = session.close(timeout=20)
    finally:
        if session.process.poll() is None:
            session.process.kill()
    assert status == 0
    colours = _colours(session.text())
    assert colours
    hues = [c for c in colours if not (isinstance(c, tuple) and len(set(c)) == 1)]
    if no_color:
        assert hues == []
    else:
        assert hues  # the default theme has colours: the check can tell them apart


def test_cat_to_a_pipe_is_linear_text_with_headings_marked_and_links_at_the_end(
    run: Run, tmp_path: Path
) -> None:
    article = tmp_path / "a11y.md"
    body = "Read [the spec](https://no-color.org) first.\n\n## Second part\n\n- one\n- two\n"
    article.write_text(
        f"---\ntitle: Linear\n---\n{body}\nThen [again](https://example.org/x).\n",
        encoding="utf-8",
    )
    path = str(article)
    for args in (("cat", path), ("cat", path, "--plain")):
        result = run(*args)
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert ESCAPE not in result.stdout
        assert lines[0] == "Linear"
        heading = lines.index("Second part")
        assert set(lines[heading + 1]) == {"─"}  # marked on a line of its own, not by style
        assert "Read the spec[1] first." in lines
        assert "• one" in lines and "• two" in lines
        assert "Then again[2]." in lines
        assert lines[-3:] == ["─────", "[1] https://no-color.org", "[2] https://example.org/x"]
