"""Finding, reading and remembering the files of a codebase.

Discovery honours `.gitignore` files (through pathspec), user excludes, and skips virtualenvs,
build output and vendored trees. Reading never raises for one bad file: it yields a
`Diagnostic` instead. The result cache lives in the user's cache directory, never inside the
analysed repository, so a repository cannot plant data that we would load.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from nova_refactor.errors import UsageError
from nova_refactor.model import Diagnostic, Language, Severity

if TYPE_CHECKING:
    import pathspec

# sqlite3 and tempfile are imported where they are used: a `--no-cache` run printing its
# output needs neither (start-up time).

SKIPPED_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", "__pycache__", ".venv", ".tox", ".nox", ".eggs",
        ".mypy_cache", ".pytest_cache", ".ruff_cache", "node_modules", "build", "dist",
        "site-packages", "vendor", "vendored", "third_party", "target",
    }
)
EXTENSIONS = {".py": Language.PYTHON, ".rs": Language.RUST}
DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A discovered file: where it is, what language, and its bytes (None if unreadable)."""

    abs_path: Path
    rel_path: str
    language: Language


@dataclass(frozen=True, slots=True)
class Discovery:
    root: Path
    files: tuple[SourceFile, ...]
    diagnostics: tuple[Diagnostic, ...]


