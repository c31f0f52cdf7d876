"""Saving on a full disk, past a file size limit and on a read-only file system, for real.

Every file linareader writes (the state, the library cache, the search index, saved pages,
feed entries and ``feeds.yaml``) is first written once normally; then each command that
rewrites it runs again under a real fault from the kernel, and the previous file must come
through byte for byte, with a one-line message and no traceback:

- ``EFBIG``: the command runs under ``RLIMIT_FSIZE`` with ``SIGXFSZ`` ignored, so every write
  that would grow a file fails. Unprivileged and available everywhere: it always runs.
- ``ENOSPC``: the folders live on a tiny tmpfs filled to the brim. Needs ``mount`` (root);
  skipped with the reason where it cannot be done.
- ``EROFS``: the same tmpfs remounted read-only (chmod means nothing to root, who runs CI).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from linareader.core.paths import Paths

from ..cli.conftest import linareader_command
from ..net.conftest import Site, serve_site
from .pty_run import PtySession
from .test_hostile_cli import assert_clean

PAGE = "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article>"
PROSE = "<p>" + "A page about engines and the numbers they compute, with care. " * 12 + "</p>"
RSS = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Faults</title>'
    "<link>http://127.0.0.1/</link>{items}</channel></rss>"
)
ITEM = (
    "<item><guid>urn:f:{n}</guid><title>Entry {n}</title><description>Body {n}</description></item>"
)
#: Files whose bytes may change under a fault: the log only grows, and SQLite's own write-ahead
#: log and its index (its journal, recovered or ignored at the next open: the search that
#: follows a fault checks it); lock files are empty.
MAY_CHANGE = ("linareader.log", "search.sqlite-wal", "search.sqlite-shm")


def feed_xml(count: int) -> str:
    return RSS.format(items="".join(ITEM.format(n=n) for n in range(count, 0, -1)))


def snapshot(root: Path) -> dict[Path, bytes]:
    return {
        path.relative_to(root): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name not in MAY_CHANGE and not path.name.endswith(".lock")
    }


def dirs_env(root: Path) -> dict[str, str]:
    return {
        "LINAREADER_CONFIG_DIR": str(root / "config"),
        "LINAREADER_DATA_DIR": str(root / "data"),
        "LINAREADER_CACHE_DIR": str(root / "cache"),
    }


def run_in(
    root: Path, *args: str, preexec: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update({"COLUMNS": "100", "NO_PROXY": "127.0.0.1", **dirs_env(root)})
    return subprocess.run(
        [linareader_command(), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
        preexec_fn=preexec,
    )


def file_size_limit() -> None:
    """In the child: any write that grows a file fails with EFBIG instead of killing it."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1, 1))


class Scene:
    """One library with every kind of file written once, and the server it came from."""

    def __init__(self, site: Site, base: Path) -> None:
        self.site = site
        self.template = base / "template"
        self.articles = base / "articles"
        self.articles.mkdir()
        (self.articles / "notes.md").write_text("# Notes\n\nzebra crossing\n")
        self.page = site.page("/engines.html", PAGE.format(title="Engines", body=PROSE))
        self.feed = site.page("/feed.xml", feed_xml(2), "application/rss+xml")
        self.other_feed = site.page("/other.xml", feed_xml(1), "application/rss+xml")

    def write_everything(self, root: Path) -> None:
        self.template = root
        for args in (
            ("mark", "welcome", "read"),
            ("add", self.page),
            ("feed", "add", self.feed, "--name", "faults"),
            ("feed", "refresh"),
            ("--articles-dir", str(self.articles), "search", "zebra"),
        ):
            result = run_in(root, *args)
            assert result.returncode == 0, (args, result.stderr)
        assert (root / "config" / "state.json").exists()
        assert (root / "config" / "feeds.yaml").exists()
        assert list((root / "cache").glob("*.json")) and list((root / "cache").glob("*.sqlite"))

    def change_the_sources(self) -> None:
        """New content everywhere, so that every command below has something to write."""
        (self.articles / "more.md").write_text("# More\n\nzebra stripes\n")
        self.site.page("/engines.html", PAGE.format(title="Engines", body=PROSE * 2))
        self.site.page("/feed.xml", feed_xml(4), "application/rss+xml")

    def rewrite_everything(
        self, root: Path, preexec: Callable[[], None] | None, reason: str
    ) -> None:
        """Run each writing command under the fault; check what the user sees and the files."""
        before = snapshot(root)
        library = ("--articles-dir", str(self.articles))
        expected = [
            (("mark", "welcome", "unread"), 1, "Cannot save reading state to "),
            ((*library, "list"), 0, "Cannot write the library cache "),
            # SQLite says "disk I/O error" or "database or disk is full", not the errno.
            ((*library, "search", "zebra"), 1, "Cannot use the search index "),
            (("add", self.page), 1, "articles/saved"),
            (("feed", "add", self.other_feed, "--name", "other"), 1, "feeds.yaml: "),
            (("feed", "refresh"), 1, "feed 'faults': Cannot save its entries in "),
        ]
        for args, status, message in expected:
            result = run_in(root, *args, preexec=preexec)
            lines = result.stderr.splitlines()
            assert result.returncode == status, (args, result.stderr)
            assert_clean(result.stdout + result.stderr)
            assert lines and all(line.startswith("linareader: ") for line in lines), lines
            assert len(lines) <= 3, (args, lines)  # one line per file that failed, then the error
            assert message in result.stderr, (args, lines)
            assert reason in result.stderr or "search" in args, (args, lines)
        after = snapshot(root)
        changed = sorted(str(p) for p in set(before) | set(after) if before.get(p) != after.get(p))
        assert changed == []  # every previous file intact, nothing half-written
        assert not [p for p in root.rglob("*") if p.name.endswith(".tmp")]


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scene]:
    """Every file written once (done once for the module: a dozen commands), sources changed."""
    with serve_site() as site:
        base = tmp_path_factory.mktemp("faults")
        scene = Scene(site, base)
        scene.write_everything(base / "template")
        scene.change_the_sources()
        yield scene


