"""boundaries: the service contracts of `boundaries --emit-contracts`, on our import edges
(any language), plus import-linter's engine on `[tool.importlinter]` for Python.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from nova_refactor.analysis.python.modules import module_name
from nova_refactor.config import OptionSpec, RuleSpec
from nova_refactor.gate.contracts import Contracts, load_contracts
from nova_refactor.gate.importlinter_engine import run_import_linter
from nova_refactor.gate.rules.base import Rule, RuleContext, finding
from nova_refactor.model import Finding, ImportEdge

RULE = "boundaries"


def _boundaries(ctx: RuleContext) -> Iterator[Finding]:
    options = ctx.options(RULE, "")
    if options is None:
        return
    path = ctx.root / options["contracts"]
    if not path.is_file():
        ctx.not_judged(RULE, f"no {options['contracts']} (write one with "
                             "`nova-refactor boundaries --emit-contracts`)")
        return
    contracts = load_contracts(path, options["contracts"])
    ours = list(_edges(ctx, contracts))
    if not (contracts.has_importlinter and options["importlinter"]):
        yield from ours
        return
    if contracts.unsafe_importlinter:
        ctx.notes.append(f"boundaries: [tool.importlinter] not checked, because "
                         f"{contracts.unsafe_importlinter}; analysing never runs the target's code")
        yield from ours
        return
    yield from _one_per_import(ours, list(_import_linter(ctx, contracts, options)))


def _one_per_import(ours: list[Finding],
                    linted: list[tuple[str, Finding]]) -> Iterator[Finding]:
    """One import breaks our edge check and, through the contracts emitted with it, one or
    more import-linter contracts: it is one problem, so one finding, naming each contract."""
    by_import: dict[tuple[str, int, str], list[tuple[str, Finding]]] = {}
    for contract, found in linted:
        by_import.setdefault((found.path, found.line, _dotted(found.subject)), []).append(
            (contract, found))
    for found in ours:
        same = by_import.pop((found.path, found.line, _dotted(found.subject)), [])
        yield replace(found, message=found.message + _also_broken([c for c, _ in same]))
    for same in by_import.values():
        first = same[0][1]
        yield replace(first, message=first.message + _also_broken([c for c, _ in same[1:]]))


def _dotted(subject: str) -> str:
    """`a/b.py->c.py` (our edge) or `importlinter:NAME:a.b->c` as `a.b->c`."""
    importer, _, imported = subject.rpartition(":")[2].partition("->")
    return f"{_module(importer)}->{_module(imported)}"


def _module(name: str) -> str:
    return module_name(name) if name.endswith(".py") else name


def _also_broken(contracts: list[str]) -> str:
    if not contracts:
        return ""
    quoted = ", ".join(f'"{name}"' for name in contracts)
    return f" (import-linter contract{'s' if len(contracts) > 1 else ''} {quoted} broken too)"


def _violation(contracts: Contracts, edge: ImportEdge) -> str | None:
    source, target = contracts.role(edge.source), contracts.role(edge.target)
    if source is None or source == "entrypoint" or target is None:
        return None
    if source.startswith("service:") and target.startswith("service:") and source != target:
        return (f"{edge.source} (service {source[8:]}) imports {edge.target} "
                f"(service {target[8:]}); services talk through the shared library or messages")
    if source == "shared" and target.startswith("service:"):
        return (f"shared module {edge.source} imports {edge.target} (service {target[8:]}); "
                "the shared library must not depend on a service")
    return None


def _edges(ctx: RuleContext, contracts: Contracts) -> Iterator[Finding]:
    unlisted: set[str] = set()
    for edge in ctx.analysis.imports:
        for end in (edge.source, edge.target):
            if contracts.role(end) is None:
                unlisted.add(end)
        options = ctx.options(RULE, edge.source)
        message = _violation(contracts, edge)
        if options is not None and message:
            yield finding(RULE, options, edge.source, edge.line, f"{edge.source}->{edge.target}",
                          message)
    if unlisted:
        ctx.notes.append(f"boundaries: {len(unlisted)} module(s) with imports are in no contract "
                         f"and unconstrained, e.g. {sorted(unlisted)[0]}")


def _import_linter(
    ctx: RuleContext, contracts: Contracts, options: Mapping[str, Any]
) -> Iterator[tuple[str, Finding]]:
    result = run_import_linter(ctx.root / options["contracts"], ctx.root)
    if result.note:
        ctx.notes.append(result.note)
    paths = {module_name(f.path): f.path for f in ctx.analysis.files}
    for broken in result.broken:
        path = paths.get(broken.importer, contracts.source)
        where = ctx.options(RULE, path)
        if where is None:
            continue
        if broken.importer:
            message = (f"import-linter contract \"{broken.contract}\" broken: {broken.importer} "
                       f"imports {broken.imported}")
        else:
            message = f"import-linter contract \"{broken.contract}\" is broken"
        yield broken.contract, finding(
            RULE, where, path, broken.line or 1,
            f"importlinter:{broken.contract}:{broken.importer}->{broken.imported}", message)


BOUNDARIES = Rule(
    RuleSpec(
        RULE,
        "Services do not import each other and the shared library imports no service "
        "(contracts from `boundaries --emit-contracts`; import-linter's engine for Python).",
        (
            OptionSpec("contracts", str, "contracts.toml", "contracts file, relative to the target",
            ),
            OptionSpec("importlinter", bool, True,
                       "also run import-linter on the file's [tool.importlinter] contracts"),
        ),
    ),
    _boundaries,
)
