"""Architecture decision record drafts: context, decision, consequences; status "proposed".

One for the entrypoint split, one for the lock replacements (when a lock is on a request
path), one for the shared library (when there is one) and one per proposed service (when
there are two or more). Every fact cites where it was measured (`path:line`).
"""

from __future__ import annotations

from collections.abc import Sequence

from nova_refactor.analysis.boundaries.model import Crossing, Proposal, Service
from nova_refactor.analysis.boundaries.route_owners import DEFINED_IN
from nova_refactor.analysis.naming import is_test
from nova_refactor.analysis.run.summary import counted_routes
from nova_refactor.model import MUTABLE_GLOBAL, Analysis, Language, Segment
from nova_refactor.planning.model import Adr, EntrypointPhase, LockPlan
from nova_refactor.planning.naming import library_name, plural, prose, ranges_text, slug
from nova_refactor.report.markdown.text import code

SHOWN = 8  # list items shown before "and N more"
TRIVIAL_LINES = 50  # below this, and serving no route, a service gets no ADR
Lines = tuple[str, ...]
Draft = tuple[str, Lines, Lines, Lines]  # title, context, decision, consequences


def adrs(analysis: Analysis, entry: EntrypointPhase | None, locks: Sequence[LockPlan],
         proposal: Proposal, project: str) -> tuple[Adr, ...]:
    drafts: list[Draft] = []
    if entry is not None and entry.needed:
        drafts.append(_entry(analysis, entry))
    hot = hot_locks(locks)
    if hot:
        drafts.append(_locks(analysis, hot))
    if proposal.shared.modules:
        drafts.append(_shared(proposal, project))
    if len(proposal.services) >= 2:
        drafts.extend(_service(analysis, proposal, s) for s in proposal.services
                      if worth_a_record(s))
    return tuple(Adr(i, slug(title), title, ctx, decision, cons)
                 for i, (title, ctx, decision, cons) in enumerate(drafts, start=1))


def worth_a_record(service: Service) -> bool:
    """A service of a few lines that serves no route (what `--services N` can leave) is no
    decision to record: an ADR for a 6-line "utils service" only hides the real ones."""
    return bool(service.routes) or service.lines >= TRIVIAL_LINES


def hot_locks(locks: Sequence[LockPlan]) -> list[LockPlan]:
    """Locks taken on a request path or held across an await, in the plan's order."""
    return [lock for lock in locks if lock.hot or lock.across_await]


def leftovers(entry: EntrypointPhase) -> list[str]:
    """New modules the split leaves over `file-size` (a module split out of an entrypoint is
    no entrypoint itself, even with the app object, so `entrypoint-size` does not judge it)."""
    found = []
    for g in entry.groups:
        if entry.file_limit and g.file_lines > entry.file_limit:
            routes = (" until Phase 3 moves its routes into the services (a blueprint or "
                      "router each)" if g.app_objects else ": split it further")
            found.append(f"{code(g.target)} will have {g.file_lines} lines, over `file-size` (at "
                         f"most {entry.file_limit}){routes}.")
    return found


def more(items: Sequence[str], shown: int = SHOWN) -> str:
    text = ", ".join(items[:shown])
    return text + (f" and {len(items) - shown} more" if len(items) > shown else "")


def _entry(analysis: Analysis, entry: EntrypointPhase) -> Draft:
    path = entry.entrypoint
    anatomy = next(e for e in analysis.entrypoints if e.path == path)
    limit = entry.limit
    limit_text = f"; the rule pack allows {limit} (`entrypoint-size`)" if limit else ""
    context = [f"{code(path)} has {entry.lines} lines ({path}:1){limit_text}.",
               f"Why it is an entrypoint: {prose(', '.join(s.render() for s in anatomy.signals))}.",
               *_anatomy(path, anatomy.segments), _owned(analysis, path)]
    decision, consequences = _entry_decision(entry)
    return (f"Split {path} into a composition root", tuple(context), decision, consequences)


def _anatomy(path: str, segments: Sequence[Segment]) -> list[str]:
    """One line per segment kind, largest first, with every range cited."""
    kinds: dict[str, list[tuple[int, int]]] = {}
    for seg in segments:
        kinds.setdefault(seg.kind, []).append((seg.start_line, seg.end_line))
    size = {kind: sum(b - a + 1 for a, b in spans) for kind, spans in kinds.items()}
    return [f"{kind}: {_lines(size[kind])} in {len(spans)} segment(s) "
            f"({ranges_text(path, spans)})"
            for kind, spans in sorted(kinds.items(), key=lambda k: (-size[k[0]], k[0]))]


def _owned(analysis: Analysis, path: str) -> str:
    routes = counted_routes([r for r in analysis.routes if r.file == path])
    mine = [s for s in analysis.locks if s.path == path]
    locks = {s.owner for s in mine if s.primitive != MUTABLE_GLOBAL}
    rebound = {s.owner for s in mine} - locks
    return (f"It declares {routes} route(s), {len(locks)} shared lock(s) and {len(rebound)} "
            "mutable global(s): every change to any of them touches this one file.")


