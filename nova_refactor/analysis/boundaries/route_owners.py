"""Which proposed service would own each route.

In order of evidence: the handler's file belongs to a service (for a Rust handler registered
elsewhere, the file defining it, through `pub use x::*` re-exports); the handler (in an
entrypoint or the shared library) calls into one service - a name imported from one of its
modules (`PostService`; a name from a package marker such as `import flask` says nothing) or
named after it (`post_service`, by the name's first word); the URL names a service
(`/api/posts`). Handlers in test modules belong to no service (tests follow the code they
test). Routes with no or split evidence stay with the entrypoint.
"""

from __future__ import annotations

import re
from collections import Counter

from nova_refactor.analysis.boundaries.model import ENTRYPOINT, SHARED, OwnedRoute
from nova_refactor.analysis.naming import is_test, singular, url_words
from nova_refactor.analysis.python.modules import module_name
from nova_refactor.analysis.rust.handlers import HandlerFiles
from nova_refactor.analysis.rust.routes import _reexports
from nova_refactor.model import Analysis, Route

MAX_HOPS = 4  # re-exports followed from the module a handler path names
DEFINED_IN = "handler defined in"  # a route registered elsewhere, its handler in the service
_WORDS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


class RouteOwners:
    def __init__(self, analysis: Analysis, group_of: dict[str, str], names: list[str]) -> None:
        self.group_of = group_of
        self.words = _service_words(names, group_of)
        self.by_stem = {singular(w): service for w, service in self.words.items()}
        self.handlers = {
            (f.path, fn.name): fn.uses for f in analysis.files for fn in f.functions
            if fn.is_handler
        }
        self.imported = {(e.source, name): e.target for e in analysis.imports for name in e.names}
        self.handler_files = HandlerFiles(analysis.files, analysis.imports)
        self.facts = {f.path: f for f in analysis.files}
        self.tests = {f.path for f in analysis.files if is_test(f.path)}

    def service_for_word(self, word: str) -> str | None:
        stem = singular(word.lower())
        if stem in self.by_stem:
            return self.by_stem[stem]
        # `/streams` -> streaming: one word is the other's stem (4+ letters, unambiguous)
        hits = {service for w, service in self.words.items() if len(stem) >= 4 and (
            w.startswith(stem) or stem.startswith(singular(w)) and len(singular(w)) >= 4)}
        return hits.pop() if len(hits) == 1 else None

    def defined_in(self, route: Route) -> str | None:
        """The file defining a Rust handler named by path, through `pub use x::*` re-exports
        of the module the path names (`handlers::get_feed` with `pub use feed::*;`)."""
        first = found = self.handler_files.file_of(route.file, route.handler)
        name = route.handler.rpartition("::")[2]
        for _ in range(MAX_HOPS):
            if found is None or self._defines(found, name):
                return found or first
            found = self._re_exported(found, name)
        return first

    def _re_exported(self, module: str, name: str) -> str | None:
        """The file a `pub use` of `module` brings `name` from: one defining it, else the one
        re-export when there is only one (followed further)."""
        steps = [f for source in _reexports(self.facts.get(module), name)
                 if (f := self.handler_files.file_of(module, source))]
        defining = next((f for f in steps if self._defines(f, name)), None)
        return defining or (steps[0] if len(steps) == 1 else None)

    def _defines(self, path: str, name: str) -> bool:
        facts = self.facts.get(path)
        return facts is not None and any(f.name == name for f in facts.functions)

    def owner(self, route: Route) -> tuple[str | None, str]:
        found = self._by_file(route)
        if found is not None:
            return found
        found = self._by_handler(route)
        if found:
            return found
        word = next((w for w in url_words(route.path) if self.service_for_word(w)), None)
        if word:
            return self.service_for_word(word), f"handler in {route.file}; URL segment '{word}'"
        return None, f"handler in {route.file}; neither its names nor its URL point at a service"

    def _by_file(self, route: Route) -> tuple[str | None, str] | None:
        """Owner by the handler's own module: (Rust, registered elsewhere) where it is
        defined, before the file that registers it, which may be a route table of a service
        of its own; else where it is written. A test module's handler belongs to no service."""
        defined = self.defined_in(route)
        if defined not in (None, route.file) and route.file not in self.tests:
            if _is_service(group := self.group_of.get(defined or "")):
                return group, f"{DEFINED_IN} {defined}"
            return None  # defined in the library or an entrypoint: the table tells nothing
        if _is_service(group := self.group_of.get(route.file)):
            return group, "handler in service"
        if route.file in self.tests:
            return None, f"handler in test module {route.file}: tests follow the code they test"
        return None

    def _by_handler(self, route: Route) -> tuple[str, str] | None:
        prefix = module_name(route.file) + "."
        qualname = route.handler[len(prefix):] if route.handler.startswith(prefix) else ""
        votes: Counter[str] = Counter()
        evidence: dict[str, list[str]] = {}
        for name in self.handlers.get((route.file, qualname), ()):
            service = self._service_of_name(route.file, name)
            if service:
                votes[service] += 1
                evidence.setdefault(service, []).append(name)
        ranked = votes.most_common(2)
        if not ranked or len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return None
        service = ranked[0][0]
        return service, f"handler {route.handler} uses {', '.join(evidence[service])}"

    def _service_of_name(self, file: str, name: str) -> str | None:
        target = self.imported.get((file, name))
        if target is not None:
            # A name from a package marker (`import flask`, `from app import db`) or from the
            # library says nothing about which service the handler calls.
            group = self.group_of.get(target)
            return group if group not in (None, SHARED, ENTRYPOINT) and not _is_marker(
                target) else None
        # Named after a service: its first word (`post_service`, `PostStore`); later words
        # describe something else (`current_user_id` is about the caller, not the users).
        words = _WORDS.findall(name)
        return self.service_for_word(words[0]) if words else None


