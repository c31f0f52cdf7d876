"""Time from process start to the first screen of an article, in a real terminal (tmux).

Usage: python benchmarks/first_paint.py [--runs N] [--sizes 10000,100000,1000000]

Each measurement starts the command in a fresh tmux pane and polls the screen every 10 ms until
the expected text shows. In the same run it measures a baseline, a minimal Textual app that only
shows "hello", so the table's ratios stay meaningful on a noisy machine. Prints medians.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_article

BASELINE = """
from textual.app import App
from textual.widgets import Static
class Hello(App):
    def compose(self):
        yield Static("hello-" "baseline")  # split so the typed command never matches
Hello().run()
"""


def first_paint(
    command: list[str], expected: str, env: dict[str, str], timeout: float = 120
) -> float:
    """Seconds from launching *command* in tmux until *expected* is on screen."""
    name = f"bench-{uuid.uuid4().hex[:8]}"
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "120", "-y", "40"], check=True)
    try:
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        start = time.perf_counter()
        subprocess.run(
            ["tmux", "send-keys", "-t", name, f"exec env {exports} {shlex.join(command)}", "Enter"],
            check=True,
        )
        while time.perf_counter() - start < timeout:
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", name], capture_output=True, text=True
            ).stdout
            if expected in screen:
                return time.perf_counter() - start
            time.sleep(0.01)
        raise TimeoutError(f"{expected!r} not shown after {timeout} s")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("tmux is needed: apt install tmux")
    linareader = str(Path(sys.executable).with_name("linareader"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {
            "LINAREADER_CONFIG_DIR": str(folder / "config"),
            "LINAREADER_DATA_DIR": str(folder / "data"),
            "LINAREADER_CACHE_DIR": str(folder / "cache"),
            "TERM": "xterm-256color",
            "PATH": os.environ.get("PATH", ""),
        }
        cases: list[tuple[str, list[str], str]] = [
            (
                "baseline: Textual app with one Static",
                [sys.executable, "-c", BASELINE],
                "hello-baseline",
            )
        ]
        for size in (int(s) for s in args.sizes.split(",")):
            path = write_article(folder, size)
            cases.append(
                (
                    f"linareader, {size / 1000:g} KB article",
                    [linareader, str(path)],
                    "FIRST-PARAGRAPH-MARKER",
                )
            )
        rows = []
        for label, command, expected in cases:
            times = [first_paint(command, expected, env) for _ in range(args.runs)]
            rows.append((label, statistics.median(times), min(times), max(times)))
        base = rows[0][1]
        print(f"first paint in tmux 120x40, {args.runs} runs each (seconds)")
        print(f"{'case':<42} {'median':>8} {'min':>8} {'max':>8} {'x base':>8}")
        for label, median, low, high in rows:
            print(f"{label:<42} {median:8.3f} {low:8.3f} {high:8.3f} {median / base:8.2f}")


if __name__ == "__main__":
    main()