@pytest.fixture
def prepared(scene: Scene, tmp_path: Path) -> Path:
    """A copy of the scene's three folders for one test, to put under a fault."""
    root = tmp_path / "prepared"
    shutil.copytree(scene.template, root, symlinks=True)
    return root


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs of its own, unmounted afterwards; skipped where mounting is not allowed."""
    mount = tmp_path / "fs"
    mount.mkdir()
    tried = (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
            capture_output=True,
            text=True,
            check=False,
        )
        if shutil.which("mount")
        else None
    )
    if tried is None or tried.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root); the RLIMIT_FSIZE test covers EFBIG")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_past_a_file_size_limit_every_previous_file_survives(scene: Scene, prepared: Path) -> None:
    scene.rewrite_everything(prepared, file_size_limit, "File too large")
    # Room again: the same commands work, so nothing was damaged on the way.
    for args in (("mark", "welcome", "unread"), ("feed", "refresh"), ("add", scene.page)):
        assert run_in(prepared, *args).returncode == 0, args
    found = run_in(prepared, "--articles-dir", str(scene.articles), "search", "zebra")
    assert "More" in found.stdout and "Notes" in found.stdout


def test_on_a_full_disk_every_previous_file_survives(
    scene: Scene, prepared: Path, tmpfs: Path
) -> None:
    root = tmpfs / "home"
    shutil.copytree(prepared, root, symlinks=True)
    fd = os.open(tmpfs / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        with pytest.raises(OSError, match="No space left"):
            while True:
                os.write(fd, b"\0" * 4096)
    finally:
        os.close(fd)
    scene.rewrite_everything(root, None, "No space left on device")


def test_on_a_read_only_file_system_every_previous_file_survives(
    scene: Scene, prepared: Path, tmpfs: Path
) -> None:
    root = tmpfs / "home"
    shutil.copytree(prepared, root, symlinks=True)
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    scene.rewrite_everything(root, None, "Read-only file system")


# Runs a command with no room to grow any file (EFBIG, SIGXFSZ ignored): the app as a user
# whose disk is full would run it.
NO_ROOM_LAUNCHER = (
    "import os, resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
    "resource.setrlimit(resource.RLIMIT_FSIZE, (1, resource.RLIM_INFINITY)); "
    "os.execv(sys.argv[1], sys.argv[1:])"
)


def test_the_app_keeps_its_changes_while_the_disk_is_full_and_saves_them_once_it_is_not(
    isolated_dirs: Paths,
) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")},
        "TERM": "xterm-256color",
        **dirs_env(isolated_dirs.config_dir.parent),
    }
    command = [sys.executable, "-c", NO_ROOM_LAUNCHER, linareader_command(), "welcome"]
    session = PtySession(command, env, (120, 30))
    try:
        assert session.wait_for("Welcome to linareader"), session.text()[-2000:]
        session.type("m", pause=0.5)  # mark it read: the save fails
        assert session.wait_for("Cannot save reading state"), session.text()[-3000:]
        # Space comes back (the limit is lifted from outside, as a user would delete files).
        resource.prlimit(session.process.pid, resource.RLIMIT_FSIZE, (-1, -1))
        session.type("q", pause=0.5)
        status = session.close(timeout=20)
    finally:
        if session.process.poll() is None:
            session.process.kill()
    output = session.text()
    assert status == 0, output[-3000:]
    assert "Traceback" not in output
    saved = json.loads(isolated_dirs.state_file.read_text(encoding="utf-8"))
    assert saved["articles"]["welcome"]["state"] == "read"  # the change made while full
