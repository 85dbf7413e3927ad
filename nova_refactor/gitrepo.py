"""Read a git revision's files straight from the object store, never touching the working tree.

Everything goes through the `git` command (plumbing only: `rev-parse`, `ls-tree`, `cat-file
--batch`, `rev-list`), so what we read is exactly what git has, whatever the checkout holds.
A missing git, a path outside a repository or an unknown revision is a `UsageError`.

Every git command line of the product is built by `git_command`: a repository's own
configuration must not make a read run a program (an fsmonitor hook, a filter, an external diff
or textconv driver, gpg for signatures). Hooks (`core.hooksPath`) only run on commands that
write (commit, checkout, merge...), which we never run.
"""

from __future__ import annotations

import functools
import subprocess
from dataclasses import dataclass
from pathlib import Path

from nova_refactor.errors import UsageError


@dataclass(frozen=True, slots=True)
class Blob:
    rel_path: str  # relative to the analysed folder, POSIX
    sha: str
    size: int


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    date: str  # committer date, ISO 8601
    subject: str


# Settings that would make a read command run a program configured by the repository.
_NEUTRAL = ("core.fsmonitor=false", "core.quotePath=false", "log.showSignature=false",
            "diff.external=", "core.pager=cat")
# Options that switch off per-path drivers (`.gitattributes` + config) where git accepts them.
_NO_DRIVERS = {"diff": ("--no-ext-diff", "--no-textconv"), "log": ("--no-ext-diff",
               "--no-textconv"), "show": ("--no-ext-diff", "--no-textconv")}


def git_command(repo: Path, *args: str) -> list[str]:
    """`git -C repo ARGS` with everything a repository could configure to run a program on a
    read switched off. `args[0]` is the git subcommand."""
    overrides = [item for setting in (*_NEUTRAL, *_filter_overrides(str(repo)))
                 for item in ("-c", setting)]
    command, rest = (args[0], args[1:]) if args else ("", ())
    return ["git", *overrides, "-C", str(repo), command, *_NO_DRIVERS.get(command, ()), *rest]


@functools.lru_cache(maxsize=16)
def _filter_overrides(repo: str) -> tuple[str, ...]:
    """Empty commands for every filter driver the configuration defines: `git diff` against the
    working tree would otherwise run a driver's `clean` or `process` program on its files."""
    try:
        done = subprocess.run(
            ["git", "-c", "core.fsmonitor=false", "-C", repo, "config", "-z", "--name-only",
             "--get-regexp", r"^filter\."],
            stdin=subprocess.DEVNULL, capture_output=True, check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ()
    names = {key.rsplit(".", 1)[0] for key in done.stdout.decode("utf-8", "replace").split("\0")
             if key.count(".") >= 2}
    return tuple(f"{name}.{part}=" for name in sorted(names)
                 for part in ("clean", "smudge", "process"))


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            git_command(repo, *args), input=stdin or b"", capture_output=True, check=False
        )
    except FileNotFoundError:
        raise UsageError("git is not installed: revisions cannot be read") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"{repo}: git {args[0]}: {message[-1] if message else 'failed'}")
    return done.stdout


def locate(path: Path) -> tuple[Path, str]:
    """The repository's top folder and `path` relative to it ("" for the top itself)."""
    if not path.exists():
        raise UsageError(f"{path}: no such file or directory")
    if not path.is_dir():  # its parent at a revision would be compared with it alone on disk
        raise UsageError(f"{path}: not a folder; give the folder to analyse at each revision")
    folder = path
    try:
        top = Path(_git(folder, "rev-parse", "--show-toplevel").decode().strip())
    except UsageError as err:  # git's own "fatal: not a git repository (or any…)" reads as a crash
        if "not a git repository" not in str(err):
            raise
        told = f"{path}: not inside a git repository, so it has no commits to read"
        raise UsageError(told) from None
    prefix = folder.resolve().relative_to(top.resolve()).as_posix()
    return top, "" if prefix == "." else prefix


def resolve(repo: Path, rev: str) -> str:
    """The full commit id of `rev`; one clear line when it names no commit."""
    if rev.startswith("-"):
        raise UsageError(f"{rev}: not a revision")
    try:
        return _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    except UsageError:
        raise UsageError(f"{rev}: unknown revision in {repo}") from None


def list_blobs(repo: Path, commit: str, prefix: str) -> list[Blob]:
    """Regular files of `commit` under `prefix` (symlinks and submodules are not files here)."""
    args = ["ls-tree", "-r", "-z", "--long", "--full-tree", commit]
    if prefix:
        args += ["--", prefix]
    blobs = []
    cut = len(prefix) + 1 if prefix else 0
    for record in _git(repo, *args).split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, kind, sha, size = meta.split()
        if kind != b"blob" or mode not in (b"100644", b"100755"):
            continue
        path = name.decode("utf-8", "surrogateescape")
        blobs.append(Blob(path[cut:], sha.decode(), int(size)))
    return blobs


def read_blobs(repo: Path, shas: list[str]) -> dict[str, bytes]:
    """Contents of many blobs through one `git cat-file --batch` process."""
    if not shas:
        return {}
    unique = list(dict.fromkeys(shas))
    out = _git(repo, "cat-file", "--batch", stdin="".join(f"{s}\n" for s in unique).encode())
    found: dict[str, bytes] = {}
    pos = 0
    for sha in unique:
        header_end = out.index(b"\n", pos)
        _, _, size = out[pos:header_end].split()
        start = header_end + 1
        found[sha] = out[start : start + int(size)]
        pos = start + int(size) + 1  # the batch output ends each object with a newline
    return found


def commits(repo: Path, revs: str | None, last: int | None, prefix: str) -> list[Commit]:
    """Commits of a range (`A..B`) or the last N of HEAD, oldest first, touching `prefix`."""
    args = ["log", "--format=%H%x00%cI%x00%s", "--first-parent"]
    if last:
        args.append(f"--max-count={last}")
    if revs:
        if revs.startswith("-"):
            raise UsageError(f"{revs}: not a revision range")
        args.append(revs)
    else:
        args.append("HEAD")
    if prefix:
        args += ["--", prefix]
    try:
        rows = _git(repo, *args).decode("utf-8", "replace").splitlines()
    except UsageError:
        raise UsageError(f"{revs or 'HEAD'}: unknown revision or range in {repo}") from None
    return [Commit(*row.split("\0", 2)) for row in reversed(rows) if row.count("\0") == 2]
