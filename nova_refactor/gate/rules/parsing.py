"""unparsable-file: a file the analysis could not read or parse cannot be judged by any rule.

Without this rule a syntax error would make the gate pass on a file it never saw. A fixture
that is broken on purpose is excluded (`exclude`) or accepted by the baseline.
"""

from __future__ import annotations

from collections.abc import Iterator

from nova_refactor.config import RuleSpec
from nova_refactor.gate.rules.base import Rule, RuleContext, finding
from nova_refactor.model import Finding, Severity


def _unparsed(ctx: RuleContext) -> Iterator[Finding]:
    for diagnostic in ctx.analysis.diagnostics:
        options = ctx.options(UNPARSABLE.spec.id, diagnostic.path)
        if diagnostic.severity == Severity.ERROR and options is not None:
            yield finding(
                UNPARSABLE.spec.id, options, diagnostic.path, max(diagnostic.line, 1),
                diagnostic.path, f"{diagnostic.path} was not judged by any rule: "
                f"{diagnostic.message}",
            )


UNPARSABLE = Rule(
    RuleSpec(
        "unparsable-file",
        "Every source file can be read and parsed, so that the other rules can judge it.",
        (),
    ),
    _unparsed,
)
