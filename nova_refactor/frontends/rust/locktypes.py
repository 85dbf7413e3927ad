"""Which Rust types are locks: std / tokio / parking_lot / futures / async-std `Mutex` and
`RwLock`, behind `Arc`/`Rc`, inside `LazyLock`/`Lazy`/`OnceLock`, or through a type alias.

A primitive is written `Arc<Mutex>` (std), `Arc<tokio::sync::RwLock>`, `parking_lot::Mutex`, ...
"""

from __future__ import annotations

import re

from nova_refactor.model import ImportFacts, ImportKind

LOCK_KINDS = frozenset({"Mutex", "RwLock", "ReentrantMutex", "FairMutex"})
FAMILIES = {
    "std::sync": "",
    "tokio::sync": "tokio::sync::",
    "parking_lot": "parking_lot::",
    "futures::lock": "futures::lock::",
    "async_std::sync": "async_std::sync::",
}
WRAPPERS = frozenset({"Arc", "Rc"})
CELLS = frozenset({"LazyLock", "Lazy", "OnceLock", "OnceCell"})
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)*")


class LockTypes:
    """Lock names of one file: its `use` imports and its type aliases."""

    def __init__(self, imports: tuple[ImportFacts, ...]) -> None:
        self.names: dict[str, str] = {}  # local name -> "family prefix + kind"
        self.aliases: dict[str, str] = {}  # type alias -> primitive
        for spec in imports:
            family = FAMILIES.get(spec.module)
            if family is None or spec.kind == ImportKind.MOD:
                continue
            asnames = spec.asnames or ("",) * len(spec.names)
            for name, alias in zip(spec.names, asnames, strict=False):
                if name in LOCK_KINDS:
                    self.names[alias or name] = family + name

    def add_alias(self, name: str, type_text: str) -> None:
        primitive = self.primitive(type_text)
        if primitive:
            self.aliases[name] = primitive

    def kind(self, name: str) -> str | None:
        """`tokio::sync::Mutex` for `Mutex` imported from tokio, None for non-locks."""
        if name in self.names:
            return self.names[name]
        module, _, last = name.rpartition("::")
        if last not in LOCK_KINDS:
            return None
        if not module:
            return last  # std's, unless imported otherwise
        family = FAMILIES.get(module.removeprefix("::"))
        return family + last if family is not None else None

    def primitive(self, type_text: str) -> str | None:
        """The lock a type holds, outermost wrapper kept: `Arc<Mutex<Vec<T>>>` -> `Arc<Mutex>`."""
        wrapper = ""
        for name in _NAME.findall(type_text):
            short = name.rsplit("::", 1)[-1]
            if short in WRAPPERS and not wrapper:
                wrapper = short
                continue
            if short in CELLS:
                continue
            found = self.aliases.get(name) or self.kind(name)
            if found:
                if wrapper and not found.startswith(tuple(WRAPPERS)):
                    return f"{wrapper}<{found}>"
                return found
        return None

    def cell(self, type_text: str) -> str:
        """`LazyLock` for `LazyLock<Mutex<..>>`, "" when the static is not a lazy cell."""
        for name in _NAME.findall(type_text):
            if name.rsplit("::", 1)[-1] in CELLS:
                return name.rsplit("::", 1)[-1]
        return ""


def is_async_lock(primitive: str) -> bool:
    return any(family in primitive for family in ("tokio::", "futures::", "async_std::"))
