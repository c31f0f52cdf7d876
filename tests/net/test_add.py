"""``linareader add`` and ``rm`` through the installed command, against the local server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linareader.core.paths import Paths

from .conftest import Run, Site, data_files, slow_headers, trickle

PROSE = (
    "Linareader saves the readable part of a page, and this paragraph is long enough, with "
    "commas, clauses and all, for the extractor to see it as the body of the article."
)

ARTICLE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Engines of thought | The Test Site</title>
<meta property="og:title" content="Engines of thought">
<meta property="og:site_name" content="The Test Site">
<meta name="author" content="Ada Lovelace">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/archive">Archive</a></li></ul></nav>
<article>
<h1>Engines of thought</h1>
<p>{PROSE} The engine, as <a href="/notes/g.html">Note G</a> explains, computes numbers.</p>
<blockquote>
<p>The Analytical Engine has no pretensions whatever to originate anything.</p>
</blockquote>
<h2>A program</h2>
<p>{PROSE}</p>
<pre><code class="language-python">def bernoulli(n):
    return [1, -0.5][:n]
</code></pre>
<table>
<thead><tr><th>Machine</th><th>Designed by</th><th>Year of the design</th></tr></thead>
<tbody>
<tr><td>Difference Engine</td><td>Charles Babbage, mathematician</td><td>1822</td></tr>
<tr><td>Analytical Engine</td><td>Charles Babbage, with notes by Ada Lovelace</td><td>1837</td></tr>
</tbody></table>
<p>{PROSE} Read <a href="https://example.org/more">more about it</a> elsewhere, then come back.</p>
</article>
<footer>Copyright the test site</footer>
</body></html>
"""

FRENCH = "« Œuvre » : l’été de l’œuf coûte 5 € — déjà vu, ça!"


def listing(run: Run) -> dict[str, dict[str, object]]:
    result = run("list", "--json")
    assert result.returncode == 0, result.stderr
    return {item["id"]: item for item in json.loads(result.stdout)}


def saved(isolated_dirs: Paths) -> list[Path]:
    return sorted(isolated_dirs.saved_dir.glob("*.md"))


def added_id(result_stdout: str) -> str:
    return result_stdout.split()[1].rstrip(":")


