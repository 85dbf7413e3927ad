"""One Rust lock, one owner: a lock built in `main` and passed to a constructor belongs to
the field that constructor fills.

`let cache = Arc::new(Mutex::new(..)); let feed = FeedService::new(pool, cache.clone());`
with `FeedService::new(pool, cache) -> Self { Self { pool, cache } }` in another file: the
frontend notes the hand-off (`FeedService::new#1`) and what each constructor argument fills
(`FeedService.cache`); here the construction, and the binding's uses in the same function,
take the field's owner and primitive when that field is declared as a lock. (A struct literal
in the same function is linked by the frontend itself.)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence

from nova_refactor.model import BindingFacts, FileFacts, Language, LockRole, LockSite


def link_handed_locks(files: Sequence[FileFacts]) -> list[FileFacts]:
    rust = [f for f in files if f.language == Language.RUST]
    sites = list(_sites(rust))
    if not any(s.handed_to for s in sites):
        return list(files)
    fills = {b.name: b.type for b in _bindings(rust) if "#" in b.name}
    declared = _declared(sites)
    return [_linked(f, fills, declared) if f.language == Language.RUST else f for f in files]


def _declared(sites: Sequence[LockSite]) -> dict[str, str]:
    """Lock fields of the crate: `Type.field` -> primitive."""
    return {s.owner: s.primitive for s in sites if s.role == LockRole.DECLARATION}


def _sites(files: Sequence[FileFacts]) -> Iterator[LockSite]:
    for facts in files:
        yield from facts.locks


def _bindings(files: Sequence[FileFacts]) -> Iterator[BindingFacts]:
    for facts in files:
        yield from facts.bindings


def _linked(facts: FileFacts, fills: dict[str, str], declared: dict[str, str]) -> FileFacts:
    owners: dict[tuple[str, str], str] = {}
    for site in facts.locks:
        field = fills.get(site.handed_to) if site.handed_to else None
        if field is not None and field in declared:
            owners[(site.function, site.owner)] = field
    if not owners:
        return facts
    locks = tuple(_renamed(site, owners, declared) for site in facts.locks)
    return dataclasses.replace(facts, locks=locks)


def _renamed(site: LockSite, owners: dict[tuple[str, str], str],
             declared: dict[str, str]) -> LockSite:
    owner = owners.get((site.function, site.owner))
    if owner is None:
        return site
    return dataclasses.replace(site, owner=owner, primitive=declared[owner], handed_to="")
