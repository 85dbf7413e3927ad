"""The values a service-boundary proposal is made of (frozen, JSON-able through codec.py)."""

from __future__ import annotations

from dataclasses import dataclass

BOUNDARIES_SCHEMA = "nova-refactor/boundaries/2"
SHARED = "shared"  # group name of the shared-library proposal
ENTRYPOINT = "entrypoint"  # group name of composition roots (they may import anything)


@dataclass(frozen=True, slots=True)
class BoundaryOptions:
    services: int | None = None  # ask for this many services (None: what the graph says)
    seed: int = 42
    algorithm: str = "louvain"  # louvain | greedy
    resolution: float = 2.0  # Louvain's; 2 recovered known packages best (benchmarks/)
    similarity_weight: float = 0.5  # weight of the most-alike-modules graph (0: imports only)
    neighbours: int = 6  # most alike modules linked per module
    history: bool = True  # blend in git co-change when the target is a git repository
    history_weight: float = 0.3  # share of the blended weight that comes from co-change
    max_commits: int = 2000
    include_tests: bool = False


@dataclass(frozen=True, slots=True)
class Tie:
    module: str
    group: str
    weight: float


@dataclass(frozen=True, slots=True)
class Placement:
    """Why one module is where it is."""

    path: str
    group: str  # a service name, SHARED or ENTRYPOINT
    lines: int
    reason: str
    ties: tuple[Tie, ...]  # strongest first


@dataclass(frozen=True, slots=True)
class OwnedRoute:
    method: str
    path: str
    handler: str
    where: str  # file:line
    why: str


@dataclass(frozen=True, slots=True)
class Service:
    name: str
    modules: tuple[str, ...]
    lines: int
    routes: tuple[OwnedRoute, ...]
    locks: tuple[str, ...]  # owners of shared locks constructed in its modules
    responsibilities: int  # public top-level classes and functions it defines
    cohesion: float  # share of its non-shared ties that stay inside the service
    internal_weight: float
    external_weight: float


@dataclass(frozen=True, slots=True)
class CrossEdge:
    source: str
    target: str
    names: tuple[str, ...]  # what the source uses: would become network calls
    weight: float


@dataclass(frozen=True, slots=True)
class Crossing:
    """Everything that crosses between two proposed services, both directions."""

    first: str
    second: str
    cut_cost: float  # summed weight of the crossing edges
    edges: tuple[CrossEdge, ...]


@dataclass(frozen=True, slots=True)
class SharedLibrary:
    modules: tuple[str, ...]
    lines: int
    locks: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Proposal:
    services: tuple[Service, ...]
    shared: SharedLibrary
    entrypoints: tuple[str, ...]
    crossings: tuple[Crossing, ...]
    placements: tuple[Placement, ...]
    modularity: float  # Newman's Q of the service partition (shared and entrypoints left out)
    coupling: float  # crossing weight / all weight between service modules
    algorithm: str
    seed: int
    history_commits: int  # commits read for co-change (0: not used)
    unassigned_routes: tuple[OwnedRoute, ...]
    notes: tuple[str, ...] = ()
    schema: str = BOUNDARIES_SCHEMA
