"""The code that keeps `entrypoint.NAME` meaning what it meant before the split.

A name that moved lives in exactly one module (its home). The entrypoint's module object gets
a class with one property per moved name, so reading `main.NAME` returns the home's current
binding, and rebinding or deleting it -- as `monkeypatch.setattr(main, "NAME", v)`,
`mock.patch("main.NAME")` and their undo do -- rebinds the home, where the moved code reads it.
Names a home binds only later, at run time, are still readable through the module
`__getattr__` (PEP 562). `__all__` lists the public names `from main import *` exported
before the split.
"""

from __future__ import annotations

import ast

MARKER = "# nova-refactor: split facade"
# The facade's own helpers; each gets a name the entrypoint does not use (`_sys` -> `_sys_2`).
HELPERS = ("_sys", "_types", "_HOMES", "_home", "_forward", "_MOVED", "_Facade")

TEMPLATE = '''
{marker} -- every name that moved out lives in one home module; reading,
# rebinding (monkeypatch) or deleting `{entry}.NAME` reaches that home: one source of truth.
{_HOMES} = ({homes})


def {_home}(name: str) -> {_types}.ModuleType:
    for home in {_HOMES}:
        if not name.startswith("__") and name in vars(home):
            return home
    raise AttributeError(f"module {{__name__!r}} has no attribute {{name!r}}")


def {_forward}(name: str, home: {_types}.ModuleType) -> property:
    return property(
        lambda _: getattr(home, name),
        lambda _, value: setattr(home, name, value),
        lambda _: delattr(home, name),
    )


def __getattr__(name: str) -> object:
    return getattr({_home}(name), name)


{_MOVED} = {{n for h in {_HOMES} for n in vars(h) if not n.startswith("__")}} - set(globals())
{_sys}.modules[__name__].__class__ = type(
    "{_Facade}", ({_types}.ModuleType,), {{n: {_forward}(n, {_home}(n)) for n in {_MOVED}}}{unbound}
)
'''

STAR_TEMPLATE = '''__all__ = sorted(  # what `from {entry} import *` exported before the split
    n for n in {_MOVED} | set(globals()) - {{m.__name__.rpartition(".")[2] for m in {_HOMES}}}
    if not n.startswith("_")
)
'''


def facade_code(entry: str, homes: list[str], keep_all: bool, names: dict[str, str],
                unbound: dict[str, str] | None = None) -> str:
    """`names`: the helper names to use (see `helper_names`); `unbound`: names a home owns but
    binds only at run time (`global k` in `main()`), forwarded to it from the start so that
    `monkeypatch.setattr(main, "k", ..)` reaches the home."""
    listed = ", ".join(homes) + ("," if len(homes) == 1 else "")
    extra = "".join(f' | {{"{name}": {names["_forward"]}("{name}", {home})}}'
                    for name, home in sorted((unbound or {}).items()))
    text = TEMPLATE.format(marker=MARKER, entry=entry, homes=listed, unbound=extra, **names)
    if not keep_all:
        text += STAR_TEMPLATE.format(entry=entry, **names)
    return text


def helper_names(source: str) -> dict[str, str]:
    """A name for each facade helper that no identifier of `source` uses, so the facade never
    shadows or rebinds something of the user's (`import sys as _sys`)."""
    taken = identifiers(source)
    names = {}
    for helper in HELPERS:
        name, n = helper, 1
        while name in taken:
            n += 1
            name = f"{helper}_{n}"
        names[helper] = name
        taken.add(name)
    return names


def identifiers(source: str) -> set[str]:
    """Every name `source` binds or reads, at any depth (also parameters and attributes: a
    helper named like one would at best confuse a reader)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.arg):
            found.add(node.arg)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.add(node.name)
        elif isinstance(node, ast.alias):
            found.add((node.asname or node.name).split(".")[0])
    return found
