"""Measuring an earlier revision of the project beside this tree: the revision is checked out
in a temporary git worktree and a benchmark script is run there in a child process, with that
checkout first on the import path, printing its measurements as JSON on its last line."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from collections.abc import Iterator

from _corpus import ROOT


def before_option(default: str | None) -> str | None:
    """The revision given as ``--before REV`` (removed from ``sys.argv``), else ``default``."""
    if "--before" not in sys.argv:
        return default
    at = sys.argv.index("--before")
    revision = sys.argv[at + 1]
    del sys.argv[at:at + 2]
    return revision


@contextmanager
def worktree(revision: str) -> Iterator[str]:
    """A temporary checkout of ``revision``, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="toolkit-before-") as folder:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", folder, revision], check=True,
                       capture_output=True)
        try:
            yield folder
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", folder], capture_output=True)


def run_in(folder: str, script: str, *args: str) -> dict:
    """Run ``script`` with ``args`` against the project checked out in ``folder``; the JSON
    object it prints last."""
    done = subprocess.run([sys.executable, script, *args], check=True, capture_output=True, text=True, cwd=folder,
                          env=dict(os.environ, PYTHONPATH=folder))
    return json.loads(done.stdout.strip().splitlines()[-1])


def fastest_stages(revision: str, script: str, *args: str, rounds: int = 3) -> dict[str, dict[str, float]]:
    """Seconds per stage, ``"before"`` (``revision``) and ``"after"`` (this tree): ``rounds``
    alternating runs of ``script`` with ``args``, the fastest of each stage."""
    best: dict[str, dict[str, float]] = {"before": {}, "after": {}}
    with worktree(revision) as folder:
        for _ in range(rounds):
            for label, path in (("before", folder), ("after", str(ROOT))):
                for stage, seconds in run_in(path, script, *args).items():
                    best[label][stage] = min(best[label].get(stage, seconds), seconds)
    return best
