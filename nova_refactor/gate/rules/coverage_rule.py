"""coverage: total and per-file line coverage from a Cobertura or lcov report."""

from __future__ import annotations

from collections.abc import Iterator

from nova_refactor.config import OptionSpec, RuleSpec
from nova_refactor.gate.rules.base import Rule, RuleContext, finding
from nova_refactor.model import Finding, Worse


def _coverage(ctx: RuleContext) -> Iterator[Finding]:
    rule = COVERAGE.spec.id
    total_options = ctx.options(rule, "")
    if total_options is None:
        return
    report = ctx.coverage
    if report is None:
        ctx.not_judged(rule, "no report given (--coverage FILE or "
                            "[tool.nova-refactor] coverage = FILE)")
        return
    minimum = total_options["min_percent"]
    if report.percent < minimum:
        yield finding(
            rule, total_options, "", 0, "<total>",
            f"total line coverage {report.percent:.1f}% ({report.covered}/{report.valid} lines) "
            f"is below {minimum:g}%",
            value=round(report.percent, 2), threshold=minimum, worse=Worse.LOWER,
        )
    yield from _per_file(ctx, rule)


def _per_file(ctx: RuleContext, rule: str) -> Iterator[Finding]:
    assert ctx.coverage is not None
    for cov in ctx.coverage.files:
        options = ctx.options(rule, cov.path)
        if options is None or not options["min_file_percent"]:
            continue
        if cov.percent < options["min_file_percent"]:
            yield finding(
                rule, options, cov.path, 1, cov.path,
                f"{cov.path} has {cov.percent:.1f}% line coverage ({cov.covered}/{cov.valid}) "
                f"below {options['min_file_percent']:g}%",
                value=round(cov.percent, 2), threshold=options["min_file_percent"],
                worse=Worse.LOWER,
            )


COVERAGE = Rule(
    RuleSpec(
        "coverage",
        "Line coverage from a Cobertura XML or lcov report, in total and per file.",
        (
            OptionSpec("min_percent", float, 80.0, "lowest total line coverage", minimum=0),
            OptionSpec("min_file_percent", float, 0.0,
                       "lowest line coverage of each file (0: not checked)", minimum=0),
        ),
    ),
    _coverage,
)
