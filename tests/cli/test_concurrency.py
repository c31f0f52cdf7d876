"""Two real processes marking different articles at the same time lose nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from .conftest import Run

WORKER = textwrap.dedent(
    """
    import os, sys, time
    from linareader.cli import main
    folder, first, go = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    while not os.path.exists(go):
        time.sleep(0.001)
    for i in range(first, first + 30):
        status = main(["--articles-dir", folder, "mark", f"local/article-{i:02d}", "read"])
        assert status == 0, status
    """
)


def test_two_processes_marking_30_articles_each_leave_all_60_read(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):
        (folder / f"article-{i:02d}.md").write_text(f"# Article {i}\n\nText.\n", encoding="utf-8")
    go = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(folder), str(first), str(go)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for first in (0, 30)
    ]
    go.touch()
    for worker in workers:
        _, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
    result = run("--articles-dir", str(folder), "list", "--json")
    states = {item["id"]: item["state"] for item in json.loads(result.stdout)}
    local = {key: value for key, value in states.items() if key.startswith("local/")}
    assert len(local) == 60
    assert set(local.values()) == {"read"}
