"""The app in a real pseudo-terminal, paging through every hostile article: every byte it writes
is recorded and scanned for escape sequences that came from the input."""

from __future__ import annotations

import os
import re
from pathlib import Path

from linareader.core.paths import Paths

from ..cli.conftest import linareader_command
from .corpus import hostile_articles
from .pty_run import PtySession

# String-type sequences (OSC, DCS, SOS, PM, APC), 7-bit and 8-bit forms.
STRING_SEQUENCES = re.compile(rb"\x1b[\]P_^X].*?(?:\x07|\x1b\\|\x9c)", re.DOTALL)
DOWN, ENTER, ESCAPE = "\x1b[B", "\r", "\x1b"


def test_paging_through_hostile_articles_leaks_nothing(
    isolated_dirs: Paths, tmp_path: Path
) -> None:
    folder = tmp_path / "hostile"
    count = len(hostile_articles(folder))
    env = {
        **{k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")},
        "TERM": "xterm-256color",
        "LINAREADER_CONFIG_DIR": str(isolated_dirs.config_dir),
        "LINAREADER_DATA_DIR": str(isolated_dirs.data_dir),
        "LINAREADER_CACHE_DIR": str(isolated_dirs.cache_dir),
    }
    session = PtySession([linareader_command(), "--articles-dir", str(folder)], env, (100, 30))
    try:
        assert session.wait_for("OSPOs"), session.text()[-2000:]
        session.type(ENTER)
        for _ in range(count + 3):  # every article: page, jump to the end, TOC, next article
            session.type(" ", " ", "G", "t", "t", "o", ESCAPE, "J", pause=0.1)
        session.type("B", pause=0.3)
        session.type(ESCAPE, "?", pause=0.3)
        session.type(ESCAPE, "q", pause=0.3)
        status = session.close(timeout=20)
    finally:
        if session.process.poll() is None:
            session.process.kill()
    output = bytes(session.output)
    assert status == 0, output[-3000:].decode("utf-8", "replace")
    decoded = assert_no_leak(output)
    assert "HOSTILE-red" in decoded  # text after a removed SGR sequence is shown, uncoloured
    assert "\x1b[31mHOSTILE" not in decoded


def assert_no_leak(output: bytes) -> str:
    """Check every byte an app wrote to its terminal; return them decoded.

    No string sequence (OSC, DCS, APC...) carries text from the input (marked ``HOSTILE``), no
    clipboard write or title change at all, no cursor position query, and after decoding no
    C1 control and no bidi override.
    """
    assert b"Traceback" not in output
    for sequence in STRING_SEQUENCES.findall(output):
        assert b"HOSTILE" not in sequence, sequence
        assert not sequence.startswith(b"\x1b]52"), sequence  # no clipboard writes at all
        assert not sequence.startswith(b"\x1b]0;") and not sequence.startswith(b"\x1b]2;")
    assert b"\x1b[6n" not in output
    decoded = output.decode("utf-8", errors="replace")
    assert not re.search("[\u0080-\u009f]", decoded)
    assert "\u202e" not in decoded
    return decoded
