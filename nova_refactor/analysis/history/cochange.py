"""Co-change from git history: files changed in the same commits belong together.

Reads `git log --name-only` through a subprocess; never runs anything of the repository
(hooks and fsmonitor are not involved in `git log`, and fsmonitor is switched off anyway).
"""

from __future__ import annotations

import subprocess
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

from nova_refactor.gitrepo import git_command

MAX_FILES_PER_COMMIT = 30  # bulk commits (renames, formatting) say nothing about cohesion
MIN_SUPPORT = 2  # commits a pair must share before it counts
MIN_COMMITS = 5  # less history than this is anecdote, not evidence


def git_commits(root: Path, max_commits: int) -> list[list[str]]:
    """Changed files (relative to `root`) per commit, newest first; [] when not a git repo."""
    command = git_command(root, "log", "--no-merges", "--name-only", "--relative",
                          "--format=%x1e", f"-n{max_commits}", "--", ".")
    try:
        proc = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return []
    if proc.returncode != 0:
        return []
    commits = []
    for chunk in proc.stdout.split("\x1e"):
        files = [line.strip() for line in chunk.splitlines() if line.strip()]
        if files:
            commits.append(files)
    return commits


def cochange_weights(
    commits: list[list[str]], modules: set[str]
) -> dict[tuple[str, str], float]:
    """Pair weight: sum over commits of 1/(k-1) for a commit touching k of our modules; pairs
    seen together fewer than MIN_SUPPORT times are dropped (one commit is a coincidence)."""
    weights: dict[tuple[str, str], float] = defaultdict(float)  # a commit's share: fractional
    support: Counter[tuple[str, str]] = Counter()
    for files in commits:
        touched = sorted({f for f in files if f in modules})
        if len(touched) < 2 or len(files) > MAX_FILES_PER_COMMIT:
            continue
        share = 1.0 / (len(touched) - 1)
        for pair in combinations(touched, 2):
            weights[pair] += share
            support[pair] += 1
    return {pair: w for pair, w in weights.items() if support[pair] >= MIN_SUPPORT}
