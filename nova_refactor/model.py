"""The plain, frozen data every layer speaks.

Frontends produce `FileFacts`; analysis turns many of them into an `Analysis`. Nothing here
knows about parsers, terminals or the CLI. Sequences are tuples so values stay hashable and
immutable; `codec.py` turns them into JSON and back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nova_refactor.vocabulary import (
    APP_KINDS,
    FACADE,
    MUTABLE_GLOBAL,
    SEGMENT_KINDS,
    SIGNAL_TEXT,
    Framework,
    ImportKind,
    Language,
    LockRole,
    MountKind,
    RouterKind,
    SegmentKind,
    Severity,
    SignalKind,
    Worse,
)

# The vocabulary of the fields is re-exported: callers find all the model here.
__all__ = [
    "APP_KINDS",
    "FACADE",
    "MUTABLE_GLOBAL",
    "SEGMENT_KINDS",
    "SIGNAL_TEXT",
    "Framework",
    "ImportKind",
    "Language",
    "LockRole",
    "MountKind",
    "RouterKind",
    "SegmentKind",
    "Severity",
    "SignalKind",
    "Worse",
]

SCHEMA_ID = "nova-refactor/analysis/1"
TYPED_MARK = "~"  # CallFacts.typed keys inside `callees`, in JSON only

# Field metadata of a value that lives only between a frontend, the analysis and the codemods:
# cached with the file's facts, left out of JSON documents (codec.py), which never hold it set.
INTERNAL = {"json": False}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem with one input file; it never stops a run."""

    path: str
    line: int
    message: str
    severity: Severity = Severity.ERROR

    def render(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class LineCounts:
    """Physical lines split into code, comment-only (docstrings included) and blank.

    For Python, `code` is radon's SLOC, `comment` radon's single-line comments plus multi-line
    string lines, and `logical` radon's LLOC.
    """

    physical: int = 0
    code: int = 0
    comment: int = 0
    blank: int = 0
    logical: int = 0


@dataclass(frozen=True, slots=True)
class FunctionFacts:
    name: str  # qualified: Class.method, outer.inner, outer.Local.method
    line: int
    end_line: int
    complexity: int
    is_async: bool = False
    is_method: bool = False
    is_handler: bool = False  # a request handler or request hook: a hot path
    uses: tuple[str, ...] = ()  # handlers only: module-level names they read, sorted

    @property
    def lines(self) -> int:
        return self.end_line - self.line + 1


@dataclass(frozen=True, slots=True)
class ClassFacts:
    name: str
    line: int
    end_line: int
    bases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportFacts:
    """An import statement as written; analysis resolves it inside the project."""

    module: str  # dotted module as written, without the leading dots
    level: int  # 0 for absolute imports, the number of leading dots otherwise
    names: tuple[str, ...]  # imported names ("*" for a star import); () for `import a.b`
    line: int
    alias: str = ""  # `import a.b as c` -> "c"
    asnames: tuple[str, ...] = ()  # `from m import a as b` -> ("b",), parallel to names
    kind: ImportKind = ImportKind.PLAIN
    uses: tuple[str, ...] = ()  # `import m` -> the attributes used as `m.attr`, sorted


@dataclass(frozen=True, slots=True)
class ImportEdge:
    """A resolved dependency between two project modules."""

    source: str  # repo-relative path of the importing file
    target: str  # repo-relative path of the imported file
    names: tuple[str, ...]
    kind: ImportKind  # import | from | star | re-export (Python); use | re-export | mod | macro
    line: int
    weight: int = 1


@dataclass(frozen=True, slots=True)
class LockSite:
    """One place where a shared lock (or mutable global) is declared, built or used."""

    owner: str  # the binding that holds the lock: NAME, Class.attr, or module global name
    primitive: str  # threading.Lock, asyncio.Lock, multiprocessing.Manager, mutable global, ...
    role: LockRole
    path: str
    line: int
    function: str = ""  # enclosing function's qualified name, "" at module level
    hot_path: bool = False  # the enclosing function is a request handler or hook
    how: str = ""  # with | async with | acquire() | global rebinding | ...
    held_across_await: bool = False  # a blocking lock held while the coroutine awaits
    # Why it is hot when reached through calls: "path:function" from the request handler
    # to the enclosing function, e.g. ("main.py:join_stream",
    # "services/streaming.py:StreamService.join"). Empty when not hot or not traced.
    via: tuple[str, ...] = ()
    # Hot only through a call matched by method name (the receiver's type was not known):
    # the chain in `via` may not run; its step is marked "(by name)".
    by_name: bool = False
    # In test code (`#[cfg(test)]`, `#[test]`, a test file): left out unless asked for.
    test: bool = False
    # Rust: a lock bound to a local and passed to a constructor (`Feed::new(pool, cache)`),
    # as `Feed::new#1`; analysis makes the field that argument fills its owner.
    handed_to: str = ""
    # Python: a site on a name another module binds (`with app_state.LOCK:`), `owner` as
    # written. The frontend sees one file; analysis follows the imports to the binding module
    # and resolves the site (owner `module.NAME`, an acquisition's primitive) or drops it.
    pending: bool = field(default=False, metadata=INTERNAL)


@dataclass(frozen=True, slots=True)
class BindingFacts:
    """A name bound to an instance of a class, as written: `svc = Service(..)` or `svc: Service`
    at module level (also through `global svc`), `self.repo = Repo(..)` in a method."""

    name: str  # module global NAME, or Class.attr
    type: str  # the class expression as written (dotted); analysis resolves it
    line: int


@dataclass(frozen=True, slots=True)
class Layer:
    """A Rust router builder's call that wraps the routes under it: middleware (actix `wrap`,
    `wrap_fn`; axum `layer`, `route_layer`) or the state they read (actix `app_data`, `data`;
    axum `with_state`), with where its argument is written, so that a codemod can find the
    node again (extract-service repeats them around the routes a service takes)."""

    call: str  # the method: wrap, wrap_fn, app_data, data, layer, route_layer, with_state
    code: str  # its argument, on one line
    line: int  # the argument's span: 1-based lines, 0-based byte columns
    column: int
    end_line: int
    end_column: int
    file: str = ""  # where it is written: a route's layers come from several files


@dataclass(frozen=True, slots=True)
class RouterFacts:
    """A routing object: a Flask app or Blueprint, a FastAPI app or APIRouter, an aiohttp table."""

    var: str  # name it is bound to; `f.bp` inside function `f`, `f.#0` for f's 1st parameter
    kind: RouterKind
    line: int
    name: str = ""  # blueprint name (Flask endpoint prefix)
    prefix: str = ""
    params: tuple[str, ...] = ()  # Rust route helper: its parameters (`self` left out)


@dataclass(frozen=True, slots=True)
class MountFacts:
    """`parent.register_blueprint(child, url_prefix=..)` / `include_router(child, prefix=..)`."""

    parent: str
    child: str  # local name of the child router (may be imported)
    prefix: str | None  # None: keep the child's own prefix
    line: int
    name: str = ""  # register_blueprint(name=...) override
    args: tuple[str, ...] = ()  # Rust helper call: its arguments (literals JSON-quoted)
    middleware: tuple[str, ...] = ()  # Rust: `wrap`/`layer` in force at the mount
    condition: str = ""  # Python: the `if`/`try` the mount runs under, "" when always
    kind: MountKind = MountKind.MOUNT
    # Rust: the calls `middleware` names and the state ones, for codemods (INTERNAL: the
    # `middleware` names are the report's; each layer's code and span would double a route)
    layers: tuple[Layer, ...] = field(default=(), metadata=INTERNAL)


@dataclass(frozen=True, slots=True)
class RouteFacts:
    """A route as declared in one file, relative to its router."""

    router: str  # local name of the router it is declared on
    methods: tuple[str, ...]
    rule: str
    handler: str
    endpoint: str
    line: int
    framework: Framework
    conditional: bool = False  # registered under a condition (`condition` says which)
    middleware: tuple[str, ...] = ()  # Rust: `wrap`/`layer` in force where the route is declared
    condition: str = ""  # Python: the `if`/`try` the registration runs under
    methods_from: str = ""  # a view class whose get/post/.. methods are the HTTP methods
    # Rust: middleware and state calls in force, outermost first, for codemods (INTERNAL)
    layers: tuple[Layer, ...] = field(default=(), metadata=INTERNAL)


@dataclass(frozen=True, slots=True)
class Route:
    """A route of the whole project, with its full path."""

    method: str
    path: str
    handler: str
    endpoint: str
    framework: Framework
    file: str
    line: int
    mounted: bool = True  # False when its router is never registered on an app
    middleware: tuple[str, ...] = ()  # middleware in force, outermost first (Rust)
    condition: str = ""  # registered only when this holds (its own and its mounts' `if`/`try`)
    unresolved: str = ""  # why the path or the app it hangs on cannot be known statically
    # Rust: middleware and state calls in force, outermost first, for codemods (INTERNAL)
    layers: tuple[Layer, ...] = field(default=(), metadata=INTERNAL)

    @property
    def counted(self) -> bool:
        """Headline totals count a route only when it is mounted and fully resolved."""
        return self.mounted and not self.unresolved


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of top-level statements of an entrypoint with one responsibility."""

    kind: SegmentKind
    start_line: int
    end_line: int
    defines: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()

    @property
    def lines(self) -> int:
        return self.end_line - self.start_line + 1


@dataclass(frozen=True, slots=True)
class Signal:
    """One reason a file looks like an entrypoint: what it is, and the words that say where.

    In JSON a signal is its text, as it always was: `to_json`/`from_json` are the codec's hooks.
    """

    kind: SignalKind
    detail: str = ""  # APP: "flask app `app` (line 3)"; FILE_NAME: the name; FN_MAIN: runtime

    def render(self) -> str:
        return SIGNAL_TEXT[self.kind].format(self.detail)

    @property
    def strong(self) -> bool:
        """Enough on its own to make a file an entrypoint, wherever it sits in the tree; a
        conventional name counts alone only at the top (or for `__main__.py`)."""
        return self.kind != SignalKind.FILE_NAME or self.detail == "__main__.py"

    def to_json(self) -> str:
        return self.render()

    @classmethod
    def from_json(cls, text: str) -> Signal:
        for kind, template in SIGNAL_TEXT.items():
            head, hole, tail = template.partition("{}")
            if not hole and text == template:
                return cls(kind)
            fits = hole and len(text) > len(head) + len(tail)
            if fits and text.startswith(head) and text.endswith(tail):
                return cls(kind, text[len(head):len(text) - len(tail)])
        raise ValueError(f"not an entrypoint signal: {text!r}")


@dataclass(frozen=True, slots=True)
class EntrypointFacts:
    """Why a file looks like an entrypoint, and its anatomy."""

    signals: tuple[Signal, ...]
    segments: tuple[Segment, ...] = ()


@dataclass(frozen=True, slots=True)
class CallFacts:
    """What one function calls, so that analysis can follow request handlers into other files.

    Python: callees as written (`helper`, `svc.method`, `self.repo.save`, `mod.func`), only those
    that may be project code. Rust: call keys (`fn:f`, `.method`, `Type::f`) by name, sorted, and
    apart from them the `typed` keys the hot-path finder reads (the receiver's type resolved).
    In JSON the typed keys follow in `callees` marked `~` (the document's form since schema 1).
    """

    caller: str
    callees: tuple[str, ...]
    typed: tuple[str, ...] = ()  # Rust, sorted

    def to_json(self) -> dict[str, object]:
        keys = self.callees
        if self.typed:
            keys = tuple(sorted((*keys, *(TYPED_MARK + k for k in self.typed))))
        return {"caller": self.caller, "callees": list(keys)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CallFacts:
        keys: list[str] = data["callees"]
        return cls(data["caller"], tuple(k for k in keys if not k.startswith(TYPED_MARK)),
                   tuple(k[1:] for k in keys if k.startswith(TYPED_MARK)))


@dataclass(frozen=True, slots=True)
class FileFacts:
    path: str  # repo-relative POSIX path
    language: Language
    content_hash: str
    size_bytes: int
    lines: LineCounts = field(default_factory=LineCounts)
    maintainability: float | None = None  # radon MI, None when the file did not parse
    functions: tuple[FunctionFacts, ...] = ()
    classes: tuple[ClassFacts, ...] = ()
    imports: tuple[ImportFacts, ...] = ()
    locks: tuple[LockSite, ...] = ()
    routers: tuple[RouterFacts, ...] = ()
    mounts: tuple[MountFacts, ...] = ()
    routes: tuple[RouteFacts, ...] = ()
    entrypoint: EntrypointFacts | None = None
    diagnostics: tuple[Diagnostic, ...] = ()
    calls: tuple[CallFacts, ...] = ()  # per function (cross-file hot paths)
    bindings: tuple[BindingFacts, ...] = ()  # Python: instances, to resolve calls on them
    # Python: module-level path strings (`PREFIX = "/api"`, `settings.API_V1_STR`) by name,
    # so that a prefix given by name resolves to its value
    constants: tuple[tuple[str, str], ...] = ()

    @property
    def parsed(self) -> bool:
        return self.maintainability is not None


@dataclass(frozen=True, slots=True)
class Entrypoint:
    path: str
    lines: int
    signals: tuple[Signal, ...]
    segments: tuple[Segment, ...]

    @property
    def serves(self) -> bool:
        """It builds the app the server runs (an app object, or the app factory)."""
        return any(signal.kind == SignalKind.APP for signal in self.signals)

    @property
    def split_order(self) -> tuple[bool, int, str]:
        """Which entrypoint a split is about, the greatest first: one that builds the served
        app before a larger data script (CTFd's `create_app` before `populate.py`), then the
        longest."""
        return self.serves, self.lines, self.path


@dataclass(frozen=True, slots=True)
class Offender:
    """One row of a top-offenders list."""

    path: str
    line: int
    name: str
    value: float


@dataclass(frozen=True, slots=True)
class Summary:
    """The refactor plan's "before table" for one codebase."""

    files: int
    lines: LineCounts
    functions: int
    entrypoints: tuple[tuple[str, int], ...]
    largest_file: Offender | None
    max_complexity: Offender | None
    mean_complexity: float
    complexity_threshold: int
    functions_over_threshold: int
    shared_locks: int  # lock objects constructed (threading, asyncio, multiprocessing, ...)
    mutable_globals: int  # module globals rebound through `global`
    hot_path_acquisitions: int
    mi_min: float | None
    mi_max: float | None
    routes: int
    diagnostics: int


@dataclass(frozen=True, slots=True)
class Offenders:
    largest_files: tuple[Offender, ...]
    most_complex: tuple[Offender, ...]
    lowest_mi: tuple[Offender, ...]


@dataclass(frozen=True, slots=True)
class Analysis:
    """The whole analysis of a codebase: one JSON document with a versioned schema."""

    roots: tuple[str, ...]
    tool_version: str
    summary: Summary
    offenders: Offenders
    entrypoints: tuple[Entrypoint, ...]
    routes: tuple[Route, ...]
    locks: tuple[LockSite, ...]
    imports: tuple[ImportEdge, ...]
    files: tuple[FileFacts, ...]
    diagnostics: tuple[Diagnostic, ...]
    schema: str = SCHEMA_ID


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule broken at one place; the gate's unit of judgement.

    `subject` names what the finding is about independently of line numbers (a function's
    qualified name, a lock's owner, a file), so `fingerprint` survives unrelated line moves.
    `worse` says which direction of `value` makes things worse ("higher" or "lower").
    """

    rule: str
    severity: Severity
    message: str
    path: str  # repo-relative POSIX path; "" for a project-wide finding (total coverage)
    line: int
    subject: str
    fingerprint: str = ""
    value: float | None = None
    threshold: float | None = None
    end_line: int = 0  # last line of the span (a function's end), 0 when it is one line
    worse: Worse = Worse.HIGHER
