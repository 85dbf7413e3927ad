"""Helpers for gate tests: write small trees and run the gate on them in-process."""

from __future__ import annotations

import textwrap
from pathlib import Path

from nova_refactor import api
from nova_refactor.gate.engine import CheckOutcome


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


def gate(root: Path, **kwargs: object) -> CheckOutcome:
    return api.check(root, use_cache=False, **kwargs)  # type: ignore[arg-type]


def by_rule(outcome: CheckOutcome, rule: str) -> list[tuple[str, int, str]]:
    return [(j.finding.path, j.finding.line, j.finding.subject)
            for j in outcome.result.judged if j.finding.rule == rule]


def branchy(name: str, branches: int, indent: str = "") -> str:
    """A function with cyclomatic complexity 1 + branches."""
    body = "".join(
        f"{indent}    if x == {i}:\n{indent}        return {i}\n" for i in range(branches)
    )
    return f"{indent}def {name}(x):\n{body}{indent}    return -1\n"
