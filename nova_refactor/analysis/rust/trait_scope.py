"""Which traits a Rust file has in scope, so that a method call matched by name reaches a trait
impl's method only where the language would let it.

Rust resolves `x.m()` to `<T as Trait>::m` only when `Trait` is in scope in the calling module:
imported by a `use` (`use actix_web::dev::Service;`, `Service as _`), defined there, brought in
by a glob (`use actix_web::dev::*`, a `prelude::*`, `use super::*`), or in the standard
prelude. So a call on a receiver of unknown type (Lemmy's `plugin.call::<..>(..)` on an extism
plugin, in a file that never names actix's `Service`) is not joined by name to a crate-local
`impl Service for IdempotencyService { fn call }`.

Files are read as whole modules (a nested `mod` shares its file's `use`s): an over-estimate of
what is in scope, so a link is kept whenever in doubt.
"""

from __future__ import annotations

from collections.abc import Sequence

from nova_refactor.model import FileFacts

# std's prelude (`std::prelude::rust_2021`): its traits are in scope everywhere.
PRELUDE_TRAITS = frozenset({
    "AsMut", "AsRef", "Clone", "Copy", "Default", "DoubleEndedIterator", "Drop", "Eq",
    "ExactSizeIterator", "Extend", "Fn", "FnMut", "FnOnce", "From", "FromIterator", "Into",
    "IntoIterator", "Iterator", "Ord", "PartialEq", "PartialOrd", "Send", "Sized", "Sync",
    "ToOwned", "ToString", "TryFrom", "TryInto", "Unpin",
})
_LOCAL_GLOB = ("self", "super")  # `use super::*`: what the parent module has in scope


class TraitScope:
    def __init__(self, rust: Sequence[FileFacts]) -> None:
        self.names = {f.path: _named(f) for f in rust}
        self.globs = {f.path: [i.module for i in f.imports if "*" in i.names] for f in rust}
        # Trait -> the modules the files implementing or defining it import it from
        self.origins: dict[str, set[str]] = {}
        for facts in rust:
            for spec in facts.imports:
                for name in spec.names:
                    self.origins.setdefault(name, set()).add(spec.module)
        self.answers: dict[tuple[str, str], bool] = {}

    def reaches(self, caller: str, method: str) -> bool:
        """May a by-name call in file `caller` reach the function named `method`? Only a trait
        impl's method (`<T as Trait>::m`) can be out of reach."""
        trait = impl_trait(method)
        if not trait or trait in PRELUDE_TRAITS:
            return True
        key = (caller, trait)
        if key not in self.answers:
            self.answers[key] = self._in_scope(caller, trait, parents=True)
        return self.answers[key]

    def _in_scope(self, path: str, trait: str, parents: bool) -> bool:
        if trait in self.names.get(path, ()):
            return True
        if any(self._glob_brings(path, module, trait, parents)
               for module in self.globs.get(path, ())):
            return True
        # a file we do not know (outside the analysed set): keep the link
        return path not in self.names

    def _glob_brings(self, path: str, module: str, trait: str, parents: bool) -> bool:
        """May `use module::*` in `path` bring `trait` in? A crate glob or a prelude may
        re-export anything; `super::*` brings what the parent module has (one level up)."""
        head = module.partition("::")[0]
        if head == "crate" or module.rsplit("::", 1)[-1] == "prelude":
            return True
        if module in self.origins.get(trait, ()):
            return True
        return head in _LOCAL_GLOB and parents and any(
            self._in_scope(p, trait, parents=False) for p in parent_files(path)
            if p in self.names)


def _named(facts: FileFacts) -> frozenset[str]:
    """Names a file's `use`s bring in (as written at their source: `Service as _` is Service)
    and the types and traits it defines."""
    used = {name for spec in facts.imports for name in spec.names}
    return frozenset(used | {c.name for c in facts.classes})


def impl_trait(method: str) -> str:
    """`Service` for `<IdempotencyService as Service>::call`; "" for an inherent method."""
    owner = method.rpartition("::")[0]
    if not owner.startswith("<") or " as " not in owner:
        return ""
    return owner[1:-1].partition(" as ")[2].rsplit("::", 1)[-1]


def parent_files(path: str) -> list[str]:
    """The files that may hold the parent module of the module in `path`."""
    folder, _, leaf = path.rpartition("/")
    stem = leaf.removesuffix(".rs")
    if stem in ("lib", "main"):
        return []
    if stem == "mod":
        folder = folder.rpartition("/")[0]
    prefix = f"{folder}/" if folder else ""
    return [f"{prefix}{name}.rs" for name in ("mod", "lib", "main")] + (
        [f"{folder}.rs"] if folder else [])