def atomic_write(path: Path, data: bytes, temp_name: str | None = None,
                 step: Callable[[], None] | None = None) -> None:
    """Temporary file in the same folder, fsync, rename, fsync of the folder: a reader never
    sees half a file, and after a power cut the path holds the old or the new bytes. The file
    keeps its mode, or gets what `open(.., "w")` gives. `temp_name`: the journal's (a rollback
    finds what a killed write left); `step` runs just before the rename (kill-point tests)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~umask()
    if temp_name is None:
        import tempfile  # 10 ms; only writes need it, and a warm run writes nothing here

        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    else:
        tmp = str(path.with_name(temp_name))
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        if step is not None:
            step()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable. Some platforms and file systems cannot open or
    fsync a folder: the rename is still atomic there, only not yet durable."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def common_root(paths: Iterable[Path]) -> Path:
    # realpath, not Path.resolve: Python 3.11's raises RuntimeError on a symlink loop
    resolved = [Path(os.path.realpath(p)) for p in paths]
    dirs = [p if p.is_dir() else p.parent for p in resolved]
    return Path(os.path.commonpath([str(d) for d in dirs]))


def discover(paths: list[Path], excludes: Iterable[str] = ()) -> Discovery:
    """Every source file under `paths`, in a stable order. Missing paths are a usage error."""
    if not paths:
        paths = [Path(".")]
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise UsageError(f"{path}: no such file or directory")
    root = common_root(paths)
    user_spec = _user_spec(list(excludes)) if excludes else None
    found: dict[str, SourceFile] = {}
    diagnostics: list[Diagnostic] = []
    for path in paths:
        if path.is_dir():
            _add_tree(found, path, root, user_spec, diagnostics)
        else:
            _add(found, path.absolute(), root, explicit=True, diagnostics=diagnostics)
    files = tuple(sorted(found.values(), key=lambda f: f.rel_path))
    if not files:  # an empty report would look like a clean codebase
        diagnostics.append(Diagnostic(".", 0, "no Python (.py) or Rust (.rs) source files found "
                                      "(skipped: .gitignore, excludes, venvs, build output)",
                                      Severity.NOTE))
    return Discovery(root=root, files=files, diagnostics=tuple(diagnostics))


def _add_tree(found: dict[str, SourceFile], top: Path, root: Path,
              user_spec: pathspec.PathSpec | None, diagnostics: list[Diagnostic]) -> None:
    linked: set[str] = set()
    for abs_path in _walk(top.resolve(), root, user_spec, diagnostics, linked):
        if str(abs_path) not in linked or _link_inside(abs_path, root, diagnostics):
            _add(found, abs_path, root, diagnostics=diagnostics)


def _user_spec(patterns: list[str]) -> pathspec.PathSpec:
    for pattern in patterns:
        if not _valid_pattern(pattern):
            raise UsageError(f"exclude {pattern!r}: not a valid gitignore pattern")
    return _spec(patterns)


def _link_inside(link: Path, root: Path, diagnostics: list[Diagnostic]) -> bool:
    """A file symlink found in the tree is read only when it points inside the analysed tree:
    a repository must not make us read (and print lines of) files elsewhere on the machine."""
    real = os.path.realpath(link)
    if real == str(root) or real.startswith(str(root).rstrip(os.sep) + os.sep):
        return True
    diagnostics.append(Diagnostic(_display(_relative(link, root)), 0,
                                  "skipped: a symlink to a file outside the analysed tree",
                                  Severity.WARNING))
    return False


def _display(rel: str) -> str:
    """A path that can be printed: undecodable bytes of a file name shown as `\\xff`."""
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _add(found: dict[str, SourceFile], abs_path: Path, root: Path, explicit: bool = False,
         diagnostics: list[Diagnostic] | None = None) -> None:
    if explicit and _exists_not_regular(abs_path):
        raise UsageError(f"{abs_path}: {_file_kind(abs_path)}, not a regular file")
    language = detect_language(abs_path)
    if language is None and explicit:
        if abs_path.suffix:  # README.md, Cargo.toml: never parsed as Python
            known = ", ".join(EXTENSIONS)
            raise UsageError(f"{abs_path}: not a source file this tool reads ({known}, or a "
                             "script without an extension)")
        language = Language.PYTHON  # a script named on the command line is taken at its word
    if language is None:
        return
    rel = _relative(abs_path, root)
    if diagnostics is not None and _display(rel) != rel:  # every report would choke on it
        diagnostics.append(Diagnostic(_display(rel), 0, "skipped: the file name is not valid "
                                      "UTF-8", Severity.WARNING))
        return
    found.setdefault(rel, SourceFile(abs_path=abs_path, rel_path=rel, language=language))


def _relative(abs_path: Path, root: Path) -> str:
    # Strings, not Path.relative_to: discovery asks this of every file (a fifth of its time).
    path, top = str(abs_path), str(root)
    if top == "/" and path.startswith("/"):
        return Path(path[1:]).as_posix()
    if path.startswith(top + os.sep):
        return Path(path[len(top) + 1:]).as_posix() if os.sep != "/" else path[len(top) + 1:]
    if path == top:
        return "."
    return abs_path.as_posix()


def detect_language(path: Path) -> Language | None:
    """By extension, or by a `python` shebang for files without one; None for anything that is
    not a regular file (a FIFO or device in a tree would block the read)."""
    if _exists_not_regular(path):
        return None
    if path.suffix:
        return EXTENSIONS.get(path.suffix)
    try:
        with open_regular(path) as handle:
            return language_of(path.name, handle.readline(200))
    except OSError:
        return None


def open_regular(path: Path) -> BinaryIO:
    """`open(path, "rb")` for a regular file only. Opened without blocking and checked on the
    open handle, so a file replaced by a FIFO after discovery cannot hang the run."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, "not a regular file (replaced since it was found?)")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _file_kind(path: Path) -> str:
    mode = os.stat(path).st_mode
    kinds = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISDIR, "a directory"))
    return next((name for test, name in kinds if test(mode)), "a special file")


