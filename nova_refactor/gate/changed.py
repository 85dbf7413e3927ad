"""--changed-since REF: which files and lines changed since a git revision (via the git CLI).

Working-tree changes count (staged or not) and so do untracked files, so a pre-commit hook
with `--changed-since HEAD` judges exactly what is about to be committed.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from nova_refactor.errors import UsageError
from nova_refactor.model import Finding

HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(?P<start>\d+)(?:,(?P<count>\d+))? @@")
TIMEOUT_S = 120


@dataclass(frozen=True, slots=True)
class ChangedScope:
    ref: str
    lines: dict[str, frozenset[int]]  # repo-relative path -> changed line numbers (new side)
    whole: frozenset[str]  # new, untracked files: every line counts as changed
    base: str = ""  # the commit (or empty tree) `ref` names: findings there are not new

    def touches(self, path: str) -> bool:
        return path in self.whole or bool(self.lines.get(path))

    def contains(self, finding: Finding) -> bool:
        """Project-wide findings always; file-level ones when the file changed; others when
        a line of their span changed (a function's whole body, a lock site's line)."""
        if not finding.path:
            return True
        if finding.path in self.whole:
            return True
        changed = self.lines.get(finding.path)
        if not changed:
            return False
        if finding.subject == finding.path:
            return True
        end = max(finding.end_line, finding.line)
        return any(line in changed for line in range(finding.line, end + 1))


def _git(root: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["git", "-c", "core.quotePath=false", "-C", str(root), *args],
            input=stdin, capture_output=True, text=True, timeout=TIMEOUT_S, check=False,
        )
    except FileNotFoundError:
        raise UsageError("--changed-since needs git, and git is not installed") from None


def changed_since(root: Path, ref: str) -> ChangedScope:
    """The scope of changes between `ref` and the working tree, relative to `root`."""
    if _git(root, "rev-parse", "--is-inside-work-tree").returncode != 0:
        raise UsageError(f"--changed-since: {root} is not inside a git work tree")
    base = _base(root, ref)
    diff = _git(root, "diff", "--no-color", "--no-ext-diff", "--unified=0", "--relative",
                "--src-prefix=a/", "--dst-prefix=b/", base, "--")
    if diff.returncode != 0:
        raise UsageError(f"--changed-since: git diff failed: {diff.stderr.strip()}")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard")
    return ChangedScope(ref, parse_diff(diff.stdout),
                        frozenset(p for p in untracked.stdout.splitlines() if p), base)


def _base(root: Path, ref: str) -> str:
    """The revision to diff against. HEAD of a repository without commits yet (a pre-commit
    hook on the first commit) is the empty tree: everything is new."""
    if _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode == 0:
        return ref
    if ref == "HEAD" and _git(root, "rev-parse", "--verify", "--quiet", "HEAD").returncode != 0:
        empty = _git(root, "hash-object", "-t", "tree", "--stdin")  # of empty input
        if empty.returncode == 0:
            return empty.stdout.strip()
    raise UsageError(f"--changed-since: unknown git revision {ref!r}")


def parse_diff(text: str) -> dict[str, frozenset[int]]:
    """Changed line numbers per file from a `--unified=0` diff. A pure deletion marks the lines
    on both sides of the cut, so the function it was cut from counts as changed."""
    found: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in text.splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            current = None if name == "/dev/null" else found.setdefault(_strip_prefix(name), set())
            continue
        match = HUNK.match(line)
        if match and current is not None:
            start, count = int(match["start"]), int(match["count"] or 1)
            current.update(range(start, start + count) if count else (start, start + 1))
    return {path: frozenset(lines) for path, lines in found.items()}


def _strip_prefix(name: str) -> str:
    if name.startswith('"') and name.endswith('"'):
        name = name[1:-1]
    return name[2:] if name.startswith("b/") else name