def _is_service(group: str | None) -> bool:
    return group is not None and group not in (SHARED, ENTRYPOINT)


def _is_marker(path: str) -> bool:
    return path.rsplit("/", 1)[-1] in ("__init__.py", "mod.rs", "lib.rs")


def _service_words(names: list[str], group_of: dict[str, str]) -> dict[str, str]:
    """Words that name a service: its own name, and its member modules' names, so a service
    merged from `posts` and `users` (`--services N`) still owns `/users` routes."""
    claims: dict[str, set[str]] = {}
    for path, group in group_of.items():
        if group in names:
            claims.setdefault(_module_word(path), set()).add(group)
    words = {word: next(iter(groups)) for word, groups in claims.items()
             if len(groups) == 1 and word}
    words.update({name: name for name in names})  # a service's own name always wins
    return words


def _module_word(path: str) -> str:
    """`services/posts.py` -> posts, `src/users/mod.rs` -> users."""
    parts = path.rsplit("/", 2)
    stem = parts[-1].rsplit(".", 1)[0]
    if stem in ("__init__", "mod", "lib") and len(parts) > 1:
        stem = parts[-2]
    return stem.lower()


def route_owners(analysis: Analysis, group_of: dict[str, str], names: list[str]
                 ) -> tuple[dict[str, tuple[OwnedRoute, ...]], list[OwnedRoute]]:
    owners = RouteOwners(analysis, group_of, names)
    owned: dict[str, list[OwnedRoute]] = {}
    unowned: list[OwnedRoute] = []
    for route in analysis.routes:
        if not route.counted:  # not mounted or unresolved: in the inventory, owned by nobody
            continue
        service, why = owners.owner(route)
        entry = OwnedRoute(route.method, route.path, route.handler, f"{route.file}:{route.line}",
                           why)
        (owned.setdefault(service, []) if service else unowned).append(entry)
    return {k: tuple(v) for k, v in owned.items()}, unowned
