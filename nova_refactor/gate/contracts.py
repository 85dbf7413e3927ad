"""The boundary contracts file (CONTRACTS.md): services, the shared library, entrypoints."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nova_refactor.errors import ConfigError

SCHEMA = "nova-refactor/contracts/1"


@dataclass(frozen=True, slots=True)
class Contracts:
    source: str
    services: dict[str, str]  # repo-relative module path -> service name
    shared: frozenset[str]
    entrypoints: frozenset[str]
    has_importlinter: bool
    unsafe_importlinter: str = ""  # why running import-linter on it could run the target's code

    def role(self, path: str) -> str | None:
        """"service:<name>", "shared", "entrypoint", or None for an unlisted module."""
        if path in self.entrypoints:
            return "entrypoint"
        if path in self.shared:
            return "shared"
        service = self.services.get(path)
        return f"service:{service}" if service else None


def load_contracts(path: Path, source: str) -> Contracts:
    """Read and check the file; ConfigError lists every problem at once."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"{source}: cannot read contracts ({err})") from None
    table = data.get("tool", {}).get("nova-refactor", {}).get("contracts")
    importlinter = data.get("tool", {}).get("importlinter")
    has_il = isinstance(importlinter, dict)
    unsafe = unsafe_importlinter(importlinter) if has_il else ""
    key = "tool.nova-refactor.contracts"
    if table is None:
        if has_il:  # import-linter contracts alone are fine
            return Contracts(source, {}, frozenset(), frozenset(), True, unsafe)
        raise ConfigError(f"{source}: {key}: missing table (see CONTRACTS.md)")
    errors: list[str] = []
    if table.get("schema") != SCHEMA:
        errors.append(f"{source}: {key}.schema: expected \"{SCHEMA}\", got {table.get('schema')!r}")
    shared = _paths(table, "shared", f"{key}.shared", source, errors)
    entrypoints = _paths(table, "entrypoints", f"{key}.entrypoints", source, errors)
    services = _services(table.get("services", {}), f"{key}.services", source, errors)
    if errors:
        raise ConfigError(f"{len(errors)} contracts error(s):\n  " + "\n  ".join(errors))
    return Contracts(source, services, frozenset(shared), frozenset(entrypoints), has_il, unsafe)


def unsafe_importlinter(table: dict[str, Any]) -> str:
    """Why import-linter would import (run) the target's code for this table, or "".

    Custom `contract_types` are imported, and a dotted root package makes Python import its
    parent package to find it; a plain top-level package is only located, never run.
    """
    if table.get("contract_types"):
        return "it declares contract_types, which import-linter imports"
    roots = table.get("root_packages") or [table.get("root_package") or ""]
    dotted = [r for r in roots if isinstance(r, str) and "." in r]
    if dotted:
        return f"root package {dotted[0]} is dotted, so finding it imports its parent package"
    return ""


def _paths(table: dict[str, Any], name: str, key: str, source: str, errors: list[str]) -> list[str]:
    value = table.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors.append(f"{source}: {key}: expected a list of repo-relative paths, got {value!r}")
        return []
    return value


def _services(value: Any, key: str, source: str, errors: list[str]) -> dict[str, str]:
    if not isinstance(value, dict):
        errors.append(f"{source}: {key}: expected a table of services, got {value!r}")
        return {}
    found: dict[str, str] = {}
    for name, service in value.items():
        if not isinstance(service, dict):
            errors.append(f"{source}: {key}.{name}: expected a table with modules = [...]")
            continue
        for module in _paths(service, "modules", f"{key}.{name}.modules", source, errors):
            if module in found:
                errors.append(f"{source}: {key}.{name}.modules: {module} is already in service "
                              f"{found[module]}")
            found[module] = name
    return found
