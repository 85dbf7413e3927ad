"""function-complexity (per function, never a file total) and maintainability (per file)."""

from __future__ import annotations

from collections.abc import Iterator

from nova_refactor.config import OptionSpec, RuleSpec
from nova_refactor.gate.rules.base import Rule, RuleContext, finding
from nova_refactor.model import Finding, Worse


def _functions(ctx: RuleContext) -> Iterator[Finding]:
    rule = COMPLEXITY.spec.id
    for facts in ctx.analysis.files:
        options = ctx.options(rule, facts.path)
        if options is None:
            continue
        for fn in facts.functions:
            if fn.complexity > options["max"]:
                yield finding(
                    rule, options, facts.path, fn.line, fn.name,
                    f"{fn.name} has cyclomatic complexity {fn.complexity} (at most "
                    f"{options['max']}); split it into smaller functions",
                    value=fn.complexity, threshold=options["max"], end_line=fn.end_line,
                )


def _maintainability(ctx: RuleContext) -> Iterator[Finding]:
    rule = MAINTAINABILITY.spec.id
    for facts in ctx.analysis.files:
        options = ctx.options(rule, facts.path)
        mi = facts.maintainability
        if options is None or mi is None or not facts.lines.code:
            continue
        if mi < options["min"]:
            yield finding(
                rule, options, facts.path, 1, facts.path,
                f"{facts.path} has maintainability index {mi:.2f} (at least {options['min']:g})",
                value=round(mi, 2), threshold=options["min"], worse=Worse.LOWER,
            )


COMPLEXITY = Rule(
    RuleSpec(
        "function-complexity",
        "Each function's cyclomatic complexity (radon's count) stays at or below a maximum.",
        (OptionSpec("max", int, 10, "highest complexity a function may have", minimum=1),),
    ),
    _functions,
)
MAINTAINABILITY = Rule(
    RuleSpec(
        "maintainability",
        "Each file's maintainability index (radon mi) stays at or above a minimum.",
        (OptionSpec("min", float, 10.0, "lowest maintainability index a file may have",
                    minimum=0),),
    ),
    _maintainability,
)
