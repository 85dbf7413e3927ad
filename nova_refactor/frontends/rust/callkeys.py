"""The call keys a Rust function answers to; without tree-sitter, so that the cross-file
analysis of a Python-only codebase never loads it."""

from __future__ import annotations


def answers_to(name: str, is_method: bool) -> list[str]:
    """The call keys that reach a function: `fn:f` (free), `.f` and `Type::f` (methods)."""
    short = name.rsplit("::", 1)[-1]
    if not is_method:
        return [f"fn:{short}"]
    owner = name[: -len(short) - 2]
    if owner.startswith("<"):  # `<Type as Trait>::f`
        owner = owner[1:].split(" as ", 1)[0]
    keys = [f".{short}", f"{owner.rsplit('::', 1)[-1]}::{short}"]
    if name.endswith(" as Drop>::drop"):
        keys.append("fn:drop")  # `drop(x)` runs it
    return keys
