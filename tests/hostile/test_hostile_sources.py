"""Hostile sources beyond article files: pages and feeds served from 127.0.0.1 (through the CLI
and the app in a real pty), ``feeds.yaml``, a damaged library cache and search index, and
device files in an articles folder."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from linareader.core.paths import Paths

from ..cli.conftest import Run, linareader_command
from ..net.conftest import Site, _no_proxy, site
from .pty_run import PtySession
from .test_hostile_app import assert_no_leak
from .test_hostile_cli import assert_clean

ESCAPES = "\x1b]52;c;SE9TVElMRQ==\x07\x1b]0;HOSTILE\x07\x1b[6n\u009b6n\x1bP+qHOSTILE\x1b\\\u202e"
PAGE = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Page {ESCAPES}[@click=app.quit]title[/]</title>
<meta name="author" content="Eve {ESCAPES}"></head><body><article>
<h1>Page {ESCAPES} heading</h1>
<p>First paragraph {ESCAPES} with <a href="javascript:alert(1)">a script link</a> and
<a href="http://127.0.0.1/ok">a fine one</a>, long enough to be the article. {"Words. " * 60}</p>
<h2>Second {ESCAPES}</h2><p>More text [red]not markup[/red] {"Text. " * 40}</p>
<pre><code>code {ESCAPES}</code></pre>
</article></body></html>"""
FEED = f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
<title>Feed {ESCAPES}</title><link>http://127.0.0.1/</link>
<item><guid>h1</guid><title>Entry {ESCAPES}[/]</title><author>x@y (Eve {ESCAPES})</author>
<description><![CDATA[<p>Body {ESCAPES} <a href="data:text/html,x">data link</a></p>]]>
</description></item>
<item><guid>h2</guid><title>Plain entry</title><description>Body &#27;]52;c;SE9TVElMRQ==&#7;
&#x202e; entity escapes</description></item>
</channel></rss>"""

__all__ = ["_no_proxy", "site"]  # fixtures


def listed_ids(run: Run) -> list[str]:
    result = run("list")
    assert result.returncode == 0, result.stderr
    return [line.split()[1] for line in result.stdout.splitlines()]


def test_hostile_page_and_feed_through_the_cli_and_the_app(
    run: Run, site: Site, isolated_dirs: Paths
) -> None:
    page = site.page("/hostile.html", PAGE)
    feed = site.page("/hostile.xml", FEED, "application/rss+xml")
    for args in (("add", page), ("feed", "add", feed, "--name", "evil"), ("feed", "refresh")):
        result = run(*args)
        assert result.returncode == 0, (args, result.stderr)
        assert_clean(result.stdout + result.stderr)
    ids = [i for i in listed_ids(run) if i.startswith(("saved/", "feed:"))]
    assert len(ids) == 3, ids
    for args in [("cat", article, "--plain") for article in ids] + [("list", "--json")]:
        result = run(*args)
        assert result.returncode == 0, (args, result.stderr)
        assert_clean(result.stdout + result.stderr)
    (saved,) = [i for i in ids if i.startswith("saved/")]
    shown = run("cat", saved, "--plain").stdout
    assert "a script link" in shown and "Page heading" in shown.replace("  ", " ")
    env = {
        **{k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")},
        "TERM": "xterm-256color",
        "LINAREADER_CONFIG_DIR": str(isolated_dirs.config_dir),
        "LINAREADER_DATA_DIR": str(isolated_dirs.data_dir),
        "LINAREADER_CACHE_DIR": str(isolated_dirs.cache_dir),
    }
    session = PtySession([linareader_command(), ids[0]], env, (100, 30))
    try:
        assert session.wait_for("OSPOs"), session.text()[-2000:]
        for _ in range(len(ids) + 1):  # each article: page, end, TOC, link hints, next
            session.type(" ", "G", "t", "t", "o", "\x1b", "J", pause=0.1)
        session.type("q", pause=0.3)
        status = session.close(timeout=20)
    finally:
        if session.process.poll() is None:
            session.process.kill()
    assert status == 0
    decoded = assert_no_leak(bytes(session.output))
    assert "Plain entry" in decoded or "Entry" in decoded


HOSTILE_FEEDS_YAML = {
    "binary": b"\x00\xff\xfe\x1b]52;c;SE9TVElMRQ==\x07junk",
    "python-tag": b"feeds:\n  - !!python/object/apply:os.system ['touch /tmp/hostile-pwned']\n",
    "alias-bomb": b'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\n'
    b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c]\nfeeds: [*d,*d,*d,*d]\n",
    "a-list": b"- http://127.0.0.1/a.xml\n",
    "wrong-types": b"feeds: 3\n",
    "escapes": b'feeds:\n  - name: "\\e]0;HOSTILE\\a"\n    url: "http://127.0.0.1/\\e[6n"\n',
    "truncated": b"feeds:\n  - name: ok\n    url: http://127.0.0.1:9/ok.xml\n  - name: cut\n    ur",
    "huge": b"feeds:\n" + b"  - name: n\n    url: http://127.0.0.1/x.xml\n" * 30_000,  # > 1 MB
}


@pytest.mark.parametrize("content", HOSTILE_FEEDS_YAML.values(), ids=HOSTILE_FEEDS_YAML)
def test_hostile_feeds_yaml_warns_in_one_line_and_is_never_rewritten(
    run: Run, isolated_dirs: Paths, content: bytes
) -> None:
    isolated_dirs.config_dir.mkdir(parents=True)
    isolated_dirs.feeds_file.write_bytes(content)
    listed = run("feed", "list")
    refreshed = run("feed", "refresh", timeout=30)  # reads feeds.yaml, writes feeds' records
    assert listed.returncode == 0 and refreshed.returncode in (0, 1), refreshed.stderr
    for result in (listed, refreshed):
        assert_clean(result.stdout + result.stderr)
        lines = result.stderr.splitlines()
        assert all(line.startswith("linareader: ") for line in lines), lines
    assert "feeds.yaml" in listed.stderr or content.startswith(b"feeds:\n  - name: ok")
    assert isolated_dirs.feeds_file.read_bytes() == content  # the user's file, untouched
    assert not Path("/tmp/hostile-pwned").exists()


DAMAGE = {
    "garbage": b"\x1b]0;HOSTILE\x07 not json, not sqlite \xff\xfe",
    "zeros": b"\0" * 8192,
    "truncated": None,  # the real file cut in half
    "wrong-json": b'{"format": 1, "entries": [1, 2, "\\u001b]52;c;x\\u0007"], "library": 3}',
}


@pytest.mark.parametrize("damage", DAMAGE, ids=DAMAGE)
def test_damaged_library_cache_and_search_index_are_rebuilt_with_one_line(
    run: Run, isolated_dirs: Paths, damage: str
) -> None:
    assert run("search", "lecteur").returncode == 0  # builds both
    cache = next(isolated_dirs.cache_dir.glob("*.json"))
    index = next(isolated_dirs.cache_dir.glob("*.sqlite"))
    for file in (cache, index):
        data = DAMAGE[damage]
        file.write_bytes(file.read_bytes()[: file.stat().st_size // 2] if data is None else data)
    listed = run("list")
    assert listed.returncode == 0 and "ospos-for-good-new-york-2024" in listed.stdout
    found = run("search", "lecteur")
    assert found.returncode == 0 and "bienvenue" in found.stdout, found.stderr
    for result in (listed, found):
        assert_clean(result.stdout + result.stderr)
        assert all(line.startswith("linareader: ") for line in result.stderr.splitlines())
    again = run("search", "lecteur")
    assert again.returncode == 0 and again.stderr == ""  # rebuilt for good


def test_device_files_in_an_articles_folder_are_skipped_without_blocking(
    run: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "devices"
    folder.mkdir()
    (folder / "fine.md").write_text("# Fine\n\ntext\n")
    try:  # a terminal-like and an endless character device, named like articles
        os.mknod(folder / "tty.md", stat.S_IFCHR | 0o600, os.makedev(5, 0))
        os.mknod(folder / "zero.md", stat.S_IFCHR | 0o600, os.makedev(1, 5))
    except (PermissionError, OSError) as error:
        pytest.skip(f"cannot create device files here ({error}); FIFOs are covered elsewhere")
    os.symlink("/dev/zero", folder / "link-to-zero.md")
    result = run("--articles-dir", str(folder), "list", timeout=20)
    assert result.returncode == 0, result.stderr
    assert "local/fine" in result.stdout
    assert "tty" not in result.stdout and "zero" not in result.stdout
    assert_clean(result.stdout + result.stderr)
    assert result.stderr.count("not a regular file") >= 2
    opened = run(str(folder / "zero.md"), timeout=20)
    assert opened.returncode == 1 and "Traceback" not in opened.stderr
