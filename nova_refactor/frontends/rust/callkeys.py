"""The call keys a Rust function answers to; without tree-sitter, so that the cross-file
analysis of a Python-only codebase never loads it."""

from __future__ import annotations


def answers_to(name: str, is_method: bool) -> list[str]:
    """The call keys that reach a function: `fn:f` (free), `.f` and `Type::f` (methods)."""
    short = name.rsplit("::", 1)[-1]
    if not is_method:
        return [f"fn:{short}"]
    owner = name[: -len(short) - 2]
    keys = [f".{short}"]
    if owner.startswith("<"):  # `<Type as Trait>::f`: also what a call on a `dyn Trait` reaches
        owner, _, trait = owner[1:-1].partition(" as ")
        keys.append(f"{trait.rsplit('::', 1)[-1]}::{short}")
    keys.append(f"{owner.rsplit('::', 1)[-1]}::{short}")
    if name.endswith(" as Drop>::drop"):
        keys.append("fn:drop")  # `drop(x)` runs it
    return keys
