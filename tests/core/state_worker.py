"""A child process for ``test_state_processes.py``: races, crashes and read-only saves.

Run as ``python state_worker.py MODE STATE_JSON ...`` with ``PYTHONPATH`` set to the repo's
``tui``. Warnings go to stderr (as the CLI prints them); results to stdout as one JSON line.
"""

from __future__ import annotations

import json
import logging
import os
import random
import sys
import time
from pathlib import Path

from linareader.core.state import Position, StateStore

NOBODY = 65534


def _wait_for(path: Path, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {path}")
        time.sleep(0.001)


def _save(store: StateStore) -> None:
    if not store.save():
        raise SystemExit("save failed")
    # A user takes a moment between two changes. Without any pause, a process saving in a tight
    # loop takes the lock back before the rival's next poll, and the saves run one process after
    # the other instead of interleaving.
    time.sleep(random.uniform(0, 0.002))


def race(state: Path, name: str, count: int, extra: int, ready: Path, go: Path) -> None:
    """Mark *count* articles of our own read, saving after each change, in step with a rival."""
    store = StateStore(state)
    store.load()
    ready.touch()
    _wait_for(go)
    seen_rival = []
    for index in range(count):
        article = f"{name}-{index:02d}"
        store.mark(article, "read")
        _save(store)
        for step in range(1, extra + 1):
            store.set_position(article, Position("part", step), step / extra)
            _save(store)
        seen_rival.append(sum(not key.startswith(f"{name}-") for key in store.articles()))
    print(json.dumps({"seen_rival": seen_rival}))


def crash(state: Path, ready: Path) -> None:
    """Add bookmarks and save forever, until the test kills us."""
    store = StateStore(state)
    store.load()
    index = 0
    while True:
        store.add_bookmark("crash", f"section-{index:05d}", f"Section {index}", "note " * 200)
        store.save()
        if index == 0:
            ready.touch()
        index += 1


def read_only(state: Path, drop: bool) -> None:
    """Try to save into a folder we cannot write; report what the store said."""
    if drop:
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
        except OSError as exc:
            print(json.dumps({"skip": f"cannot drop root privileges: {exc}"}))
            return
    probe = state.parent / "probe"
    try:
        probe.touch()
    except OSError:
        pass
    else:
        probe.unlink()
        print(json.dumps({"skip": f"{state.parent} is still writable after dropping privileges"}))
        return
    store = StateStore(state)
    store.load()
    store.mark("new", "read")
    saves = [store.save(), store.save()]
    store.add_bookmark("new", "intro", "Intro")
    saves.append(store.save())
    print(
        json.dumps(
            {
                "saves": saves,
                "read_only": store.read_only,
                "old": store.article("old").state,
                "new": store.article("new").state,
                "bookmarks": len(store.bookmarks()),
            }
        )
    )


def main(argv: list[str]) -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    mode, state = argv[0], Path(argv[1])
    if mode == "race":
        race(state, argv[2], int(argv[3]), int(argv[4]), Path(argv[5]), Path(argv[6]))
    elif mode == "crash":
        crash(state, Path(argv[2]))
    elif mode == "read-only":
        read_only(state, argv[2] == "drop")
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
