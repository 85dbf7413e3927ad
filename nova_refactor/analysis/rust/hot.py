"""Hot paths across Rust files: a lock taken in `services.rs` by a method that a handler in
`handlers.rs` calls is on a request path too, and `via` says through which calls.

The frontend keys each call (`frontends/rust/hot.py`): `fn:f`, `Type::f`, `@Type.field::m` when
the receiver's type is known in the caller, `.m` when it is not. Here a typed key is resolved
through the crate's struct fields (`AppState.feed` is an `Arc<FeedService>`, so
`@AppState.feed::get` is `FeedService::get`): it reaches that type's method (or its trait
impls'), never an unrelated `get`. A type the crate does not define (`PgPool`, `String`)
reaches nothing, unless the crate implements a trait of its own for it. Only a key of unknown
type (`.m`, or a field the crate does not declare) is matched by method name, and a site
reached only that way is marked `by_name`, its step in `via` written "(by name)". A name match
reaches a trait impl's method only from a file that has the trait in scope (`trait_scope.py`),
as Rust's method resolution requires.
The walk is breadth-first from the handlers, exact links first, so each site gets the
shortest exact chain when there is one.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Sequence

from nova_refactor.analysis.lock_scope import is_test_code
from nova_refactor.analysis.rust.trait_scope import TraitScope
from nova_refactor.frontends.rust.callkeys import answers_to  # the frontend's, one definition
from nova_refactor.model import FileFacts, Language, LockSite

Ref = tuple[str, str]  # (file, qualified function name)
Chains = dict[Ref, tuple[tuple[Ref, bool], ...]]  # function -> ((step, by name), ...)
MAX_FIELDS = 6  # field hops followed in one receiver chain
BY_NAME = " (by name)"


class _Crate:
    def __init__(self, rust: Sequence[FileFacts]) -> None:
        self.index = _callee_index(rust)
        self.fields = {b.name: b.type for f in rust for b in f.bindings}
        classes = [c for f in rust for c in f.classes]
        self.types = {c.name for c in classes}
        self.traits = {c.name: c.bases for c in classes}
        self.calls = _hot_keys(rust)
        self.scope = TraitScope(rust)
        # each key's answer, made once: the walks ask 9 times per distinct key on Nova's backend
        self.answers: dict[str, tuple[list[Ref], bool]] = {}

    def targets(self, key: str) -> tuple[list[Ref], bool]:
        """(functions a call key reaches, whether only by method name)."""
        answer = self.answers.get(key)
        if answer is None:
            answer = self.answers[key] = self._targets(key)
        return answer

    def _targets(self, key: str) -> tuple[list[Ref], bool]:
        if key.startswith("."):
            return self.index.get(key, []), True
        owner, _, method = key.rpartition("::")
        if not owner.startswith("@"):  # `Type::f(..)`, a path: that type's, or nothing
            return self.index.get(key, []), False
        kind, *fields = owner[1:].split(".")
        for field in fields[:MAX_FIELDS]:
            declared = self.fields.get(f"{kind}.{field}")
            if declared is None:
                return self._unresolved(kind, method)
            kind = declared
        return self._method(kind, method)

    def _method(self, kind: str, method: str) -> tuple[list[Ref], bool]:
        """`kind`'s own method, else that of a trait it implements in the crate."""
        found = self.index.get(f"{kind}::{method}", [])
        for trait in self.traits.get(kind, ()) if not found else ():
            found = found + self.index.get(f"{trait}::{method}", [])
        return (found, False) if found else self._unresolved(kind, method)

    def _unresolved(self, kind: str, method: str) -> tuple[list[Ref], bool]:
        """A crate type whose field or method is not found (a macro-made impl, a field the
        crate does not declare): by name, said to be; another crate's type: nothing."""
        if kind in self.types:
            return self.index.get(f".{method}", []), True
        return [], False


def _hot_keys(rust: Sequence[FileFacts]) -> dict[Ref, list[str]]:
    """What each function calls, by its typed keys (the others are name-keyed, for the import
    weights and similarity)."""
    return {(f.path, c.caller): list(c.typed) for f in rust for c in f.calls}


def _callee_index(rust: Sequence[FileFacts]) -> dict[str, list[Ref]]:
    """Call key -> the functions that answer to it."""
    index: dict[str, list[Ref]] = {}
    for facts in rust:
        for fn in facts.functions:
            for key in answers_to(fn.name, fn.is_method):
                index.setdefault(key, []).append((facts.path, fn.name))
    return index


def hot_chains(files: Sequence[FileFacts], include_tests: bool = False) -> Chains:
    """Every Rust function reached from a handler -> its chain from that handler."""
    rust = [f for f in files if f.language == Language.RUST
            and (include_tests or not is_test_code(f.path))]
    crate = _Crate(rust)
    handlers = sorted((f.path, fn.name) for f in rust for fn in f.functions if fn.is_handler)
    chains: Chains = {h: ((h, False),) for h in handlers}
    _walk(crate, chains, deque(handlers), by_name=False)
    _walk(crate, chains, deque(chains), by_name=True)
    return chains


def _walk(crate: _Crate, chains: Chains, pending: deque[Ref], by_name: bool) -> None:
    while pending:
        node = pending.popleft()
        for key in sorted(crate.calls.get(node, ())):
            found, named = crate.targets(key)
            if named and not by_name:
                continue
            for target in found:
                if named and not crate.scope.reaches(node[0], target[1]):
                    continue  # a trait impl's method, its trait not in scope where called
                if target not in chains and target != node:
                    chains[target] = (*chains[node], (target, named))
                    pending.append(target)


def with_project_hot_paths(files: Sequence[FileFacts],
                           include_tests: bool = False) -> list[FileFacts]:
    """`files` with the lock sites of Rust functions reached from any handler marked hot,
    each with its chain (`via`)."""
    chains = hot_chains(files, include_tests)
    if not chains:
        return list(files)
    return [_marked(facts, chains) if facts.language == Language.RUST else facts for facts in files]


def _marked(facts: FileFacts, chains: Chains) -> FileFacts:
    locks = tuple(_mark(site, chains.get((site.path, site.function))) for site in facts.locks)
    return facts if locks == facts.locks else dataclasses.replace(facts, locks=locks)


def _mark(site: LockSite, chain: tuple[tuple[Ref, bool], ...] | None) -> LockSite:
    if chain is None or not site.function:
        return site
    via = tuple(f"{path}:{name}{BY_NAME if named else ''}" for (path, name), named in chain)
    return dataclasses.replace(site, hot_path=True, via=via,
                               by_name=any(named for _step, named in chain))
