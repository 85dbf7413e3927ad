"""Phase 4: where tests are missing, weighted by complexity.

With a coverage report: modules and functions ranked by uncovered share x complexity (a
complex function nobody runs is the riskiest thing to move). Without one, nothing is guessed
about coverage; the only fact offered is which complex functions live in modules that no test
file imports, which is measured from the import graph.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from nova_refactor.analysis.naming import is_test
from nova_refactor.gate.coverage import CoverageReport, FileCoverage
from nova_refactor.model import Analysis, FileFacts
from nova_refactor.planning.model import Gap, GapReport

TOP = 10


def find_gaps(analysis: Analysis, coverage: CoverageReport | None) -> GapReport:
    code = _code(analysis)
    if coverage is None:
        return _without_coverage(analysis, code)
    by_path = {c.path: c for c in coverage.files}
    reported = [(facts, by_path[facts.path]) for facts in code if facts.path in by_path]
    modules = [_module_gap(facts, cov) for facts, cov in reported]
    functions = [gap for facts, cov in reported for gap in _function_gaps(facts, cov)]
    return GapReport(
        source=coverage.source, total_percent=coverage.percent, modules=_top(modules),
        functions=_top(functions), untested=(), notes=_unmatched(code, by_path),
    )


def _code(analysis: Analysis) -> list[FileFacts]:
    """Modules with functions, tests left out (a test's own coverage is no gap)."""
    return [f for f in analysis.files if not is_test(f.path) and f.functions]


def _unmatched(code: list[FileFacts], by_path: dict[str, FileCoverage]) -> tuple[str, ...]:
    missing = [f.path for f in code if f.path not in by_path]
    if not missing:
        return ()
    return (f"{len(missing)} module(s) with functions are not in the report (never imported "
            f"by the tests, or paths that did not match), e.g. {missing[0]}",)


def _top(gaps: list[Gap]) -> tuple[Gap, ...]:
    ranked = sorted((g for g in gaps if g.score > 0),
                    key=lambda g: (-g.score, g.path, g.line))
    return tuple(ranked[:TOP])


def _module_gap(facts: FileFacts, cov: FileCoverage) -> Gap:
    complexity = sum(f.complexity for f in facts.functions)
    share = 1 - cov.covered / cov.valid if cov.valid else 0.0
    return Gap(facts.path, 1, "", complexity, cov.covered, cov.valid,
               round(share * complexity, 2))


def _function_gaps(facts: FileFacts, cov: FileCoverage) -> list[Gap]:
    gaps = []
    for fn in facts.functions:
        measured = _count(cov.measured, fn.line, fn.end_line)
        missed = _count(cov.missed, fn.line, fn.end_line)
        if measured:
            gaps.append(Gap(facts.path, fn.line, fn.name, fn.complexity, measured - missed,
                            measured, round(missed / measured * fn.complexity, 2)))
    return gaps


def _count(lines: tuple[int, ...], start: int, end: int) -> int:
    return bisect_right(lines, end) - bisect_left(lines, start)


def _without_coverage(analysis: Analysis, code: list[FileFacts]) -> GapReport:
    tests = {f.path for f in analysis.files if is_test(f.path)}
    notes = ["no coverage report given (--coverage FILE): what the tests run is unknown; "
             "`coverage run -m pytest && coverage xml` (Python) or `cargo llvm-cov --lcov "
             "--output-path lcov.info` (Rust) produces one"]
    if not tests:
        notes.append("no test files found by name (tests/, test_*.py, *_test.rs); inline "
                     "`#[cfg(test)]` modules are not analysed")
        return GapReport("", None, (), (), (), tuple(notes))
    imported = {e.target for e in analysis.imports if e.source in tests}
    notes.append(f"{len(tests)} test file(s) import {len(imported)} module(s) directly; the "
                 "functions listed live in modules none of them imports (tests may still reach "
                 "them through other modules: a coverage report settles it)")
    alone = [f for f in code if f.path not in imported]
    return GapReport("", None, (), (), _top(_complex(alone)), tuple(notes))


def _complex(files: list[FileFacts]) -> list[Gap]:
    """Functions with a decision in them (complexity > 1), scored by complexity alone."""
    return [Gap(f.path, fn.line, fn.name, fn.complexity, 0, 0, float(fn.complexity))
            for f in files for fn in f.functions if fn.complexity > 1]
