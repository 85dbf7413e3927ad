"""Cyclomatic complexity equals `radon cc` on every function radon reports."""

from __future__ import annotations

import textwrap

import pytest
from radon.complexity import add_inner_blocks, cc_visit
from radon.visitors import Function

from tests.helpers import complexities

CASES = [
    ("def f():\n    return 1\n", {"f": 1}),
    ("def f(a):\n    if a:\n        return 1\n    elif a > 2:\n        return 2\n    return 3\n",
     {"f": 3}),
    ("def f(a, b):\n    return a and b or not a\n", {"f": 3}),
    ("def f(xs):\n    for x in xs:\n        pass\n    else:\n        pass\n", {"f": 3}),
    ("def f(x):\n    while x:\n        x -= 1\n", {"f": 2}),
    ("def f():\n    try:\n        pass\n    except ValueError:\n        pass\n"
     "    except KeyError:\n        pass\n    else:\n        pass\n", {"f": 4}),
    ("def f(xs):\n    return [x for x in xs if x if x > 1]\n", {"f": 4}),
    ("def f(x):\n    return 1 if x else 2\n", {"f": 2}),
    ("def f(x):\n    assert x\n", {"f": 2}),
    ("def f(x):\n    with open(x) as h:\n        return h.read()\n", {"f": 1}),
    ("def f(x):\n    g = lambda y: y if y else 0\n    return g(x)\n", {"f": 2}),
    ("def f(x):\n    match x:\n        case 1:\n            pass\n"
     "        case 2:\n            pass\n        case _:\n            pass\n", {"f": 3}),
    ("async def f(xs):\n    async for x in xs:\n        if x:\n            pass\n", {"f": 3}),
    ("class A:\n    def m(self, x):\n        if x:\n            return 1\n"
     "    class B:\n        def n(self):\n            return 2\n", {"A.m": 2, "A.B.n": 1}),
    ("def outer(x):\n    def inner(y):\n        if y:\n            return 1\n    if x:\n"
     "        return inner(x)\n", {"outer": 2, "outer.inner": 2}),
    ("@decorator\ndef f(x):\n    return x or 1\n", {"f": 2}),
]


@pytest.mark.parametrize(("code", "expected"), CASES)
def test_complexity_matches_expected_values(code: str, expected: dict[str, int]) -> None:
    assert complexities(code) == expected


def _radon(code: str) -> dict[str, int]:
    """What `radon cc --show-closures` reports, keyed like our qualified names."""
    found = {}
    for block in add_inner_blocks(cc_visit(code)):
        if isinstance(block, Function):
            found[block.fullname] = block.complexity
        else:
            for method in block.methods:
                found[f"{block.name}.{method.name}"] = method.complexity
    return found


@pytest.mark.parametrize(("code", "_expected"), CASES)
def test_complexity_equals_radon(code: str, _expected: dict[str, int]) -> None:
    ours = complexities(code)
    for name, value in _radon(code).items():
        assert ours[name] == value, name


def test_methods_of_classes_inside_functions_which_radon_drops() -> None:
    code = textwrap.dedent(
        """
        def factory(flag):
            class Local:
                def method(self, x):
                    if x and flag:
                        return 1
                    return 2
            return Local
        """
    )
    assert "factory.Local.method" not in _radon(code)
    assert complexities(code)["factory.Local.method"] == 3


def test_complexity_equals_radon_on_our_own_sources() -> None:
    from pathlib import Path

    import nova_refactor

    for path in sorted(Path(nova_refactor.__file__).parent.rglob("*.py")):
        code = path.read_text()
        ours = complexities(code)
        for name, value in _radon(code).items():
            assert ours[name] == value, f"{path}: {name}"
