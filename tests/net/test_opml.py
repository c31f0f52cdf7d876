"""OPML: export then import reproduces subscriptions; foreign and hostile files."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from linareader.core.errors import OpmlError
from linareader.core.feeds import load_subscriptions
from linareader.core.opml import parse_opml
from linareader.core.paths import Paths

from .conftest import Run

FEEDS = {
    "feeds": [
        {
            "name": "lwn",
            "url": "https://lwn.example/rss",
            "title": "LWN",
            "tags": ["linux", "news"],
        },
        {"name": "blog", "url": "https://blog.example/atom.xml", "full_content": True, "keep": 50},
        {"name": "amp", "url": "https://x.example/feed?a=1&b=2", "title": "Q & A <daily>"},
        {"name": "deep", "url": "https://d.example/f", "tags": ["Tech/Linux"]},
    ]
}


def test_export_then_import_into_an_empty_config_reproduces_subscriptions(
    run: Run, isolated_dirs: Paths, tmp_path: Path
) -> None:
    isolated_dirs.config_dir.mkdir(parents=True)
    isolated_dirs.feeds_file.write_text(yaml.safe_dump(FEEDS))
    exported = run("opml", "export")
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml')
    assert 'version="2.0"' in exported.stdout
    opml = tmp_path / "subscriptions.opml"
    opml.write_text(exported.stdout, encoding="utf-8")

    empty = tmp_path / "empty-config"
    result = run("opml", "import", str(opml), "--config-dir", str(empty))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Imported 4 feeds.\n"
    assert load_subscriptions(empty / "feeds.yaml") == load_subscriptions(isolated_dirs.feeds_file)

    again = run("opml", "import", str(opml), "--config-dir", str(empty))
    assert again.stdout == "Imported 0 feeds (4 already subscribed).\n"


FOREIGN = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>Reader export</title></head><body>
  <outline text="Loose" type="rss" xmlUrl="https://loose.example/rss"/>
  <outline text="Tech" title="Tech">
    <outline text="Kernel" title="Kernel news" type="rss" xmlUrl="https://k.example/rss"
             category="/Linux/Kernel,Weekly"/>
    <outline text="Sub">
      <outline text="Deep" type="rss" xmlUrl="https://deep.example/rss"/>
    </outline>
  </outline>
  <outline text="Duplicate" type="rss" xmlUrl="https://loose.example/rss"/>
  <outline text="Not http" type="rss" xmlUrl="file:///etc/passwd"/>
</body></opml>"""


def test_a_foreign_opml_with_folders_and_categories() -> None:
    feeds = parse_opml(FOREIGN)
    assert [(feed.url, feed.title, feed.tags) for feed in feeds] == [
        ("https://loose.example/rss", "Loose", ()),
        ("https://k.example/rss", "Kernel news", ("Linux/Kernel", "Weekly", "Tech")),
        ("https://deep.example/rss", "Deep", ("Tech", "Sub")),
    ]


def test_names_from_titles_are_made_unique(run: Run, isolated_dirs: Paths, tmp_path: Path) -> None:
    same = (
        b'<opml version="2.0"><body><outline text="News" xmlUrl="https://a.example/"/>'
        b'<outline text="News" xmlUrl="https://b.example/"/><outline xmlUrl="https://www.c.example/x"/>'
        b"</body></opml>"
    )
    path = tmp_path / "same.opml"
    path.write_bytes(same)
    assert run("opml", "import", str(path)).returncode == 0
    names = [s.name for s in load_subscriptions(isolated_dirs.feeds_file)]
    assert names == ["news", "news-2", "cexample"]


HOSTILE = [
    (
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<opml version="2.0"><body><outline text="&x;" xmlUrl="https://e.example/"/></body></opml>'
    ),
    (
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
        b'<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
        b'<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>'
        b'<opml version="2.0"><body><outline text="&e;&e;&e;" xmlUrl="https://e.example/"/>'
        b"</body></opml>"
    ),
    (
        b'<?xml version="1.0"?><!DOCTYPE opml SYSTEM "http://127.0.0.1:9/evil.dtd">'
        b'<opml version="2.0"><body><outline text="t" xmlUrl="https://e.example/"/></body></opml>'
    ),
]


@pytest.mark.parametrize("data", HOSTILE)
def test_entities_and_external_dtds_are_never_expanded_or_loaded(data: bytes) -> None:
    try:
        feeds = parse_opml(data)
    except OpmlError:
        return  # refusing the file is fine too
    assert [feed.url for feed in feeds] == ["https://e.example/"]
    assert "root:" not in feeds[0].title and len(feeds[0].title) < 100


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html><body/></html>", "root element is not <opml>"),
        (b"<opml version='2.0'><head/></opml>", "no <body>"),
        (b"not xml at all", "not valid OPML"),
    ],
)
def test_not_opml_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(OpmlError, match=message):
        parse_opml(data)


def test_importing_a_missing_or_bad_file_is_one_line(run: Run, tmp_path: Path) -> None:
    missing = run("opml", "import", str(tmp_path / "nope.opml"))
    assert missing.returncode == 1 and "Cannot read" in missing.stderr
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml>")
    result = run("opml", "import", str(bad))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
