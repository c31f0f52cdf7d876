"""Every benchmark of the scale issue, with its baselines, in one command.

Usage: python benchmarks/run.py [--runs 5] [--skip mdv,libraries,...] [--work DIR]

Measured in a real terminal (tmux, 120x40), from process start to the expected text on screen,
with medians of several runs (see ``tmux_measure.py``), in this order:

* baseline: a bare Textual app showing ``Static("hello")``;
* ``articles``: ``linareader FILE`` on 10 KB, 100 KB, 1 MB and 5 MB articles (first paint),
  then ``G`` until the last paragraph is on screen;
* ``mdv``: a minimal app showing the same document in Textual's ``MarkdownViewer``; a size
  whose run exceeds ``--mdv-timeout`` is skipped with the larger ones, and the table says so;
* ``libraries``: ``linareader --articles-dir LIB`` with 100, 1,000 and 10,000 articles, with a
  warm metadata cache (warmed by one unmeasured run) until the newest title is in the sidebar;
  with a cold one (a fresh cache folder per run) until the first article scanned is (the first
  paint), then until the newest is (the background scan has read every file);
* ``list``: ``linareader list --json`` on 10,000 articles with a warm cache (no terminal);
* ``search``: ``search_bench.py`` in a subprocess: index build, then query latency over 10,000
  articles, in process (Python's start-up is not part of a query).

Peak RSS is each process's ``VmHWM``. Every run gets a fresh config folder (no reading
position carried over). The corpus is deterministic (``corpus.py``); ``--work DIR`` keeps it
between invocations. The ``linareader`` measured is the one beside this Python, importing the
package as installed (or from ``PYTHONPATH``, which is passed on).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import first_scanned, write_article, write_library
from report import Row, print_report
from tmux_measure import Sample, measure

BASELINE = """
from textual.app import App
from textual.widgets import Static
class Hello(App):
    def compose(self):
        yield Static("hello-" "baseline")  # split so the typed command never matches
Hello().run()
"""
VIEWER = """
import sys
from pathlib import Path
from textual.app import App
from textual.widgets import MarkdownViewer
body = Path(sys.argv[1]).read_text(encoding="utf-8").split("\\n---\\n", 1)[1]
class Viewer(App):
    def compose(self):
        yield MarkdownViewer(body)
