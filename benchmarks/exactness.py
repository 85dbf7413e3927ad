"""Prove the exactness promises on the benchmark corpus: our numbers equal radon's own.

For every parsed file of an `analyze --format json` document: line counts equal `radon raw`
(loc, sloc, blank, lloc, single comments + multi), the maintainability index equals
`radon mi` (multi=True, rounded to 2 places as we report it), and every function radon
reports (`radon cc --show-closures`) has our complexity. Runs radon in-process.
"""

from __future__ import annotations

from pathlib import Path

from radon.complexity import cc_visit
from radon.metrics import mi_visit
from radon.raw import analyze as raw_analyze
from radon.visitors import Class


def radon_complexities(code: str) -> dict[tuple[str, int], int]:
    """Every block `radon cc --show-closures` reports, keyed by our qualified names
    (`Class.method.closure`: radon's own names drop the class of a method's closures)."""
    found: dict[tuple[str, int], int] = {}  # (name, line): a property and its setter share a name
    pending = [("", block) for block in cc_visit(code) if not _is_method(block)]
    while pending:
        prefix, block = pending.pop()
        name = f"{prefix}{block.name}"
        if isinstance(block, Class):
            pending += [(f"{name}.", child) for child in [*block.methods, *block.inner_classes]]
        else:
            found[(name, block.lineno)] = block.complexity
            pending += [(f"{name}.", closure) for closure in block.closures]
    return found


def _is_method(block: object) -> bool:
    """cc_visit lists methods both inside their class and on their own."""
    return not isinstance(block, Class) and bool(getattr(block, "is_method", False))


def file_mismatches(facts: dict, code: str) -> list[str]:
    where = facts["path"]
    raw, lines = raw_analyze(code), facts["lines"]
    expected = {"physical": raw.loc, "code": raw.sloc, "blank": raw.blank,
                "logical": raw.lloc, "comment": raw.single_comments + raw.multi}
    problems = [f"{where}: lines.{key} {lines[key]} != radon raw {value}"
                for key, value in expected.items() if lines[key] != value]
    mi = round(mi_visit(code, True), 2)
    if facts["maintainability"] != mi:
        problems.append(f"{where}: MI {facts['maintainability']} != radon mi {mi}")
    ours = {(f["name"], f["line"]): f["complexity"] for f in facts["functions"]}
    problems += [f"{where}:{key[1]}: {key[0]} complexity {ours.get(key)} != radon cc {value}"
                 for key, value in radon_complexities(code).items() if ours.get(key) != value]
    return problems


def check(document: dict, root: Path) -> tuple[int, list[str]]:
    """(files compared, mismatches) for every parsed file of the document."""
    compared, problems = 0, []
    for facts in document["files"]:
        if facts["maintainability"] is None or facts["language"] != "python":
            continue
        code = (root / facts["path"]).read_bytes().decode("utf-8").removeprefix("\ufeff")
        if not code.strip():
            continue
        compared += 1
        problems += file_mismatches(facts, code)
    return compared, problems
