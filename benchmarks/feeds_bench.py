"""Refreshing feeds of 1,000 to 30,000 items from a server on 127.0.0.1, in process.

Usage: python benchmarks/feeds_bench.py [--sizes 1000,10000,30000] [--work DIR]

For each size, two feeds (distinct titles, and every item titled "Update", which used to make
file naming quadratic) are served on loopback. Printed per feed: the baseline, feedparser
parsing the whole document (what reading every item would cost before anything is saved),
then linareader's first refresh (download, cut to the newest 1,000, parse, convert, write one
file each, fsync) and its second (304: nothing to do), and the peak RSS. Flat seconds from
10,000 to 30,000 items is what "bounded" means here; a quadratic step would multiply them.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import resource
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser

from linareader.core.feedrefresh import refresh_feeds, refresh_summary
from linareader.core.feeds import Subscription
from linareader.core.fetch import make_client
from linareader.core.paths import Paths


def feed(count: int, same_title: bool) -> bytes:
    items = "".join(
        f"<item><guid>urn:bench:{n}</guid><title>{'Update' if same_title else f'Entry {n}'}"
        f"</title><link>http://127.0.0.1/p/{n}</link><description>&lt;p&gt;Body of entry {n}, "
        f"with &lt;b&gt;some&lt;/b&gt; markup.&lt;/p&gt;</description>"
        f"<pubDate>Wed, 10 Jul 2024 08:00:00 GMT</pubDate></item>"
        for n in range(count, 0, -1)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>'
        f"<link>http://127.0.0.1/</link>{items}</channel></rss>"
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    documents: dict[str, bytes] = {}

    def do_GET(self) -> None:
        data = self.documents[self.path]
        etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,30000")
    parser.add_argument("--work", type=Path, default=None, help="folder for the written files")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    work = Path(tempfile.mkdtemp(prefix="feeds-bench-", dir=args.work))
    rows = []
    with make_client() as client:
        for size in sizes:
            for same in (False, True):
                path = f"/feed-{size}-{'same' if same else 'distinct'}.xml"
                _Handler.documents[path] = document = feed(size, same)
                started = time.perf_counter()
                feedparser.parse(io.BytesIO(document))
                baseline = time.perf_counter() - started
                root = work / path.strip("/").removesuffix(".xml")
                paths = Paths(root / "config", root / "data", root / "cache")
                subscription = Subscription(name="bench", url=base + path)
                started = time.perf_counter()
                (first,) = refresh_feeds(client, paths, [subscription])
                first_s = time.perf_counter() - started
                started = time.perf_counter()
                (second,) = refresh_feeds(client, paths, [subscription])
                second_s = time.perf_counter() - started
                if first.error or second.error:
                    sys.exit(f"{path}: {first.error or second.error}")
                rows.append(
                    (size, "same" if same else "distinct", len(document) / 2**20, baseline,
                     first_s, second_s, refresh_summary(first))
                )  # fmt: skip
    server.shutdown()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("| items | titles | feed MB | baseline: feedparser, whole feed, s | first refresh s "
          "| second refresh (304) s | what the refresh said |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    for size, titles, mb, baseline, first_s, second_s, summary in rows:
        print(f"| {size:,} | {titles} | {mb:.1f} | {baseline:.2f} | {first_s:.2f} | "
              f"{second_s:.3f} | {summary} |")  # fmt: skip
    print(f"\npeak RSS of the whole run: {peak:.0f} MB; files in {work}")


if __name__ == "__main__":
    main()
