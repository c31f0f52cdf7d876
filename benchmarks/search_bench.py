"""Library search over a generated library, in process: index build, then query latency.

Usage: python benchmarks/search_bench.py LIBRARY_DIR CACHE_DIR [--repeat N]

Prints one JSON object: the library scan and index build times, the index size, each query's
median latency, the median and 90th percentile over all queries, and the process's peak RSS.
Latency is ``SearchIndex.search(query, library, limit=20)`` end to end: query parsing, a fresh
SQLite connection, FTS5 match and bm25 ranking, snippets, and mapping rows to articles. It does
not include starting Python (``linareader search`` adds its start-up and the index check).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from tmux_measure import peak_rss_mb

from linareader.core.library import Root, scan_library
from linareader.core.metacache import MetaCache
from linareader.core.search import SearchIndex

#: What people type: common and rare words, no accents, prefixes while typing, phrases,
#: several words, nothing found, and FTS5 syntax that must be taken as text.
QUERIES = [
    "société",
    "societe",
    "logiciel libre",
    '"logiciel libre"',
    "energie climat",
    "bibliothèque université",
    "soci",
    "biblio",
    "tribunal avocat procès",
    "nucleaire",
    "rabebo",
    "nevotionrè",
    "fromage vin",
    "zzzzz",
    "NEAR(logiciel libre)",
    "-libre title:x",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library", type=Path)
    parser.add_argument("cache", type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    library = scan_library([Root(args.library, "local")], MetaCache.load(args.cache))
    scanned = time.perf_counter() - started
    index = SearchIndex.in_dir(args.cache)
    reports: list[tuple[int, int]] = []
    started = time.perf_counter()
    result = index.update(
        library.articles, progress=lambda done, total: reports.append((done, total))
    )
    built = time.perf_counter() - started
    started = time.perf_counter()
    index.update(library.articles)
    checked = time.perf_counter() - started
    per_query: dict[str, float] = {}
    counts: dict[str, int] = {}
    every: list[float] = []
    for query in QUERIES:
        times = []
        for _ in range(args.repeat):
            begin = time.perf_counter()
            hits = index.search(query, library, limit=20)
            times.append(time.perf_counter() - begin)
        per_query[query] = statistics.median(times) * 1000
        counts[query] = len(hits)
        every.extend(t * 1000 for t in times)
    every.sort()
    print(
        json.dumps(
            {
                "articles": len(library),
                "megabytes": sum(a.size for a in library.articles) / 1e6,
                "scan_s": scanned,
                "build_s": built,
                "indexed": result.indexed,
                "progress_reports": len(reports),
                "noop_update_s": checked,
                "index_mb": index.file.stat().st_size / 1e6,
                "per_query_ms": per_query,
                "hits": counts,
                "median_ms": statistics.median(every),
                "p90_ms": every[int(len(every) * 0.9) - 1],
                "max_ms": every[-1],
                "rss_mb": peak_rss_mb(os.getpid()),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
