"""Time a terminal program in a real terminal (tmux): from its start to the text on screen.

Each measurement gets a fresh tmux session of 120x40 whose shell waits on ``read``; the clock
starts when Enter is sent, the shell then ``exec``s the program (so the pane's pid is the
program's), and the screen is polled every 10 ms until the expected text shows. Optionally a
key is then sent and the time until a second text shows is taken (``G`` to the end), or,
with no key, the time until a later text shows (the end of a background scan). Peak
memory is the kernel's high-water mark (``VmHWM`` in ``/proc/<pid>/status``) read after the
screen settled, just before the session is killed.
"""

from __future__ import annotations

import atexit
import os
import shlex
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Sample", "measure", "peak_rss_mb"]

WIDTH, HEIGHT = 120, 40


@dataclass(frozen=True)
class Sample:
    """One run: seconds to the first text, seconds from the key to the second, peak MB."""

    first: float
    after_key: float | None
    rss_mb: float | None


def peak_rss_mb(pid: int) -> float | None:
    """The high-water mark of *pid*'s resident memory, in MB (None if it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


# A tmux server of our own, kept alive by an idle session for the whole run: other tmux users
# on the machine cannot disturb it, and it never exits (and restarts) between two runs.
_SOCKET = f"linareader-bench-{os.getpid()}"


def _tmux(*args: str) -> str:
    return subprocess.run(
        ["tmux", "-L", _SOCKET, *args], capture_output=True, text=True, check=True
    ).stdout


def _keep_server() -> None:
    if subprocess.run(
        ["tmux", "-L", _SOCKET, "has-session", "-t", "keeper"], capture_output=True
    ).returncode:
        _tmux("new-session", "-d", "-s", "keeper", "sleep", "86400")
        atexit.register(subprocess.run, ["tmux", "-L", _SOCKET, "kill-server"], capture_output=True)


def _wait_for(name: str, text: str, start: float, timeout: float) -> float:
    while (elapsed := time.perf_counter() - start) < timeout:
        if text in _tmux("capture-pane", "-p", "-t", name):
            return time.perf_counter() - start
        time.sleep(0.01)
    raise TimeoutError(f"{text!r} not on screen after {elapsed:.0f} s")


def measure(
    command: list[str],
    env: dict[str, str],
    expected: str,
    *,
    timeout: float,
    key: str | None = None,
    expected_after_key: str | None = None,
    settle: float = 0.5,
) -> Sample:
    """Run *command* in a new tmux session and time it (see the module docstring).

    Raises:
        TimeoutError: a text did not show within *timeout* seconds (the session is killed).
    """
    _keep_server()
    name = f"bench-{uuid.uuid4().hex[:8]}"
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    script = f"read _ && exec env -i {exports} {shlex.join(command)}"
    _tmux("new-session", "-d", "-s", name, "-x", str(WIDTH), "-y", str(HEIGHT), "sh", "-c", script)
    try:
        pid = int(_tmux("display", "-p", "-t", name, "#{pane_pid}").strip())
        time.sleep(0.2)  # let sh reach `read`, so its start-up is not timed
        start = time.perf_counter()
        _tmux("send-keys", "-t", name, "Enter")
        first = _wait_for(name, expected, start, timeout)
        after_key = None
        if expected_after_key is not None:
            pressed = time.perf_counter()
            if key is not None:
                _tmux("send-keys", "-t", name, key)
            after_key = _wait_for(name, expected_after_key, pressed, timeout)
        time.sleep(settle)
        return Sample(first, after_key, peak_rss_mb(pid))
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], check=False, capture_output=True)
