"""Names of the entrypoint that other files of the project rebind from outside.

`main.NAME = v`, `setattr(main, "NAME", v)`, `monkeypatch.setattr(main, "NAME", v)`,
`monkeypatch.setattr("main.NAME", v)` and `mock.patch("main.NAME")` all replace the binding
seen by the module's own code; after a split, moved code must read such a name through the
module that owns it. Uses `ast` (fast, read-only); dynamic names cannot be seen.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from pathlib import Path


def externally_rebound(files: Iterable[Path], module_name: str) -> dict[str, str]:
    """name -> "file:line" of the first place that rebinds `module_name.name` from outside."""
    found: dict[str, str] = {}
    # every form above spells the module's last name out (`import pkg.main`, `from pkg import
    # main`, "pkg.main.NAME"): a file without it is not parsed (most of a project's files; a
    # name split over adjacent literals, `"pkg.ma" "in.NAME"`, is missed like dynamic ones)
    leaf = module_name.rpartition(".")[2].encode()
    for path in files:
        try:
            source = path.read_bytes()
            if leaf not in source:
                continue
            tree = ast.parse(source)
        except (SyntaxError, ValueError, OSError):
            continue  # a file we cannot read cannot rebind anything we could see
        aliases = _aliases(tree, module_name)
        for name, line in _rebinds(tree, aliases, module_name):
            found.setdefault(name, f"{path.name}:{line}")
    return found


def _aliases(tree: ast.Module, module_name: str) -> set[str]:
    """Local names bound to the module: `import main`, `import main as m`, `from pkg import
    main`, `m = importlib.import_module("main")`."""
    aliases: set[str] = set()
    for node in ast.walk(tree):
        aliases |= _alias_of(node, module_name)
    return aliases


def _alias_of(node: ast.AST, module_name: str) -> set[str]:
    parent, _, leaf = module_name.rpartition(".")
    if isinstance(node, ast.Import):
        return _bound_as(node.names, module_name)
    if isinstance(node, ast.ImportFrom) and (node.module or "") == parent:
        return _bound_as(node.names, leaf)
    if isinstance(node, ast.Assign) and _imports_module(node.value, module_name):
        return {t.id for t in node.targets if isinstance(t, ast.Name)}
    return set()


def _bound_as(names: list[ast.alias], wanted: str) -> set[str]:
    return {alias.asname or alias.name for alias in names if alias.name == wanted}


def _imports_module(value: ast.expr, module_name: str) -> bool:
    return isinstance(value, ast.Call) and _dotted(value.func).endswith("import_module") \
        and bool(value.args) and _constant(value.args[0]) == module_name


def _rebinds(tree: ast.Module, aliases: set[str], module_name: str) -> Iterator[tuple[str, int]]:
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and _dotted(target.value) in aliases:
                    yield target.attr, node.lineno
        elif isinstance(node, ast.Call):
            yield from _call_rebinds(node, aliases, module_name)


def _call_rebinds(
    call: ast.Call, aliases: set[str], module_name: str
) -> Iterator[tuple[str, int]]:
    func = _dotted(call.func)
    last = func.rsplit(".", 1)[-1]
    args = call.args
    name = _constant(args[1]) if len(args) >= 2 else None
    if last in ("setattr", "object", "delattr") and len(args) >= 2 \
            and _dotted(args[0]) in aliases and isinstance(name, str):
        yield name, call.lineno
    elif last in ("setattr", "patch", "delattr") and args:
        text = _constant(args[0])
        if isinstance(text, str) and text.startswith(module_name + "."):
            yield text[len(module_name) + 1:].split(".")[0], call.lineno


def _constant(node: ast.expr) -> object:
    return node.value if isinstance(node, ast.Constant) else None


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else ""
    return ""
