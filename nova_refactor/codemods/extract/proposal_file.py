"""Reads a `boundaries --format json` document tolerantly: a human may have edited it.

Only what the extraction needs is read (service names, their modules and routes, the shared
library's modules, the entrypoints and the cut edges); unknown keys are ignored, missing
optional ones take defaults, and a broken document is one error line naming the file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nova_refactor.errors import InputError


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    path: str
    handler: str  # dotted, e.g. main.list_posts


@dataclass(frozen=True, slots=True)
class ServiceSpec:
    name: str
    modules: tuple[str, ...]
    routes: tuple[Route, ...]


@dataclass(frozen=True, slots=True)
class CutEdge:
    source: str  # repo-relative module path
    target: str
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ExtractProposal:
    source: str  # the file it came from, for messages
    services: tuple[ServiceSpec, ...]
    shared: tuple[str, ...]
    shared_name: str  # "" unless the document names the shared library
    entrypoints: tuple[str, ...]
    edges: tuple[CutEdge, ...]

    def service(self, name: str) -> ServiceSpec:
        wanted = package_stem(name)
        for service in self.services:
            if service.name == name or package_stem(service.name) == wanted:
                return service
        known = ", ".join(s.name for s in self.services) or "none"
        raise InputError(f"{self.source}: no service named {name!r} (proposed: {known})")

    def owner(self, path: str) -> str | None:
        """The service a module belongs to, "shared", "entrypoint" or None."""
        if path in self.shared:
            return "shared"
        if path in self.entrypoints:
            return "entrypoint"
        return next((s.name for s in self.services if path in s.modules), None)


def package_stem(name: str) -> str:
    """A service or library name as a Python identifier: `content-service` -> `content`."""
    stem = re.sub(r"[^0-9a-zA-Z]+", "_", name).strip("_").lower()
    for suffix in ("_service", "_common"):
        if stem.endswith(suffix) and stem != suffix[1:]:
            stem = stem[: -len(suffix)]
    if not stem or stem[0].isdigit():
        stem = f"s_{stem}"
    return stem


def read_proposal(path: Path) -> ExtractProposal:
    source = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise InputError(f"{source}: cannot read the proposal ({err.strerror or err})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"{source}: not a boundaries JSON document ({err})") from None
    if not isinstance(data, dict) or not isinstance(data.get("services"), list):
        raise InputError(f"{source}: not a boundaries JSON document (no \"services\" list; "
                         "write one with `nova-refactor boundaries PATH --format json`)")
    shared: dict[str, Any] = data["shared"] if isinstance(data.get("shared"), dict) else {}
    return ExtractProposal(
        source=source,
        services=tuple(_service(source, i, s) for i, s in enumerate(data["services"])),
        shared=_strings(source, "shared.modules", shared.get("modules", [])),
        shared_name=str(shared.get("name") or ""),
        entrypoints=_strings(source, "entrypoints", data.get("entrypoints", [])),
        edges=tuple(_edges(source, data.get("crossings", []))),
    )


def _strings(source: str, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{source}: {key}: expected a list of repo-relative paths")
    return tuple(v.replace("\\", "/").removeprefix("./") for v in value)


def _service(source: str, index: int, value: Any) -> ServiceSpec:
    if not isinstance(value, dict) or not isinstance(value.get("name"), str) or not value["name"]:
        raise InputError(f"{source}: services[{index}]: expected an object with a \"name\"")
    name = value["name"]
    routes = value.get("routes", [])
    if not isinstance(routes, list):
        raise InputError(f"{source}: services[{index}].routes: expected a list")
    return ServiceSpec(name, _strings(source, f"services[{index}].modules",
                                      value.get("modules", [])),
                       tuple(_route(r) for r in routes if isinstance(r, dict)))


def _route(value: dict[str, Any]) -> Route:
    return Route(str(value.get("method", "")).upper(), str(value.get("path", "")),
                 str(value.get("handler", "")))


def _edges(source: str, crossings: Any) -> list[CutEdge]:
    if not isinstance(crossings, list):
        raise InputError(f"{source}: crossings: expected a list")
    found = []
    for crossing in crossings:
        for edge in crossing.get("edges", []) if isinstance(crossing, dict) else []:
            if isinstance(edge, dict) and edge.get("source") and edge.get("target"):
                names = edge.get("names", [])
                found.append(CutEdge(str(edge["source"]), str(edge["target"]),
                                     tuple(str(n) for n in names if isinstance(n, str))))
    return found