def _lines(count: int) -> str:
    return f"{count} line" if count == 1 else f"{count} lines"


def _entry_decision(entry: EntrypointPhase) -> tuple[Lines, Lines]:
    path = entry.entrypoint
    moves = [f"{code(g.target)} receives {g.lines} lines ({ranges_text(path, g.ranges)}): "
             f"{g.title.lower()}" for g in entry.groups]
    if not entry.codemod:
        return _by_hand(entry, moves)
    first = ([f"First remove what makes the codemod refuse: {'; '.join(entry.blockers)}."]
             if entry.blockers else [])
    decision = [*first, f"Run `nova-refactor apply {entry.codemod}` (dry run first, then "
                "`--write --verify \"<your test command>\"`):", *moves, _wiring(entry)]
    size = (f"{code(path)} loses the {sum(g.lines for g in entry.groups)} lines above once the "
            "codemod accepts it (its size after the split is counted when it does)."
            if entry.blockers else f"{code(path)} goes from {entry.lines} to {entry.after_lines} "
            "lines (counted on the codemod's rendered output).")
    consequences = [size, *leftovers(entry),
                    _safety(entry),
                    "The `extract-*` codemods compose: applying them one at a time ends where "
                    "the split does, and `undo` steps back one at a time.",
                    *map(prose, entry.notes),
                    "Start-up order is unchanged: each piece runs where it ran before."]
    return tuple(decision), tuple(consequences)


def _wiring(entry: EntrypointPhase) -> str:
    if entry.language == Language.RUST:
        return (f"{code(entry.entrypoint)} keeps the wiring: `fn main` declares the new modules, "
                "calls them in start-up order, runs the server and keeps the shutdown sequence.")
    return (f"{code(entry.entrypoint)} keeps the wiring: it imports the new modules in start-up "
            "order and keeps a facade so every name it exported stays importable.")


def _safety(entry: EntrypointPhase) -> str:
    if entry.language == Language.RUST:
        return ("`apply --write` re-analyses and rolls back unless every route, app_data "
                "registration, spawned task and shutdown step is still there and `cargo check "
                "--offline` passes (when the crate's dependencies are available); `--verify` "
                "rolls back when the tests fail.")
    return ("`apply --write` re-analyses and rolls back unless the route inventory is "
            "identical, every name stays importable and no import cycle appears; "
            "`--verify` rolls back when the tests fail.")


def _by_hand(entry: EntrypointPhase, moves: list[str]) -> tuple[Lines, Lines]:
    path = entry.entrypoint
    decision = ["Move the segments of `fn main` by hand (the codemod cannot split it; see "
                "the notes):",
                *moves, f"{code(path)} keeps the wiring, the server's run and shutdown."]
    consequences = [f"{code(path)} goes from {entry.lines} to about {entry.after_lines} lines (an "
                    "estimate: one call per moved piece, one `mod` line per module).",
                    *map(prose, entry.notes),
                    "Start-up order is unchanged if each piece is called where its statements "
                    "ran before."]
    return tuple(decision), tuple(consequences)


def _locks(analysis: Analysis, hot: Sequence[LockPlan]) -> Draft:
    waits = [w for lock in hot for w in lock.across_await]
    context = [f"{analysis.summary.hot_path_acquisitions} lock acquisitions happen on request "
               f"paths, in {len(hot)} lock(s) or mutable global(s) (`analyze`, hot paths "
               "followed through calls).",
               f"{len(waits)} acquisition(s) hold a lock across an await"
               + (f": {prose(more(waits, 3))}." if waits else ".")]
    context += [f"{code(lock.owner)} ({code(lock.primitive)}, built at "
                f"{prose(lock.declared) or 'an unseen place'}): "
                f"{plural(len(lock.hot), 'request-path acquisition')}, e.g. {prose(lock.hot[0])}"
                for lock in hot[:SHOWN] if lock.hot]
    decision = [f"{code(lock.owner)} -> {lock.suggestion}. Why: {lock.reason}." for lock in hot]
    consequences = ("Handlers keep their signatures: they call the same service methods, which "
                    "now send a message or read a snapshot instead of locking.",
                    "`lock-on-request-path` and `lock-across-await` findings go to 0 as each "
                    "lock is replaced; `shared-locks` keeps new ones out.",
                    "Concurrency bugs move from deadlocks to back-pressure: channels need a "
                    "bound and a test under concurrent load.")
    return ("Replace shared locks on request paths", tuple(context), tuple(decision),
            consequences)


