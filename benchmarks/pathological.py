"""Huge and pathological articles in a real terminal (tmux 120x40): open, page, and keys.

Usage: python benchmarks/pathological.py [--runs N] [--work DIR]

Rows, medians of N runs, each with its baseline measured in the same run:
- open a 10 KB article (baseline) / a 40 MB one past ``reader.max_size`` (plain view): seconds
  from launch to the text on screen, then ``G`` to its last line, and peak RSS;
- the same for a 20 MB single-line article (plain view) and a 15 MB one within the limit made
  of 1 MB lines (parsed, each line shown as plain pieces);
- a key while nothing loads (baseline) / while 100,000 headings are being cut in the worker:
  from ``K`` (previous article) to its title on screen. The load is cancelled, its result
  dropped: the title must stay.
"""

from __future__ import annotations

import argparse
import os
import random
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from tmux_measure import HEIGHT, WIDTH, measure

WORDS = ["lorem", "ipsum", "dolor", "sit", "amet", "**gras**", "[lien](http://x.example)"]


def write_articles(folder: Path) -> dict[str, Path]:
    random.seed(7)
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "small": folder / "small.md",
        "huge": folder / "huge.md",
        "line": folder / "line.md",
        "lines": folder / "lines.md",
        "headings": folder / "headings.md",
    }
    files["small"].write_text("# Small one\n\n" + "Some words here. " * 600 + "\n\nSMALL-END\n")
    with files["huge"].open("w") as out:
        out.write("# Huge one\n\n")
        while out.tell() < 40 * 2**20:
            out.write(" ".join(random.choice(WORDS) for _ in range(150)) + "\n\n")
        out.write("HUGE-END\n")
    line = " ".join(random.choice(WORDS) for _ in range(20 * 2**20 // 7))
    files["line"].write_text(f"# One line\n\n{line} LINE-END\n")
    mb_line = " ".join(random.choice(WORDS) for _ in range(2**20 // 5))[: 2**20]
    lines = "\n\n".join([mb_line] * 15)  # 15 MB: within the limit, parsed, lines in plain pieces
    files["lines"].write_text(f"# Long lines\n\n{lines}\n\nLINES-END\n")
    files["headings"].write_text("".join(f"## Heading {i}\n\ntext {i}\n\n" for i in range(100_000)))
    return files


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout


def _until(name: str, text: str, start: float, timeout: float = 60) -> float:
    while time.perf_counter() - start < timeout:
        screen = _tmux("capture-pane", "-p", "-t", name)
        if text in screen:
            return time.perf_counter() - start
        time.sleep(0.01)
    raise TimeoutError(f"{text!r} not on screen")


def key_latency(command: list[str], env: dict[str, str], previous: str, *, busy: bool) -> float:
    """Seconds from ``K`` to the previous article's title, the app started on the
    100,000-heading article: with *busy* as soon as the list is drawn (the article is still
    being cut), else once it is on screen."""
    name = f"patho-{uuid.uuid4().hex[:8]}"
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    script = f"exec env -i {exports} {shlex.join(command)}"
    _tmux("new-session", "-d", "-s", name, "-x", str(WIDTH), "-y", str(HEIGHT), "sh", "-c", script)
    try:
        _until(name, "linareader — headings", time.perf_counter())  # its start is on screen
        if not busy:
            _until(name, "Heading 0", time.perf_counter())
            time.sleep(0.5)
        target = f"linareader — {previous}"
        pressed = time.perf_counter()
        _tmux("send-keys", "-t", name, "K")
        seconds = _until(name, target, pressed)
        time.sleep(4)  # a cancelled load ends meanwhile: the title must not change back
        if target not in _tmux("capture-pane", "-p", "-t", name):
            raise RuntimeError("the cancelled load replaced the article opened after it")
        return seconds
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], check=False, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--keys-only", action="store_true", help="only the key rows")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="patho-bench-", dir=args.work))
    files = write_articles(work / "articles")
    program = str(Path(sys.executable).with_name("linareader"))
    env = {
        "PATH": os.environ.get("PATH", ""),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "LINAREADER_CONFIG_DIR": str(work / "config"),
        "LINAREADER_DATA_DIR": str(work / "data"),
        "LINAREADER_CACHE_DIR": str(work / "cache"),
    }
    base = [program, "--articles-dir", str(work / "articles")]
    # Warm the library cache, once the files are older than its racy-write guard (2 s): else
    # every launch would scan the 75 MB of articles again, in the background, and be slower.
    time.sleep(2.5)
    subprocess.run([*base, "list"], env=env, capture_output=True, check=True)
    cases = [
        ("10 KB article (baseline)", "small", "min read", "SMALL-END"),
        ("40 MB, past the limit: plain view", "huge", "shown as plain text", "HUGE-END"),
        ("20 MB single line: plain view", "line", "shown as plain text", "LINE-END"),
        ("15 MB of 1 MB lines, parsed", "lines", "min read", "LINES-END"),
    ]
    state = work / "config" / "state.json"  # each run opens at the top, not where the last left
    print("| case | open s | G to the end s | peak RSS MB |")
    print("|---|---|---|---|")
    for label, key, first, last in [] if args.keys_only else cases:
        samples = []
        for _ in range(args.runs):
            state.unlink(missing_ok=True)
            samples.append(
                measure([*base, f"local/{key}"], env, first, timeout=120, key="G",
                        expected_after_key=last)
            )  # fmt: skip
        opened = statistics.median(s.first for s in samples)
        end = statistics.median(s.after_key or 0.0 for s in samples)
        rss = max(s.rss_mb or 0.0 for s in samples)
        print(f"| {label} | {opened:.2f} | {end:.2f} | {rss:.0f} |")
    keys = work / "keys"
    keys.mkdir()
    for key in ("small", "headings"):
        files[key].rename(keys / files[key].name)
    base = [program, "--articles-dir", str(keys)]
    subprocess.run([*base, "list"], env=env, capture_output=True, check=True)
    listed = subprocess.run([*base, "list"], env=env, capture_output=True, text=True, check=True)
    rows = [line.split(None, 2) for line in listed.stdout.splitlines()]
    ids = [row[1] for row in rows]
    previous = listed.stdout.splitlines()[ids.index("local/headings") - 1].split("  ")[-1]
    for busy in (False, True):
        seconds = []
        for _ in range(args.runs):
            state.unlink(missing_ok=True)
            seconds.append(key_latency([*base, "local/headings"], env, previous.strip(), busy=busy))
        label = "while 100,000 headings load" if busy else "nothing loading (baseline)"
        print(f"| `K` to the previous article, {label} | {statistics.median(seconds):.2f} | | |")
    print(f"\nfiles in {work}")


if __name__ == "__main__":
    main()
