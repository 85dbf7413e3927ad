"""What lock-to-actor plans: the lock, the guarded type's API used through it, every site it
rewrites, and every reason it refuses (each with its `path:line`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from nova_refactor.codemods.changeset import Changeset
from nova_refactor.codemods.plan import Skipped
from nova_refactor.vocabulary import SkipKind


@dataclass(frozen=True, slots=True)
class Refusal:
    site: str  # path:line (a lock with no site: its owner)
    reason: str
    kind: SkipKind = SkipKind.UNSUPPORTED

    def render(self) -> str:
        return f"{self.site}: {self.reason}"

    def skipped(self) -> Skipped:
        """The protocol's typed result (what the runner refuses with, exit 4)."""
        path, _, line = self.site.rpartition(":")
        if path and line.isdigit():
            return Skipped(self.kind, self.reason, path, int(line))
        return Skipped(self.kind, self.reason, self.site)


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    type: str  # as written in the method's signature

    @property
    def borrowed(self) -> bool:
        return self.type.startswith("&")

    @property
    def owned_type(self) -> str:
        """What a command carries for it: a borrowed `&U` travels as U's owned form."""
        if not self.borrowed:
            return self.type
        return f"<{self.type[1:].strip()} as ToOwned>::Owned"


@dataclass(frozen=True, slots=True)
class Operation:
    """One thing done through the lock that becomes a command: a method of the guarded type,
    or the read of one of its public fields."""

    name: str  # method or field name
    params: tuple[Param, ...] = ()
    returns: str = "()"
    is_field: bool = False

    @property
    def variant(self) -> str:
        camel = "".join(part.capitalize() for part in self.name.split("_") if part)
        return f"{camel}Field" if self.is_field and camel in ("Run",) else camel


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace bytes [start, end) of `path` with `text`."""

    path: str
    start: int
    end: int
    text: str
    line: int
    what: str  # one line for the plan


@dataclass(frozen=True, slots=True)
class ActorTarget:
    owner: str  # as the lock inventory names it: Struct.field
    state_type: str  # the guarded type's name
    state_path: str  # its module path, e.g. crate::feed
    primitive: str  # Mutex | RwLock (tokio, std or parking_lot)
    module: str  # snake name of the generated services/<module>/

    @property
    def handle(self) -> str:
        return f"{self.state_type}Handle"

    @property
    def handle_path(self) -> str:
        return f"crate::services::{self.module}::{self.handle}"


@dataclass(frozen=True, slots=True)
class ActorProposal:
    lines: tuple[str, ...]
    changeset: Changeset
    refusals: tuple[Refusal, ...] = ()
    target: ActorTarget | None = None
    operations: tuple[Operation, ...] = field(default=())
    skipped: tuple[Refusal, ...] = ()  # --hot: locks left alone while others convert


@dataclass
class Findings:
    edits: list[Edit] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    operations: dict[str, Operation] = field(default_factory=dict)
    batched: bool = False  # a closure run on the state (`run`)
    batched_async: bool = False  # one that awaits inside (`run_async`)
