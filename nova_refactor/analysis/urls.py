"""URL paths as both languages' route inventories build them: a rule under its mounts' prefixes."""

from __future__ import annotations


def join_path(prefix: str, rule: str) -> str:
    if not rule:
        return prefix or "/"
    if not prefix:
        return rule
    return prefix.rstrip("/") + "/" + rule.lstrip("/")
