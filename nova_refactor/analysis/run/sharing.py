"""Share a list of jobs, largest first, between this process and forked children.

Children take jobs from the front, this process from the back, one job at a time, until they
meet. So they finish within one job of each other: with a pool, this process waited at the end
for the two chunks of large files a worker had queued and could no longer give back. A child
sends each result as soon as it has it, and this process reads what has arrived between its own
jobs, so it decodes the children's results while they work rather than after them.

The claims are two counters in a pipe that holds one 8-byte message: whoever reads it holds the
lock until it writes the message back (a write of at most PIPE_BUF bytes is atomic). A job a
child took but never sent (it failed or was killed) is handed to this process at the end.
"""

from __future__ import annotations

import os
import signal
import struct
from collections.abc import Callable, Iterator

BOUNDS = struct.Struct("<ii")  # next job from the front, first job already taken from the back
HEADER = struct.Struct("<II")  # job index, length of the result that follows
PIPE_BYTES = 1 << 20  # results a child can send before this process reads them
READ_BYTES = 1 << 20

Work = Callable[[int], bytes]


def can_fork() -> bool:
    """Whether children can be forked here; without fork, `spawned.py` starts processes."""
    return hasattr(os, "fork")


class _Claims:
    def __init__(self, count: int) -> None:
        self.read, self.write = os.pipe()
        os.write(self.write, BOUNDS.pack(0, count))

    def take(self, front: bool) -> int | None:
        """The next job's index from the front or the back, or None when none is left."""
        start, end = BOUNDS.unpack(os.read(self.read, BOUNDS.size))  # waits while it is held
        index = None
        if start < end:
            if front:
                index, start = start, start + 1
            else:
                index = end = end - 1
        os.write(self.write, BOUNDS.pack(start, end))
        return index

    def close(self) -> None:
        os.close(self.read)
        os.close(self.write)


class _Child:  # a plain class: a dataclass costs a millisecond of start-up to create
    __slots__ = ("pid", "fd", "buffer", "open")

    def __init__(self, pid: int, fd: int) -> None:
        self.pid = pid
        self.fd = fd  # the read end of the pipe the child sends its results down
        self.buffer = bytearray()
        self.open = True


def shared(
    count: int, children: int, work: Work, meanwhile: Callable[[], None] | None = None
) -> Iterator[tuple[int, bytes | None]]:
    """Every index of `range(count)` once: `(index, result)` for a job a child did with
    `work(index)`, `(index, None)` for one the caller does itself before asking for the next.
    `meanwhile` is called once the children are started, before this process takes a job:
    work it does then costs half its time, as the children take more jobs meanwhile (at the
    end, when no job is left to share, all of it)."""
    claims = _Claims(count)
    forked: list[_Child] = []
    try:
        # Without fork (the caller spawns processes instead, `spawned.py`) or when the system
        # refuses a process, this process does the jobs no child takes: slower, never wrong.
        for _ in range(children if can_fork() else 0):
            try:
                forked.append(_fork(claims, work, [child.fd for child in forked]))
            except OSError:
                break
        if meanwhile is not None:
            meanwhile()
        seen = bytearray(count)
        for index, result in _all_results(claims, forked):
            seen[index] = 1
            yield index, result
        # Jobs a child took but never sent: it failed or was killed.
        yield from ((index, None) for index in range(count) if not seen[index])
    finally:
        claims.close()
        _reap(forked)


def _all_results(claims: _Claims, forked: list[_Child]) -> Iterator[tuple[int, bytes | None]]:
    while True:
        for child in forked:
            yield from _arrived(child, wait=False)
        index = claims.take(front=False)
        if index is None:
            break
        yield index, None
    for child in forked:
        yield from _arrived(child, wait=True)


def _fork(claims: _Claims, work: Work, inherited: list[int]) -> _Child:
    read, write = os.pipe()
    try:
        import fcntl  # POSIX only: the import itself may fail (below)

        fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass  # Linux only; elsewhere the child waits more often for this process to read
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        raise
    if pid == 0:
        for fd in (read, *inherited):  # no reader may outlive this process but it
            os.close(fd)
        _serve(claims, work, write)
    os.close(write)
    os.set_blocking(read, False)
    return _Child(pid, read)


def _serve(claims: _Claims, work: Work, out: int) -> None:
    """In a child: take jobs from the front until none is left, then exit."""
    code = 1
    try:
        while (index := claims.take(front=True)) is not None:
            result = work(index)
            _write_all(out, HEADER.pack(index, len(result)) + result)
        code = 0
    finally:
        os._exit(code)  # never returns into the caller's code (nor runs its clean-up)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _arrived(child: _Child, wait: bool) -> Iterator[tuple[int, bytes]]:
    """The results the child has sent (all of them, until it exits, when `wait`)."""
    if wait and child.open:
        os.set_blocking(child.fd, True)
    while child.open:
        try:
            data = os.read(child.fd, READ_BYTES)
        except BlockingIOError:
            return
        if not data:
            child.open = False
        child.buffer += data
        yield from _messages(child.buffer)


def _messages(buffer: bytearray) -> Iterator[tuple[int, bytes]]:
    """Complete messages, removed from the front of `buffer`."""
    while len(buffer) >= HEADER.size:
        index, length = HEADER.unpack_from(buffer)
        end = HEADER.size + length
        if len(buffer) < end:
            return
        result = bytes(memoryview(buffer)[HEADER.size:end])
        del buffer[:end]
        yield index, result


def _reap(forked: list[_Child]) -> None:
    """Wait for every child; one still running (this process was interrupted) is killed."""
    for child in forked:
        if child.open:
            os.kill(child.pid, signal.SIGKILL)
        os.close(child.fd)
        os.waitpid(child.pid, 0)
