"""Kill points for the recovery tests: the process dies where a power cut or `kill -9` could.

`NOVA_REFACTOR_KILL_AT=N` makes the Nth durable step of `apply --write` or `undo` kill the
process with SIGKILL (no handler, no `finally`), so a test can check that plain `undo` or
`apply` repairs whatever state that leaves. Unset, `step()` is one comparison.
"""

from __future__ import annotations

import os
import signal

KILL_ENV = "NOVA_REFACTOR_KILL_AT"


class KillPoints:
    def __init__(self, kill_at: int) -> None:
        self.kill_at = kill_at
        self.steps = 0

    def step(self) -> None:
        if not self.kill_at:
            return
        self.steps += 1
        if self.steps == self.kill_at:
            os.kill(os.getpid(), signal.SIGKILL)


POINTS = KillPoints(int(os.environ.get(KILL_ENV, "0") or 0))


def step() -> None:
    """One durable step done; die here if this is the step the test asked for."""
    POINTS.step()
