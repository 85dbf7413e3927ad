"""Documented conventions for other crates' APIs, used when the crate's own index cannot type
a binding and the compiler cannot be asked. Every binding typed this way is named in the plan
("typed by convention: ..."), so a reviewer knows which types rest on a rule, not a fact.

1. A fallible constructor of another crate's type (`Type::open(..)`, `Type::connect(..)`,
   `Type::from_url(..)`, ...) returns `Result<Type, _>`: after `?`/`.expect(..)` it is `Type`.
   The Result itself is never written down (its error type is not known).
2. A small table of widely used client methods whose return type is fixed by their crate's
   documentation (redis connection managers, reqwest's client builder).
"""

from __future__ import annotations

from dataclasses import dataclass

from nova_refactor.codemods.rust.types import FALLIBLE, FUTURE, last

FALLIBLE_CONSTRUCTORS = frozenset({"open", "connect", "connect_lazy", "from_url", "try_new",
                                   "from_config", "build"})
# (type, method) -> (returned type, async); fallible ones are marked and unwrap to the type
METHODS = {
    ("redis::Client", "get_connection_manager"):
        (FUTURE + FALLIBLE + "redis::aio::ConnectionManager", "redis 0.2x documentation"),
    ("redis::Client", "get_multiplexed_async_connection"):
        (FUTURE + FALLIBLE + "redis::aio::MultiplexedConnection", "redis 0.2x documentation"),
    ("redis::Client", "get_connection"): (FALLIBLE + "redis::Connection",
                                          "redis 0.2x documentation"),
    ("reqwest::ClientBuilder", "build"): (FALLIBLE + "reqwest::Client", "reqwest documentation"),
}


@dataclass(frozen=True, slots=True)
class Convention:
    written: str
    rule: str


def external_constructor(owner: str, name: str, crate_types: set[str]) -> Convention | None:
    """Rule 1, for a type that is not the crate's own (those are indexed)."""
    if name not in FALLIBLE_CONSTRUCTORS or not last(owner)[:1].isupper():
        return None
    if owner in crate_types or owner.startswith(("crate::", "std::", "core::")) or \
            "::" not in owner:
        return None
    return Convention(FALLIBLE + owner, f"`{last(owner)}::{name}` is a fallible constructor "
                      f"returning `Result<{last(owner)}, _>`")


def external_method(receiver: str, name: str) -> Convention | None:
    """Rule 2."""
    found = METHODS.get((receiver, name))
    if found is None:
        return None
    written, source = found
    shown = written.replace(FUTURE, "").replace(FALLIBLE, "")
    return Convention(written, f"`{last(receiver)}::{name}` returns `{shown}` ({source})")
