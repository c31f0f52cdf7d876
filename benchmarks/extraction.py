"""Extraction quality of ``linareader add``, scored like the article-extraction benchmark.

Usage: python benchmarks/extraction.py BENCH_DIR [--limit N] [--worst N]

BENCH_DIR is an article-extraction benchmark folder: ``html/<id>.html.gz`` pages and a
``ground-truth.json`` of ``{id: {"articleBody": ..., "url": ...}}``. Each page is served from a
local HTTP server on 127.0.0.1 (gzip-encoded, as a web server would send it) and saved through
the same core function as ``linareader add`` (download, decode, extract, convert, write) into a
temporary data folder. The saved Markdown is scored in text mode (front matter and Markdown
syntax stripped): word 4-gram shingles counted as multisets against the ground truth, precision
and recall averaged over pages, F1 the harmonic mean of the averages. Prints a table.

The pages are third-party: this script reads them where they are and copies none of them.
Run it by hand; it is not a test.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from linareader.core.errors import LinareaderError
from linareader.core.fetch import make_client
from linareader.core.frontmatter import split_front_matter
from linareader.core.pages import save_page
from linareader.core.paths import Paths

_WORDS = re.compile(r"\w+")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<(https?://[^>]+)>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")
_FENCE = re.compile(r"^(```|~~~).*$", re.MULTILINE)


def markdown_to_text(markdown: str) -> str:
    """Strip front matter and Markdown syntax that would add words (link targets, escapes)."""
    _yaml, body, _line = split_front_matter(markdown)
    body = _IMAGE.sub(r"\1", body)
    body = _LINK.sub(r"\1", body)
    body = _AUTOLINK.sub("", body)
    body = _FENCE.sub("", body)
    return _ESCAPE.sub(r"\1", body)


def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    """Word *size*-grams of *text* as a multiset (a shorter text is one shingle)."""
    tokens = _WORDS.findall(text)
    if len(tokens) < size:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def score(extracted: str, truth: str) -> tuple[float, float]:
    """Precision and recall of one page."""
    got, want = shingles(extracted), shingles(truth)
    true_positive = sum((got & want).values())
    if not got and not want:
        return 1.0, 1.0
    precision = true_positive / sum(got.values()) if got else 0.0
    recall = true_positive / sum(want.values()) if want else 1.0
    return precision, recall


def serve(html_dir: Path) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``/<id>.html`` from ``html/<id>.html.gz`` with ``Content-Encoding: gzip``."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            name = self.path.strip("/").removesuffix(".html")
            path = html_dir / f"{name}.html.gz"
            if "/" in name or not path.is_file():
                self.send_error(404)
                return
            data = path.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bench_dir", type=Path, metavar="BENCH_DIR")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument("--worst", type=int, default=5, help="list the N lowest-F1 pages")
    args = parser.parse_args()
    truth = json.loads((args.bench_dir / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)
    if args.limit:
        ids = ids[: args.limit]
    server, base = serve(args.bench_dir / "html")
    precisions: list[float] = []
    recalls: list[float] = []
    times: list[float] = []
    failures: list[str] = []
    per_page: list[tuple[float, str]] = []
    with tempfile.TemporaryDirectory() as tmp, make_client() as client:
        root = Path(tmp)
        paths = Paths(root / "config", root / "data", root / "cache")
        for page_id in ids:
            started = time.perf_counter()
            try:
                stored = save_page(client, paths, f"{base}/{page_id}.html")
                markdown = stored.path.read_text(encoding="utf-8")
                stored.path.unlink()  # each page scored alone, not updated in place
            except LinareaderError as error:
                failures.append(f"{page_id[:12]}: {error}")
                markdown = ""
            times.append(time.perf_counter() - started)
            precision, recall = score(markdown_to_text(markdown), truth[page_id]["articleBody"])
            precisions.append(precision)
            recalls.append(recall)
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            per_page.append((f1, page_id))
    server.shutdown()
    precision = statistics.fmean(precisions)
    recall = statistics.fmean(recalls)
    f1 = 2 * precision * recall / (precision + recall)
    print(f"pages: {len(ids)} from {args.bench_dir} (text mode)")
    print("| pipeline | F1 | precision | recall | median ms/page |")
    print("| --- | --- | --- | --- | --- |")
    print(
        f"| linareader add (readability-lxml + markdownify) | {f1:.3f} | {precision:.3f} "
        f"| {recall:.3f} | {statistics.median(times) * 1000:.0f} |"
    )
    if failures:
        print(f"\n{len(failures)} page(s) failed:")
        for line in failures:
            print(f"  {line}")
    if args.worst:
        print(f"\nlowest F1 ({args.worst}):")
        for value, page_id in sorted(per_page)[: args.worst]:
            print(f"  {value:.3f}  {page_id[:16]}  {truth[page_id]['url'][:70]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
