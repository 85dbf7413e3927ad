"""What `setup.py` and `setup.cfg` declare: script entry points and explicitly listed modules.

`setup.py` is parsed with `ast`, never run: only literal values of the `setup(...)` call (or
names bound to literals at module level) count; anything computed is ignored, not guessed.
"""

from __future__ import annotations

import ast
import configparser
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SCRIPT_GROUPS = ("console_scripts", "gui_scripts")
MAKE_TEST = re.compile(r"^test\s*:(?!=)", re.MULTILINE)  # a `test:` target, not `test := x`


@dataclass(frozen=True, slots=True)
class Declared:
    scripts: tuple[str, ...] = ()  # "module:function" targets of console/gui scripts
    py_modules: tuple[str, ...] | None = None  # None: not listed (found automatically)


def read_setup_py(text: str) -> Declared:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return Declared()  # a setup.py that does not parse declares nothing we can read
    literals = _module_literals(tree)
    scripts: list[str] = []
    py_modules = None
    for call in _setup_calls(tree):
        for keyword in call.keywords:
            value = _literal(keyword.value, literals)
            if keyword.arg == "entry_points":
                scripts += _scripts_of(value)
            elif keyword.arg == "py_modules" and isinstance(value, (list, tuple)):
                py_modules = tuple(str(v) for v in value)
    return Declared(tuple(scripts), py_modules)


def read_setup_cfg(text: str) -> Declared:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return Declared()
    scripts: list[str] = []
    if parser.has_section("options.entry_points"):
        for group in SCRIPT_GROUPS:
            scripts += _targets(parser.get("options.entry_points", group, fallback=""))
    listed = parser.get("options", "py_modules", fallback=None)
    py_modules = tuple(listed.replace(",", " ").split()) if listed is not None else None
    return Declared(tuple(scripts), py_modules)


def _setup_calls(tree: ast.Module) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "setup":
                yield node


def _module_literals(tree: ast.Module) -> dict[str, object]:
    """`ENTRY_POINTS = {...}` at module level, for `setup(entry_points=ENTRY_POINTS)`."""
    found = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(
                stmt.targets[0], ast.Name):
            value = _literal(stmt.value, {})
            if value is not None:
                found[stmt.targets[0].id] = value
    return found


def _literal(node: ast.expr, names: dict[str, object]) -> object:
    if isinstance(node, ast.Name):
        return names.get(node.id)
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, RecursionError):
        return None


def _scripts_of(value: object) -> list[str]:
    """Targets from `entry_points` as a dict of lists/strings or as an INI string."""
    if isinstance(value, str):
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read_string(value)
        except configparser.Error:
            return []
        value = {g: "\n".join(f"{k}={v}" for k, v in parser[g].items())
                 for g in parser.sections()}
    if not isinstance(value, dict):
        return []
    found = []
    for group in SCRIPT_GROUPS:
        specs = value.get(group, ())
        lines = specs.splitlines() if isinstance(specs, str) else specs
        for spec in lines if isinstance(lines, (list, tuple)) else ():
            found += _targets(str(spec))
    return found


def _targets(lines: str) -> list[str]:
    """`name = module:function [extras]` lines -> `module:function`."""
    found = []
    for line in lines.splitlines():
        if "=" in line:
            target = line.split("=", 1)[1].split("[", 1)[0].strip()
            if target:
                found.append(target)
    return found


def listed_py_modules(root: Path) -> dict[str, tuple[str, ...]]:
    """Where the project lists its top-level modules by hand (file name -> the list):
    `py-modules` of `[tool.setuptools]`, `py_modules` of `setup.py` or `setup.cfg`. A module
    missing there is missing from a built wheel."""
    found: dict[str, tuple[str, ...]] = {}
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            data = {}
        listed = data.get("tool", {}).get("setuptools", {}).get("py-modules")
        if isinstance(listed, list):
            found["pyproject.toml"] = tuple(str(m) for m in listed)
    for name, reader in (("setup.py", read_setup_py), ("setup.cfg", read_setup_cfg)):
        try:
            declared = reader((root / name).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        if declared.py_modules is not None:
            found[name] = declared.py_modules
    return found


def test_command(root: Path) -> str | None:
    """The command that runs the project's own tests, when it has a tox.ini, a pytest
    configuration, a Makefile `test` target or a tests/ folder (what `--verify` can run
    after writing)."""
    if (root / "tox.ini").is_file() and "[tox" in _read(root / "tox.ini"):
        return "tox"
    configured = (root / "pytest.ini").is_file() \
        or "[tool.pytest.ini_options]" in _read(root / "pyproject.toml") \
        or "[tool:pytest]" in _read(root / "setup.cfg") \
        or "[pytest]" in _read(root / "tox.ini")
    if configured:
        return "python -m pytest -q"
    if MAKE_TEST.search(_read(root / "Makefile")):
        return "make test"
    if (root / "tests").is_dir() or (root / "test").is_dir():
        return "python -m pytest -q"
    return None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
