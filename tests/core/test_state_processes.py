"""The state store against real processes: concurrent savers, a writer killed mid-save, and a
folder the process may not write to.

Each test runs ``state_worker.py`` with the interpreter running the tests; the worker prints its
warnings on stderr and its results as JSON on stdout.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from linareader.core.state import StateStore

REPO = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("state_worker.py")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO / "tui"), "PYTHONDONTWRITEBYTECODE": "1"}


def _start(*args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        cwd=cwd,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(path: Path, proc: subprocess.Popen[str], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if proc.poll() is not None:
            _, err = proc.communicate()
            pytest.fail(f"worker exited early with {proc.returncode}: {err}")
        assert time.monotonic() < deadline, f"timed out waiting for {path}"
        time.sleep(0.002)


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _load_quietly(path: Path) -> StateStore:
    """Load *path* and fail the test if the store has anything to warn about."""
    handler = _Warnings()
    logger = logging.getLogger("linareader.core.state")
    logger.addHandler(handler)
    try:
        store = StateStore(path)
        store.load()
    finally:
        logger.removeHandler(handler)
    assert handler.messages == []
    return store


# 2 processes x 30 articles x (1 mark + 4 positions) = 300 saves, all interleaved.
ARTICLES = 30
POSITIONS = 4


def test_two_processes_saving_different_articles_lose_nothing(tmp_path: Path) -> None:
    state, go = tmp_path / "state.json", tmp_path / "go"
    procs = {
        name: _start(
            "race",
            str(state),
            name,
            str(ARTICLES),
            str(POSITIONS),
            str(tmp_path / name),
            str(go),
            cwd=tmp_path,
        )
        for name in ("left", "right")
    }
    for name, proc in procs.items():
        _wait_for(tmp_path / name, proc)
    go.touch()  # the barrier: both are loaded and waiting
    results = {}
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert err == ""
        results[name] = json.loads(out)

    store = _load_quietly(state)
    articles = store.articles()
    expected = {f"{name}-{i:02d}" for name in procs for i in range(ARTICLES)}
    assert set(articles) == expected
    assert {entry.state for entry in articles.values()} == {"read"}
    # The last position each process saved survived the other's later saves too.
    assert {entry.progress for entry in articles.values()} == {1.0}
    assert {entry.position.block for entry in articles.values() if entry.position} == {POSITIONS}
    # The race really happened: some save saw part, not none or all, of the rival's articles.
    seen = results["left"]["seen_rival"] + results["right"]["seen_rival"]
    assert any(0 < count < ARTICLES for count in seen), seen


@pytest.mark.parametrize("delay", [0.2, 0.3, 0.4])
def test_writer_killed_mid_save_leaves_a_valid_file(tmp_path: Path, delay: float) -> None:
    state, ready = tmp_path / "state.json", tmp_path / "ready"
    proc = _start("crash", str(state), str(ready), cwd=tmp_path)
    try:
        _wait_for(ready, proc)
        time.sleep(delay)
        assert proc.poll() is None, "the writer stopped before it was killed"
    finally:
        proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    assert err == ""

    text = state.read_text(encoding="utf-8")
    assert json.loads(text)["version"] == 1
    store = _load_quietly(state)
    bookmarks = store.bookmarks("crash")
    assert len(bookmarks) >= 2
    # Every save added one bookmark: the file holds a complete prefix of them, each complete.
    assert [mark.anchor for mark in bookmarks] == [
        f"section-{i:05d}" for i in range(len(bookmarks))
    ]
    assert {mark.note for mark in bookmarks} == {("note " * 200).strip()}

    # A temporary file the killed writer may have left is not state, and the next save sweeps it.
    (tmp_path / ".state.json.leftover.tmp").write_text("{not state", encoding="utf-8")
    assert _load_quietly(state).bookmarks("crash") == bookmarks
    store.mark("after-crash", "read")
    assert store.save()
    left = sorted(path.name for path in tmp_path.iterdir() if "state.json" in path.name)
    assert left == ["state.json", "state.json.lock"]


OLD_STATE = (
    '{\n  "articles": {\n'
    '    "old": {"position": null, "progress": 0.25, "state": "reading", "updated": ""}\n'
    '  },\n  "bookmarks": [],\n  "last_article": {"id": null, "updated": ""},\n'
    '  "theme": {"name": null, "updated": ""},\n  "version": 1\n}\n'
)


DAMAGED_STATE = OLD_STATE[: OLD_STATE.index('  "theme"') + 12]  # cut mid-line


@pytest.fixture(params=["valid", "damaged"])
def locked_folder(request: pytest.FixtureRequest) -> Iterator[tuple[Path, bool]]:
    """Yield a folder holding ``state.json`` that the worker cannot write, and whether the worker
    must drop root privileges for that.

    Root ignores permission bits, so as root the worker drops to ``nobody`` once its imports are
    done (the interpreter lives under the private ``/root``). ``nobody`` cannot reach pytest's
    ``/tmp/pytest-of-root``, hence a folder of our own under ``/tmp``.
    """
    as_root = os.geteuid() == 0
    top = Path(tempfile.mkdtemp(prefix="linareader-ro-", dir="/tmp"))
    folder = top / "config"
    try:
        top.chmod(0o755)
        folder.mkdir()
        content = OLD_STATE if request.param == "valid" else DAMAGED_STATE
        (folder / "state.json").write_text(content, encoding="utf-8")
        (folder / "state.json").chmod(0o644)
        folder.chmod(0o755 if as_root else 0o555)
        yield folder, as_root
    finally:
        if folder.exists():
            folder.chmod(0o755)
        shutil.rmtree(top)


def test_read_only_folder_warns_once_and_keeps_the_file(locked_folder: tuple[Path, bool]) -> None:
    folder, as_root = locked_folder
    state = folder / "state.json"
    before = state.read_bytes()
    proc = _start("read-only", str(state), "drop" if as_root else "keep", cwd=folder.parent)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    result = json.loads(out)
    if "skip" in result:
        pytest.skip(result["skip"])

    assert result == {
        "saves": [False, False, False],
        "read_only": True,
        "old": "reading",
        "new": "read",  # the change stays visible in the session
        "bookmarks": 1,
    }
    warnings = err.splitlines()
    assert len(warnings) == 1, err
    if before == OLD_STATE.encode():
        assert warnings[0].startswith(f"WARNING Cannot save reading state to {state}: ")
    else:  # damaged, and it cannot be moved aside: left as it is, what it holds still shown
        assert warnings[0].startswith(
            f"WARNING {state} is unreadable (not valid JSON) and could not be moved aside ("
        )
    assert "Permission denied" in warnings[0]
    assert warnings[0].endswith("; changes in this session will not be saved.")
    assert state.read_bytes() == before
    assert sorted(path.name for path in folder.iterdir()) == ["state.json"]
    stat_result = state.stat()
    assert stat.S_IMODE(stat_result.st_mode) == 0o644
