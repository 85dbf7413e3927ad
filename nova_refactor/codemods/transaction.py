"""One journalled write of a changeset, the only way a codemod touches the user's files.

    with Transaction(changeset, "split-entrypoint") as written:
        ...checks that raise on failure...
    written.entry  # committed: `undo` reverts it

Under a lock on the project (a second `apply --write` or `undo` there is refused, not
interleaved), an interrupted earlier apply is rolled back first, free space is checked, the
journal is written ahead (`journal.record`), the files are replaced one by one, and the entry
is committed only when the block ends without an error. Any error, Ctrl-C, SIGTERM or SIGHUP
inside rolls back; a SIGKILL leaves a `pending` entry that plain `undo`, or the next
`apply --write`, rolls back.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType, TracebackType

from nova_refactor.codemods import journal
from nova_refactor.codemods.changeset import Changeset
from nova_refactor.codemods.preflight import check_writable
from nova_refactor.errors import UsageError, WriteError

LOCK_FILE = f"{journal.STATE_DIR}/lock"


@contextmanager
def project_lock(root: Path) -> Iterator[None]:
    """Hold the project's lock; refuse at once when another process holds it."""
    try:
        import fcntl  # POSIX only: elsewhere the import fails (below)
    except ImportError:  # no advisory locks on this platform: run unlocked
        yield
        return
    journal.ensure_state_dir(root)
    fd = os.open(root / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(f"{root}: another nova-refactor apply or undo is writing to this "
                             "project; run again when it has finished") from None
        yield
    finally:
        os.close(fd)  # closing releases the lock


def recover(root: Path) -> list[str]:
    """Roll back every interrupted apply (the caller holds the lock); their ids."""
    journal.discard_incomplete(root)
    undone = []
    for entry in journal.pending(root):
        journal.refuse_outside(root, entry)  # a pending manifest may be shipped by the repo
        edited = journal.edited_since(root, entry)
        if edited:
            raise UsageError(f"{edited[0]} was edited after the interrupted apply {entry.id}; "
                             f"`nova-refactor undo {entry.id} --force` restores the originals "
                             "and keeps a copy of the edits")
        journal.restore(root, entry)
        undone.append(entry.id)
    return undone


class _Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP while writing: unwinds like Ctrl-C, so the change is rolled back."""


def _stop(signum: int, frame: FrameType | None) -> None:
    raise _Stopped(f"stopped by signal {signum}")


class Transaction:
    def __init__(self, changeset: Changeset, codemod: str) -> None:
        self.changeset = changeset
        self.codemod = codemod
        self.root = Path(changeset.root)
        self.recovered: list[str] = []
        self.entry: journal.Entry | None = None
        self._lock = project_lock(self.root)
        self._handlers: dict[int, object] = {}

    def __enter__(self) -> Transaction:
        self._lock.__enter__()
        try:
            self.recovered = recover(self.root)
            self._check_unchanged()
            check_writable(self.changeset)  # read-only, no permission, disk too full
            self._trap_signals()
            self.entry = self._record()
            self._write_all(self.entry)
        except BaseException as err:
            self._finish(err)
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._finish(err)

    def _finish(self, err: BaseException | None) -> None:
        try:
            if self.entry is None:
                journal.discard_incomplete(self.root)  # originals kept before a failure
            elif err is not None:
                self.entry = journal.restore(self.root, self.entry)
            else:
                self.entry = journal.commit(self.root, self.entry)
        finally:
            self._release_signals()
            self._lock.__exit__(None, None, None)

    def _record(self) -> journal.Entry:
        try:
            return journal.record(self.changeset, self.codemod)
        except OSError as err:
            raise WriteError(f"{self.root / journal.JOURNAL}: cannot keep the originals "
                             f"({err.strerror or err}); nothing written") from None

    def _write_all(self, entry: journal.Entry) -> None:
        for change in self.changeset.changes:
            try:
                if change.removed:
                    journal.remove_file(self.root, change.path)
                else:
                    journal.replace_file(self.root, entry, change.path, change.after)
            except OSError as err:
                raise WriteError(f"{change.path}: cannot write ({err.strerror or err}); "
                                 "nothing changed (rolled back)") from None

    def _check_unchanged(self) -> None:
        """Checked under the lock: the journal must keep what is really there, and a change
        written meanwhile by another run (or an interrupted one just rolled back) must not
        be overwritten by a plan made before it."""
        for change in self.changeset.changes:
            target = self.root / change.path
            now = target.read_bytes() if target.is_file() else None
            if now != change.before:
                raise UsageError(f"{change.path} changed since the plan was made; run apply "
                                 "again")

    def _trap_signals(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if signum is not None:
                self._handlers[signum] = signal.signal(signum, _stop)

    def _release_signals(self) -> None:
        for signum, handler in self._handlers.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]
        self._handlers.clear()
