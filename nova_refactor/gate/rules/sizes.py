"""entrypoint-size and file-size: physical lines against a maximum."""

from __future__ import annotations

from collections.abc import Iterator

from nova_refactor.config import OptionSpec, RuleSpec
from nova_refactor.gate.rules.base import Rule, RuleContext, finding
from nova_refactor.model import Finding

MAX_LINES = "max_lines"


def _entrypoints(ctx: RuleContext) -> Iterator[Finding]:
    for entry in ctx.analysis.entrypoints:
        options = ctx.options(ENTRYPOINT.spec.id, entry.path)
        if options is not None and entry.lines > options[MAX_LINES]:
            yield finding(
                ENTRYPOINT.spec.id, options, entry.path, 1, entry.path,
                f"entrypoint {entry.path} has {entry.lines} lines (at most {options[MAX_LINES]}); "
                "move configuration, state, routes, CLI and workers into their own modules",
                value=entry.lines, threshold=options[MAX_LINES],
            )


def _files(ctx: RuleContext) -> Iterator[Finding]:
    for facts in ctx.analysis.files:
        options = ctx.options(FILE.spec.id, facts.path)
        lines = facts.lines.physical
        if options is not None and lines > options[MAX_LINES]:
            yield finding(
                FILE.spec.id, options, facts.path, 1, facts.path,
                f"{facts.path} has {lines} lines (at most {options[MAX_LINES]})",
                value=lines, threshold=options[MAX_LINES],
            )


ENTRYPOINT = Rule(
    RuleSpec(
        "entrypoint-size",
        "An entrypoint (main, app factory, script target) stays a short composition root.",
        (OptionSpec(MAX_LINES, int, 99, "most physical lines an entrypoint may have", minimum=1),),
    ),
    _entrypoints,
)
FILE = Rule(
    RuleSpec(
        "file-size",
        "No source file grows past a size a reviewer can hold in their head.",
        (OptionSpec(MAX_LINES, int, 499, "most physical lines a file may have", minimum=1),),
    ),
    _files,
)