Viewer().run()
"""
SIZES = (10_000, 100_000, 1_000_000, 5_000_000)
LIBRARIES = (100, 1_000, 10_000)
GROUPS = ("articles", "mdv", "libraries", "list", "search")


class Bench:
    """The work folder, the environment of each run, and the runs themselves."""

    def __init__(self, work: Path, runs: int, timeout: float) -> None:
        self.work, self.runs, self.timeout = work, runs, timeout
        self.linareader = str(Path(sys.executable).with_name("linareader"))
        self.bare: list[Sample] = []
        """Every run of the bare app, one before each measured run."""
        self.last_bare: list[Sample] = []
        """The bare runs made beside the last call of :meth:`samples`."""

    def env(self, cache: Path | None = None) -> dict[str, str]:
        """A fresh home and config folder (no reading position is carried over); *cache* is
        shared when given (warm runs)."""
        run = Path(tempfile.mkdtemp(prefix="run-", dir=self.work))
        env = {
            "HOME": str(run),
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
            "LINAREADER_CONFIG_DIR": str(run / "config"),
            # one data folder for all runs: empty, but its path is part of the library's roots
            "LINAREADER_DATA_DIR": str(self.work / "data"),
            "LINAREADER_CACHE_DIR": str(cache or run / "cache"),
        }
        if "PYTHONPATH" in os.environ:
            env["PYTHONPATH"] = os.environ["PYTHONPATH"]
        return env

    def samples(
        self,
        command: list[str],
        expected: str,
        *,
        runs: int | None = None,
        cache: Path | None = None,
        timeout: float | None = None,
        key: str | None = None,
        expected_after_key: str | None = None,
    ) -> list[Sample]:
        """Measure *command* *runs* times, each with fresh folders but a shared *cache*.

        Each run is preceded by a run of the bare app, kept in :attr:`bare`: a case's ratio is
        taken to the bare runs made beside it, so a machine that gets busier or quieter during
        the benchmark does not skew it.
        """
        samples = []
        for _ in range(runs or self.runs):
            self.bare.append(
                measure(
                    [sys.executable, "-c", BASELINE],
                    self.env(),
                    "hello-baseline",
                    timeout=self.timeout,
                )
            )
            samples.append(
                measure(
                    command,
                    self.env(cache),
                    expected,
                    timeout=timeout or self.timeout,
                    key=key,
                    expected_after_key=expected_after_key,
                )
            )
        self.last_bare = self.bare[-len(samples) :]
        return samples

    def corpus(self) -> tuple[dict[int, Path], dict[int, Path]]:
        """Write (once per work folder) the articles and the libraries."""
        articles = {size: self.work / "articles" / f"article-{size}.md" for size in SIZES}
        libraries = {count: self.work / f"library-{count}" for count in LIBRARIES}
        done = self.work / "corpus-3.done"  # a new name whenever the corpus changes
        if not done.exists():
            (self.work / "articles").mkdir(parents=True, exist_ok=True)
            for size in SIZES:
                write_article(self.work / "articles", size)
            for count, folder in libraries.items():
                shutil.rmtree(folder, ignore_errors=True)
                write_library(folder, count)
            done.touch()
            time.sleep(2.1)  # files from the last 2 s are not cached (racily clean)
        return articles, libraries


def article_rows(
    bench: Bench, articles: dict[int, Path], skip: set[str], mdv_timeout: float, mdv_runs: int
) -> list[Row]:
    rows: list[Row] = []
    viewer_skipped_from: int | None = None
    for size, path in articles.items():
        label = f"{size / 1e6:g} MB" if size >= 1e6 else f"{size / 1e3:g} KB"
        if "articles" not in skip:
            runs = bench.samples(
                [bench.linareader, str(path)],
                "FIRST-PARAGRAPH-MARKER",
                key="G",
                expected_after_key="LAST-PARAGRAPH-MARKER",
            )
            rows.append(
                Row(f"linareader, {label} article", runs, "article", size, bare=bench.last_bare)
            )
            rows.append(Row(f"  G paints the end, {label}", runs, kind="G", size=size))
        if "mdv" in skip:
            continue
        name = f"Textual MarkdownViewer, {label}"
        if viewer_skipped_from is not None:
            rows.append(
                Row(
                    name,
                    [],
                    kind="mdv",
                    size=size,
                    note=f"skipped (> {mdv_timeout:g} s)",
                    limit=mdv_timeout,
                )
            )
            continue
        try:
            runs = bench.samples(
                [sys.executable, "-c", VIEWER, str(path)],
                "FIRST-PARAGRAPH-MARKER",
                runs=mdv_runs,
                timeout=mdv_timeout,
            )
        except TimeoutError:
            viewer_skipped_from = size
            rows.append(
                Row(
                    name,
                    [],
                    kind="mdv",
                    size=size,
                    note=f"skipped (> {mdv_timeout:g} s)",
                    limit=mdv_timeout,
                )
            )
            continue
        rows.append(Row(name, runs, kind="mdv", size=size, bare=bench.last_bare))
    return rows


def library_rows(bench: Bench, libraries: dict[int, Path]) -> tuple[list[Row], bool]:
    rows: list[Row] = []
    cache_used = True
    for count, folder in libraries.items():
        command = [bench.linareader, "--articles-dir", str(folder)]
        # Cold: on screen with what the scan found first, then the whole library (the newest
        # titles, scanned last) once the background scan has read every file.
        first = "LIBRARY-FIRST-SCANNED" if first_scanned(count) < count - 2 else "LIBRARY-MARKER"
        cold = bench.samples(command, first, expected_after_key="LIBRARY-MARKER")
        label = f"linareader, {count:,} articles, cold cache"
        rows.append(Row(f"{label}, first paint", cold, "cold", count, bare=bench.last_bare))
        rows.append(Row("  then the whole library listed", cold, "scan", count))
        warm_cache = Path(tempfile.mkdtemp(prefix="cache-", dir=bench.work))
        bench.samples(command, "LIBRARY-MARKER", runs=1, cache=warm_cache)  # warm it up
        cache_used = cache_used and (warm_cache / "library-cache.json").exists()
        warm = bench.samples(command, "LIBRARY-MARKER", cache=warm_cache)
        rows.append(
            Row(
                f"linareader, {count:,} articles, warm cache",
                warm,
                "warm",
                count,
                bare=bench.last_bare,
            )
        )
    return rows, cache_used


def list_row(bench: Bench, folder: Path) -> Row:
    """``list --json`` wall time and peak RSS, outside any terminal, with a warm cache."""
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=bench.work))
    samples = []
    for run in range(bench.runs + 1):
        env = bench.env(cache)
        start = time.perf_counter()
        proc = subprocess.Popen(
            [bench.linareader, "--articles-dir", str(folder), "list", "--json"],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - start
        if proc.returncode:
            raise RuntimeError(f"linareader list failed with status {proc.returncode}")
        if run:  # the first run warms the cache
            samples.append(Sample(elapsed, None, usage.ru_maxrss / 1024))
    count = int(folder.name.split("-")[-1])
    return Row(f"linareader list --json, {count:,} articles, warm", samples, kind="list")


def search_result(bench: Bench, folder: Path) -> dict[str, object]:
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=bench.work))
    script = Path(__file__).with_name("search_bench.py")
    out = subprocess.run(
        [sys.executable, str(script), str(folder), str(cache)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(out.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per case (default 5)")
    parser.add_argument("--mdv-runs", type=int, default=3, help="runs per MarkdownViewer size")
    parser.add_argument("--mdv-timeout", type=float, default=30, help="skip slower sizes (s)")
    parser.add_argument("--timeout", type=float, default=120, help="give up on a run (s)")
    parser.add_argument("--skip", default="", help=f"comma-separated groups: {','.join(GROUPS)}")
    parser.add_argument("--work", type=Path, help="keep the corpus here between invocations")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("tmux is needed: apt install tmux")
    skip = {group for group in args.skip.split(",") if group}
    work = args.work or Path(tempfile.mkdtemp(prefix="linareader-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    bench = Bench(work, args.runs, args.timeout)
    try:
        articles, libraries = bench.corpus()
        rows = article_rows(bench, articles, skip, args.mdv_timeout, args.mdv_runs)
        cache_used = True
        if "libraries" not in skip:
            more, cache_used = library_rows(bench, libraries)
            rows += more
        if "list" not in skip:
            rows.append(list_row(bench, libraries[max(LIBRARIES)]))
        search = None if "search" in skip else search_result(bench, libraries[max(LIBRARIES)])
        bare = Row('bare Textual app, Static("hello"), every run', bench.bare, kind="bare")
        rows.insert(0, bare)
        print_report(rows, search, runs=args.runs, mdv_runs=args.mdv_runs, cache_used=cache_used)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
        else:
            for temporary in [*work.glob("run-*"), *work.glob("cache-*")]:
                shutil.rmtree(temporary, ignore_errors=True)


if __name__ == "__main__":
    main()
