"""A proposal as enforceable contracts (one TOML file, see CONTRACTS.md).

`[tool.nova-refactor.contracts]` is what our gate enforces, for any language. For Python
modules inside importable packages, `[tool.importlinter]` adds import-linter's own contracts
(`lint-imports FILE`, run from the analysed root): each service is forbidden to import
the others, the shared library is forbidden to import any service, and, when every service is
one importable module, an independence contract between them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from nova_refactor import __version__
from nova_refactor.analysis.boundaries.model import Proposal
from nova_refactor.analysis.python.modules import module_name
from nova_refactor.model import Analysis, Language

CONTRACTS_SCHEMA = "nova-refactor/contracts/1"


def _s(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid TOML basic string


def _list(values: Iterable[str]) -> str:
    return "[" + ", ".join(_s(v) for v in values) + "]"


def render_contracts(proposal: Proposal, analysis: Analysis) -> str:
    lines = [
        "# Service boundaries proposed by nova-refactor; enforce with `nova-refactor check`",
        "# (rule `boundaries`) and, for Python packages, `lint-imports THIS_FILE`.",
        "[tool.nova-refactor.contracts]",
        f"schema = {_s(CONTRACTS_SCHEMA)}",
        f"generated-by = {_s(f'nova-refactor boundaries {__version__}')}",
        f"shared = {_list(proposal.shared.modules)}",
        f"entrypoints = {_list(proposal.entrypoints)}",
    ]
    for service in proposal.services:
        lines += ["", f"[tool.nova-refactor.contracts.services.{_s(service.name)}]",
                  f"modules = {_list(service.modules)}"]
    lines += _import_linter(proposal, analysis)
    return "\n".join(lines) + "\n"


def _importable(analysis: Analysis) -> tuple[dict[str, str], set[str]]:
    """Dotted names of Python files inside packages, and the top-level packages."""
    paths = {f.path for f in analysis.files if f.language == Language.PYTHON}
    packages = {module_name(p) for p in paths if p.endswith("/__init__.py")}
    dotted = {p: module_name(p) for p in paths if _in_package(module_name(p), packages)}
    return dotted, {name.split(".")[0] for name in dotted.values()}


def _in_package(name: str, packages: set[str]) -> bool:
    """`import a.b.c` works only when every parent is a package."""
    parts = name.split(".")
    parents_ok = all(".".join(parts[:i]) in packages for i in range(1, len(parts)))
    return parents_ok and (len(parts) > 1 or name in packages)


def _import_linter(proposal: Proposal, analysis: Analysis) -> list[str]:
    dotted, roots = _importable(analysis)
    services, shared = _dotted_groups(proposal, dotted)
    if not services or (len(services) < 2 and not shared):
        return ["", "# No import-linter contracts: fewer than two proposed services live in",
                "# importable Python packages."]
    everything = sorted(n for names in services.values() for n in names)
    used = {n.split(".")[0] for n in [*everything, *shared]}
    lines = ["", "[tool.importlinter]", f"root_packages = {_list(sorted(roots & used))}"]
    lines += _left_out(proposal, dotted)
    for name, modules in sorted(services.items()):
        lines += _service_contract(name, modules, everything)
    if shared:
        lines += _forbidden("The shared library does not import services", shared, everything)
    return lines + _independence(services)


def _service_contract(name: str, modules: list[str], everything: list[str]) -> list[str]:
    others = [n for n in everything if n not in modules]
    if not others:
        return []
    return _forbidden(f"Service {name} does not import other services", modules, others)


def _dotted_groups(proposal: Proposal, dotted: dict[str, str]) -> tuple[
        dict[str, list[str]], list[str]]:
    """Importable dotted names per service (services without any dropped), and of the library."""
    services = {}
    for service in proposal.services:
        names = [dotted[m] for m in service.modules if m in dotted]
        if names:
            services[service.name] = names
    return services, [dotted[m] for m in proposal.shared.modules if m in dotted]


def _left_out(proposal: Proposal, dotted: dict[str, str]) -> list[str]:
    left_out = sorted(m for s in proposal.services for m in s.modules
                      if m.endswith(".py") and m not in dotted)
    if not left_out:
        return []
    return [f"# not in an importable package, enforced by nova-refactor only: "
            f"{', '.join(left_out)}"]


def _independence(services: dict[str, list[str]]) -> list[str]:
    """When every service is one importable module: import-linter's independence contract."""
    units = [names[0] for names in services.values() if len(names) == 1]
    if len(units) != len(services) or len(units) < 2 or _nested(units):
        return []
    return ["", "[[tool.importlinter.contracts]]",
            f"name = {_s('Proposed services are independent')}",
            'type = "independence"', f"modules = {_list(sorted(units))}"]


def _forbidden(name: str, sources: Sequence[str], forbidden: Sequence[str]) -> list[str]:
    # Direct imports only, module by module: the same rule as our gate.
    return ["", "[[tool.importlinter.contracts]]", f"name = {_s(name)}", 'type = "forbidden"',
            f"source_modules = {_list(sorted(sources))}",
            f"forbidden_modules = {_list(sorted(forbidden))}",
            "as_packages = false", "allow_indirect_imports = true"]


def _nested(names: Sequence[str]) -> bool:
    """True when one module is a package of another service's module (independence would
    then treat the package as containing it)."""
    units = set(names)
    return any(".".join(n.split(".")[:i]) in units - {n}
               for n in names for i in range(1, n.count(".") + 1))