def _shared(proposal: Proposal, project: str) -> Draft:
    shared = proposal.shared
    why = {p.path: p.reason for p in proposal.placements}
    context = [f"{len(shared.modules)} module(s), {shared.lines} lines, are used across "
               "service boundaries:"]
    context += [f"{code(m)} ({m}:1): {prose(why.get(m, 'pulled in by a shared module'))}"
                for m in shared.modules]
    if shared.locks:
        context.append("Shared locks built in them: " + more(list(shared.locks)) + ".")
    name = library_name(project)
    decision = (f"Create the library {code(name)} from: {more(list(shared.modules))}.",
                "It never imports a service; services depend on it, not on each other.")
    consequences = (f"{len(proposal.services)} service(s) depend on {code(name)}: a change there "
                    "needs every dependent service's tests.",
                    "The rule is held by `nova-refactor boundaries . --emit-contracts "
                    "contracts.toml` and the `boundaries` rule of `nova-refactor check`.",
                    "Shared code tends to grow: keep it to models, errors, configuration and "
                    "storage access.")
    return (f"Extract the shared library {name}", tuple(context), decision, consequences)


def _service(analysis: Analysis, proposal: Proposal, service: Service) -> Draft:
    why = {p.path: p.reason for p in proposal.placements}
    duties = plural(service.responsibilities, "public responsibility", "public responsibilities")
    context = [f"Modules: {', '.join(service.modules)} ({service.lines} lines, {duties}, "
               f"cohesion {service.cohesion:.2f})."]
    context += [f"{code(m)}: {prose(why[m])}" for m in service.modules if m in why]
    routes = [f"`{r.method} {r.path}` ({r.where})" for r in service.routes]
    context.append(f"Routes it would own: {len(routes)} of the {analysis.summary.routes} "
                   "counted routes" + (f": {more(routes)}." if routes else "."))
    if service.locks:
        context.append("Shared locks built in it: " + more(list(service.locks)) + ".")
    context += _service_facts(analysis, service)
    crossings = [c for c in proposal.crossings if service.name in (c.first, c.second)]
    return (f"Extract the {service.name} service", tuple(context),
            _service_decision(service, crossings), _service_consequences(service, crossings))


def _service_decision(service: Service, crossings: Sequence[Crossing]) -> Lines:
    others = sorted({c.second if c.first == service.name else c.first for c in crossings})
    serves = (f"it serves the {plural(len(service.routes), 'route')} above" if service.routes
              else "it serves no route (other services reach it through calls)")
    depends = (f"the shared library, and reaches {', '.join(others)} through their APIs"
               if others else "only the shared library")
    decision = [f"Extract the {code(service.name)} service from {more(list(service.modules))}; "
                f"{serves} and depends on {depends}."]
    return (*decision, *_route_moves(service))


def _route_moves(service: Service) -> list[str]:
    """Where the service's routes are written today, outside its modules: a handler itself
    (Python decorators), or only the registration of a handler the service defines (Rust)."""
    def files(routes) -> list[str]:
        return sorted({r.where.rpartition(":")[0] for r in routes} - set(service.modules))

    registered = [r for r in service.routes if r.why.startswith(DEFINED_IN)]
    handlers = files(r for r in service.routes if r not in registered)
    found = []
    if handlers:
        found.append(f"Its handlers are declared in {', '.join(handlers)} today; they move "
                     "into the service with their routes.")
    if registrations := files(registered):
        found.append(f"Its routes are registered in {', '.join(registrations)} today; the "
                     "registrations move into the service, next to its handlers.")
    return found


def _service_facts(analysis: Analysis, service: Service) -> list[str]:
    modules = set(service.modules)
    functions = sorted(((fn.complexity, f.path, fn.line, fn.name) for f in analysis.files
                        if f.path in modules for fn in f.functions), key=lambda t: (-t[0], t[1:]))
    facts = []
    if functions:
        top = [f"{prose(name)} (complexity {cx}, {path}:{line})"
               for cx, path, line, name in functions[:3]]
        facts.append("Most complex functions: " + ", ".join(top) + ".")
    tests = sorted({e.source for e in analysis.imports if e.target in modules
                    and is_test(e.source)})
    facts.append("Tests that import it: " + (more(tests) if tests else "none") + ".")
    return facts


def _service_consequences(service: Service, crossings: Sequence[Crossing]) -> Lines:
    found = []
    for c in crossings:
        other = c.second if c.first == service.name else c.first
        names = sorted({n for e in c.edges for n in e.names})
        found.append(f"Cut cost to {code(other)}: {c.cut_cost:g}; these become network calls or "
                     f"events: {more(names)}.")
    if not found:
        found.append("No dependency crosses to another service (cut cost 0): it can be "
                     "extracted without new network calls.")
    if service.locks:
        found.append("Its locks move with it and stop being shared with the rest of the "
                      "monolith; replace them as Phase 2 says before or while extracting.")
    if service.routes:
        found.append("Its routes move behind the gateway or a reverse proxy; `nova-refactor "
                     "routes` before and after proves none was lost.")
    return tuple(found)