def _exists_not_regular(path: Path) -> bool:
    """One stat for `path.exists() and not path.is_file()` (discovery asks it of every file)."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False  # a broken link, a loop or an unreadable file still gets its diagnostic


def language_of(name: str, first_line: bytes) -> Language | None:
    """The language of a file called `name` whose first line is `first_line`."""
    suffix = os.path.splitext(name)[1]
    if suffix:
        return EXTENSIONS.get(suffix)
    return Language.PYTHON if first_line.startswith(b"#!") and b"python" in first_line else None


def _walk(
    top: Path, root: Path, user_spec: pathspec.PathSpec | None, diagnostics: list[Diagnostic],
    linked: set[str] | None = None,
) -> Iterator[Path]:
    ignores: list[tuple[Path, pathspec.PathSpec]] = []

    def on_error(err: OSError) -> None:
        where = _relative(Path(err.filename or top), root)
        diagnostics.append(Diagnostic(where, 0, f"cannot list directory: {err.strerror}"))

    top_name = str(top)
    for dirpath, dirnames, filenames in _tree(top_name, on_error, linked):
        if "pyvenv.cfg" in filenames and dirpath != top_name:  # any virtualenv, whatever its name
            dirnames[:] = []
            continue
        if ".gitignore" in filenames:
            ignores.extend(_gitignore(Path(dirpath), root, diagnostics))
        active = _active_ignores(ignores, Path(dirpath)) if ignores else []
        yield from _walk_here(dirpath, dirnames, filenames, root, user_spec, active)


def _tree(
    top: str, on_error: Callable[[OSError], None], linked: set[str] | None = None
) -> Iterator[tuple[str, list[str], list[str]]]:
    """`os.walk(top, onerror=on_error)`: top-down, the caller may prune `dirnames` in place,
    symlinked directories listed but not entered (so a link can never send the walk round a
    loop). os.walk `lstat`s every directory to learn that; the directory entry already says it.
    The paths of symlinked files go into `linked`.
    """
    pending = [top]
    while pending:
        path = pending.pop()
        try:
            with os.scandir(path) as entries:
                listed = list(entries)
        except OSError as err:
            on_error(err)
            continue
        dirnames, filenames, links = _sorted_entries(listed, linked)
        yield path, dirnames, filenames
        # Reversed onto a stack: the same depth-first order as os.walk's recursion.
        pending.extend(os.path.join(path, d) for d in reversed(dirnames) if d not in links)


def _sorted_entries(
    listed: list[os.DirEntry[str]], linked: set[str] | None
) -> tuple[list[str], list[str], set[str]]:
    """(directory names, other names, symlinked directory names); symlinked files' paths go
    into `linked`."""
    dirnames, filenames, links = [], [], set()
    for entry in listed:  # inlined _is_dir: this loop sees every entry of the tree
        try:
            is_dir = entry.is_dir()
        except OSError:  # as os.walk: an entry that cannot be examined is not a directory
            is_dir = False
        if is_dir:
            dirnames.append(entry.name)
            if _is_link(entry):
                links.add(entry.name)
        else:
            filenames.append(entry.name)
            if linked is not None and _is_link(entry):
                linked.add(entry.path)
    return dirnames, filenames, links


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:  # as os.path.islink, which os.walk asks
        return False


def _walk_here(
    dirpath: str,
    dirnames: list[str],
    filenames: list[str],
    root: Path,
    user_spec: pathspec.PathSpec | None,
    active: list[tuple[Path, pathspec.PathSpec]],
) -> Iterator[Path]:
    """The kept files of one directory; prunes `dirnames` in place so os.walk skips them.

    Paths are made only where needed: most directories (e.g. locale data) hold no source.
    """
    filter_all = bool(active) or user_spec is not None
    if filter_all or any(_skipped_name(d) for d in dirnames):
        dirnames[:] = _kept_dirs(Path(dirpath), dirnames, root, user_spec, active)
    else:
        dirnames.sort()
    # Names that cannot be source files are dropped before any (costly) ignore matching.
    names = sorted(n for n in filenames if _candidate(n))
    if names:
        yield from _kept_files(Path(dirpath), names, filter_all, root, user_spec, active)


def _kept_files(
    here: Path,
    names: list[str],
    filter_all: bool,
    root: Path,
    user_spec: pathspec.PathSpec | None,
    active: list[tuple[Path, pathspec.PathSpec]],
) -> Iterator[Path]:
    for name in names:
        path = here / name
        if not filter_all or not _ignored(path, False, root, user_spec, active):
            yield path


def _candidate(name: str) -> bool:
    """A known extension, or none at all (maybe a script with a shebang)."""
    suffix = os.path.splitext(name)[1]
    return not suffix or suffix in EXTENSIONS


def _spec(lines: list[str]) -> pathspec.PathSpec:
    import pathspec  # imported when there are patterns: most runs have none (start-up time)

    return pathspec.GitIgnoreSpec.from_lines(lines)


def _gitignore(
    here: Path, root: Path, diagnostics: list[Diagnostic]
) -> list[tuple[Path, pathspec.PathSpec]]:
    """The `.gitignore` spec of directory `here`, if it has one; a line git would not accept
    either (a lone `!`) is left out with a note, as git ignores it."""
    gitignore = here / ".gitignore"
    if not gitignore.is_file():
        return []
    lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
    try:
        return [(here, _spec(lines))]
    except ValueError:  # pathspec's GitIgnorePatternError
        kept = []
        for number, line in enumerate(lines, start=1):
            if _valid_pattern(line):
                kept.append(line)
            else:
                where = _display(_relative(gitignore, root))
                diagnostics.append(Diagnostic(where, number, f"invalid pattern {line!r} "
                                              "ignored", Severity.NOTE))
        return [(here, _spec(kept))]


def _valid_pattern(line: str) -> bool:
    try:
        _spec([line])
    except ValueError:
        return False
    return True


def _active_ignores(
    ignores: list[tuple[Path, pathspec.PathSpec]], here: Path
) -> list[tuple[Path, pathspec.PathSpec]]:
    """The specs of `here` and of its ancestors."""
    # is_relative_to: one comparison of parts, instead of building every parent of `here`
    return [(base, spec) for base, spec in ignores if here.is_relative_to(base)]


def _kept_dirs(
    here: Path,
    dirnames: list[str],
    root: Path,
    user_spec: pathspec.PathSpec | None,
    active: list[tuple[Path, pathspec.PathSpec]],
) -> list[str]:
    return sorted(
        d for d in dirnames
        if not _skipped_dir(here / d) and not _ignored(here / d, True, root, user_spec, active)
    )


def _skipped_dir(path: Path) -> bool:
    return _skipped_name(path.name)


def _skipped_name(name: str) -> bool:
    return name in SKIPPED_DIRS or name.endswith(".egg-info")


def _ignored(
    path: Path,
    is_dir: bool,
    root: Path,
    user_spec: pathspec.PathSpec | None,
    active: list[tuple[Path, pathspec.PathSpec]],
) -> bool:
    if user_spec is None and not active:
        return False
    suffix = "/" if is_dir else ""
    if user_spec is not None and user_spec.match_file(_relative(path, root) + suffix):
        return True
    # As git: the deepest .gitignore with a matching line decides, so a sub-folder's
    # `!keep.py` takes back what a parent's `*.py` ignored.
    for base, spec in reversed(active):
        verdict = spec.check_file(path.relative_to(base).as_posix() + suffix).include
        if verdict is not None:
            return verdict
    return False


def read_source(source: SourceFile, max_bytes: int) -> tuple[bytes | None, Diagnostic | None]:
    """The file's bytes, or a diagnostic saying why they cannot be analysed."""
    try:
        size = source.abs_path.stat().st_size
        if size > max_bytes:
            limit = max_bytes // 1024
            message = f"skipped: {size // 1024} KiB is over the {limit} KiB limit (--max-file-size)"
            return None, Diagnostic(source.rel_path, 0, message, Severity.WARNING)
        with open_regular(source.abs_path) as handle:
            data = handle.read()
    except OSError as err:
        return None, Diagnostic(source.rel_path, 0, f"cannot read file: {err.strerror or err}")
    return data, None


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
