"""Hot paths across Rust files: a lock taken in `services.rs` by a method that a handler in
`handlers.rs` calls is on a request path too.

The frontend marks hot what a file's own handlers reach; here every Rust function the project's
handlers reach through the per-function call keys (`CallFacts`) is hot, and lock sites in such
functions are marked. Keys match by name (`.method` reaches every method of that name), so,
like the per-file finder, this errs towards reporting.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from nova_refactor.frontends.rust.callkeys import answers_to  # the frontend's, one definition
from nova_refactor.model import FileFacts, LockSite

Ref = tuple[str, str]  # (file, qualified function name)


def _callee_index(rust: Sequence[FileFacts]) -> dict[str, list[Ref]]:
    index: dict[str, list[Ref]] = {}
    for facts in rust:
        for fn in facts.functions:
            for key in answers_to(fn.name, fn.is_method):
                index.setdefault(key, []).append((facts.path, fn.name))
    return index


def hot_refs(files: Sequence[FileFacts]) -> set[Ref]:
    rust = [f for f in files if f.language == "rust"]
    calls = {(f.path, c.caller): c.callees for f in rust for c in f.calls}
    seeds = {(f.path, fn.name) for f in rust for fn in f.functions if fn.is_handler}
    return _reachable(seeds, calls, _callee_index(rust))


def _reachable(seeds: set[Ref], calls: dict[Ref, tuple[str, ...]],
               index: dict[str, list[Ref]]) -> set[Ref]:
    hot = set(seeds)
    todo = list(seeds)
    while todo:
        for key in calls.get(todo.pop(), ()):
            fresh = [t for t in index.get(key, ()) if t not in hot]
            hot.update(fresh)
            todo.extend(fresh)
    return hot


def with_project_hot_paths(files: Sequence[FileFacts]) -> list[FileFacts]:
    """`files` with the lock sites of Rust functions reached from any handler marked hot."""
    hot = hot_refs(files)
    if not hot:
        return list(files)
    return [_marked(facts, hot) if facts.language == "rust" else facts for facts in files]


def _marked(facts: FileFacts, hot: set[Ref]) -> FileFacts:
    locks = tuple(_mark(site, hot) for site in facts.locks)
    return facts if locks == facts.locks else dataclasses.replace(facts, locks=locks)


def _mark(site: LockSite, hot: set[Ref]) -> LockSite:
    if site.hot_path or not site.function or (site.path, site.function) not in hot:
        return site
    return dataclasses.replace(site, hot_path=True)