def test_add_saves_an_article_that_list_shows_and_cat_renders(
    run: Run, site: Site, isolated_dirs: Paths
) -> None:
    url = site.page("/engines.html", ARTICLE)
    result = run("add", url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Saved saved/engines-of-thought: Engines of thought")
    item = listing(run)["saved/engines-of-thought"]
    assert item["origin"] == "saved"
    assert (item["title"], item["author"], item["date"]) == (
        "Engines of thought",
        "Ada Lovelace",
        "2024-03-05",
    )
    assert (item["source"], item["lang"]) == (url, "en")
    shown = run("cat", "saved/engines-of-thought", "--plain", "--width", "100")
    assert shown.returncode == 0, shown.stderr
    assert "Engines of thought" in shown.stdout
    assert "no pretensions whatever to originate anything" in shown.stdout
    assert "def bernoulli(n):" in shown.stdout


def test_block_quote_code_table_and_inline_links_come_out_intact(
    run: Run, site: Site, isolated_dirs: Paths
) -> None:
    url = site.page("/engines.html", ARTICLE)
    assert run("add", url).returncode == 0
    (path,) = saved(isolated_dirs)
    text = path.read_text(encoding="utf-8")
    assert "\n> The Analytical Engine has no pretensions whatever to originate anything.\n" in text
    assert "```python\ndef bernoulli(n):\n    return [1, -0.5][:n]\n```" in text
    assert "| Machine | Designed by | Year of the design |\n| --- | --- | --- |\n" in text
    assert "| Analytical Engine | Charles Babbage, with notes by Ada Lovelace | 1837 |" in text
    base = site.url("")
    assert f" as [Note G]({base}/notes/g.html) explains, " in text
    assert " Read [more about it](https://example.org/more) elsewhere, " in text
    assert "## A program" in text
    assert "Archive" not in text and "Copyright" not in text


def test_windows_1252_page_labelled_iso_8859_1_keeps_its_characters(
    run: Run, site: Site, isolated_dirs: Paths
) -> None:
    html = (
        "<html lang='fr'><head><title>Été</title></head><body><article>"
        f"<p>{FRENCH} {PROSE}</p><p>{PROSE}</p></article></body></html>"
    )
    url = site.page("/fr.html", html.encode("cp1252"), "text/html; charset=iso-8859-1")
    assert run("add", url).returncode == 0
    (path,) = saved(isolated_dirs)
    text = path.read_text(encoding="utf-8")
    assert FRENCH in text
    assert "title: Été" in text


def test_markdown_and_plain_text_are_saved_as_they_are(
    run: Run, site: Site, isolated_dirs: Paths
) -> None:
    markdown = "---\ntitle: Notes in Markdown\nauthor: Jo\n---\n\n# Heading\n\n*Some* `code`.\n"
    site.page("/notes.md", markdown, "text/markdown; charset=utf-8")
    site.page("/plain.txt", "Just text.\nSecond line.\n", "text/plain")
    assert run("add", site.url("/notes.md")).returncode == 0
    assert run("add", site.url("/plain.txt")).returncode == 0
    items = listing(run)
    assert items["saved/notes-in-markdown"]["author"] == "Jo"
    body = Path(str(items["saved/notes-in-markdown"]["path"])).read_text(encoding="utf-8")
    assert body.endswith("# Heading\n\n*Some* `code`.\n")
    assert "Just text.\nSecond line.\n" in Path(str(items["saved/plain"]["path"])).read_text()


def test_saving_the_same_url_again_updates_in_place_and_keeps_state(
    run: Run, site: Site, isolated_dirs: Paths
) -> None:
    url = site.page("/engines.html", ARTICLE)
    assert run("add", url).returncode == 0
    assert run("mark", "saved/engines-of-thought", "read").returncode == 0
    assert run("bookmarks", "add", "saved/engines-of-thought", "a-program").returncode == 0
    site.page("/engines.html", ARTICLE.replace("Engines of thought", "Engines, revised"))
    again = run("add", url)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("Updated saved/engines-of-thought: Engines, revised")
    (path,) = saved(isolated_dirs)
    assert path.name == "engines-of-thought.md"
    item = listing(run)["saved/engines-of-thought"]
    assert (item["title"], item["state"], item["bookmarks"]) == ("Engines, revised", "read", 1)


def error_line(result_stderr: str) -> str:
    lines = result_stderr.strip().splitlines()
    assert len(lines) == 1, result_stderr
    assert "Traceback" not in result_stderr
    assert lines[0].startswith("linareader: error: ")
    return lines[0]


FAILURES = [
    ("status 404", lambda s: s.page("/x", "gone", status=404), "HTTP 404"),
    ("status 500", lambda s: s.page("/x", "oops", status=500), "HTTP 500"),
    ("redirect loop", lambda s: (s.redirect("/x", "/y"), s.redirect("/y", "/x")), "redirect loop"),
    ("to file:", lambda s: s.redirect("/x", "file:///etc/passwd"), "file: addresses"),
    ("to ftp:", lambda s: s.redirect("/x", "ftp://127.0.0.1/"), "ftp: addresses"),
    ("to javascript:", lambda s: s.redirect("/x", "javascript:alert(1)"), "only http and https"),
    ("slow body", lambda s: s.route("/x", trickle(100, 0.1)), "timeout"),
    ("slow headers", lambda s: s.route("/x", slow_headers(0.2, 100)), "timeout"),
    ("oversized", lambda s: s.page("/x", b"<p>" + b"x" * 1_200_000), "too large, more than 1 MB"),
    ("image", lambda s: s.page("/x", b"\x89PNG\r\n", "image/png"), "not an article"),
    ("pdf", lambda s: s.page("/x", b"%PDF-1.4", "application/pdf"), "content type application/pdf"),
    ("binary text", lambda s: s.page("/x", b"a\x00b", "text/plain"), "binary data"),
    ("no text", lambda s: s.page("/x", "<html><body><img src=a></body></html>"), "not an article"),
    ("json", lambda s: s.page("/x", "{}", "application/json"), "not an article"),
]


@pytest.mark.parametrize(("case", "serve", "reason"), FAILURES, ids=[f[0] for f in FAILURES])
def test_each_failure_is_one_line_exit_1_and_leaves_nothing(
    run: Run, site: Site, isolated_dirs: Paths, case: str, serve: object, reason: str
) -> None:
    isolated_dirs.config_dir.mkdir(parents=True)
    isolated_dirs.config_file.write_text("downloads:\n  max_size: 1\n  timeout: 1\n")
    serve(site)  # type: ignore[operator]
    url = site.url("/x")
    result = run("add", url, timeout=30)
    assert result.returncode == 1
    line = error_line(result.stderr)
    assert reason in line and url in line
    assert result.stdout == ""
    assert data_files(isolated_dirs.data_dir) == []


def test_a_gzip_bomb_fails_cleanly(
    run: Run, site: Site, isolated_dirs: Paths, gzip_bomb: bytes
) -> None:
    url = site.page("/bomb", gzip_bomb, headers={"Content-Encoding": "gzip, gzip, gzip"})
    result = run("add", url, timeout=60)
    assert result.returncode == 1
    assert "too large, more than 10 MB" in error_line(result.stderr)
    assert data_files(isolated_dirs.data_dir) == []


TITLES = [
    ("../../etc/passwd", "etcpasswd.md"),
    ("a/b\\c", "abc.md"),
    ("CON", "con-article.md"),
    ("lpt1", "lpt1-article.md"),
    (".hidden", "hidden.md"),
    ("...", "saving.md"),  # nothing usable: the name falls back to the URL's file name
    ("Été à Paris — «vite»", "été-à-paris-vite.md"),
]


@pytest.mark.parametrize(("title", "name"), TITLES)
def test_file_names_are_safe(
    run: Run, site: Site, isolated_dirs: Paths, title: str, name: str
) -> None:
    escaped = title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    html = f'<html><head><meta property="og:title" content="{escaped}"></head><body>'
    html += f"<article><p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    url = site.page("/saving.html", html)
    result = run("add", url)
    assert result.returncode == 0, result.stderr
    (path,) = saved(isolated_dirs)
    assert path.name == name
    assert path.parent == isolated_dirs.saved_dir


def test_long_and_duplicate_titles_get_bounded_unique_names(
    run: Run, site: Site, isolated_dirs: Paths
) -> None:
    long_title = "Ünïcode " * 60
    html = f'<html><head><meta property="og:title" content="{long_title}"></head><body>'
    html += f"<article><p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    for index in range(3):
        assert run("add", site.page(f"/dup{index}.html", html)).returncode == 0
    paths = saved(isolated_dirs)
    assert len(paths) == 3
    assert all(len(path.name.encode()) <= 130 for path in paths)
    stems = sorted(path.stem for path in paths)
    assert stems[1] == stems[0] + "-2" and stems[2] == stems[0] + "-3"
    assert len(set(listing(run))) == len(listing(run))


def test_a_title_cannot_inject_front_matter_fields(
    run: Run, site: Site, isolated_dirs: Paths
) -> None:
    evil = "Nice&#10;source: https://evil.test/&#10;id: welcome&#10;---&#10;# owned"
    html = f'<html><head><meta property="og:title" content="{evil}">'
    html += '<meta name="author" content="x: y&#10;tags: [injected]"></head><body>'
    html += f"<article><p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    url = site.page("/evil.html", html)
    assert run("add", url).returncode == 0
    items = listing(run)
    assert items["welcome"]["origin"] == "bundled"  # not taken over
    (item,) = [i for i in items.values() if i["origin"] == "saved"]
    assert item["source"] == url
    assert item["tags"] == []
    assert item["title"] == "Nice source: https://evil.test/ id: welcome --- # owned"
    assert item["author"] == "x: y tags: [injected]"


def test_rm_deletes_saved_articles_and_refuses_bundled_and_local(
    run: Run, site: Site, isolated_dirs: Paths, tmp_path: Path
) -> None:
    assert run("add", site.page("/engines.html", ARTICLE)).returncode == 0
    removed = run("rm", "saved/engines-of-thought")
    assert removed.returncode == 0, removed.stderr
    assert saved(isolated_dirs) == []
    assert "saved/engines-of-thought" not in listing(run)

    bundled = run("rm", "welcome")
    assert bundled.returncode == 1
    assert "bundled article and cannot be deleted" in error_line(bundled.stderr)

    local = tmp_path / "mine"
    local.mkdir()
    (local / "note.md").write_text("# Mine\n")
    refused = run("rm", "local/note", "--articles-dir", str(local))
    assert refused.returncode == 1
    assert "local file" in error_line(refused.stderr)
    assert (local / "note.md").exists()
