"""Lifting closure routes describes the rewritten module from the first analysis
(`lifted_facts`): every fact must be what analysing the rewritten source again gives."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from nova_refactor.codemods.python.closures import _Lifter
from nova_refactor.codemods.python.lifted_facts import lifted_facts
from nova_refactor.codemods.python.statements import ModuleFacts, module_facts

DATA = Path(__file__).resolve().parents[1] / "data" / "codemods"


def _route(base: str, prefix: str, i: int) -> str:
    """One closure route with what moves line numbers: comments before and between
    decorators, a docstring line starting with `#`, a trailing comment in its body."""
    return f'''
    # route {i}
    @{base}.route("/{prefix}/{i}")
    # between the decorator and the def
    @login_required
    def {prefix}_{i}():
        """Item {i} of {prefix}
        # not a comment"""
        global COUNT
        COUNT += 1
        value = helper_{prefix}() + str(COUNT) + (
            "x"
        )  # trailing
        rows = [
            {i},
            {i + 1},
        ]
        return value + str(rows)
        # a comment at the end of the body
'''


def _factory(name: str, base: str, prefixes: list[str], tail: str, params: str = "") -> str:
    routes = "".join(_route(base, p, i) for p in prefixes for i in range(8))
    helpers = "".join(f"\n    def helper_{p}():\n        return {base}.name + db\n"
                      for p in prefixes)
    local = "" if base == "app" and params == "" else f"    {base} = Flask(__name__)\n"
    return (f"\n\n@decorated\ndef {name}({params}):\n    \"\"\"Build it.\"\"\"\n{local}"
            f"    db = connect()\n{helpers}{routes}{tail}")


SOURCE = ('#!/usr/bin/env python\n# header comment\n\n"""The app."""\nfrom flask import Flask\n'
          "\napp = Flask(__name__)  # the factory below registers on this global\nCOUNT = 0\n"
          "\n\ndef login_required(f):\n    return f\n\n\ndef decorated(f):\n    return f\n\n"
          "\ndef connect():\n    return 'db'\n"
          + _factory("create_app", "app", ["users", "items", "files"], "    return app\n")
          + _factory("make_admin", "admin", ["admin", "audit", "roles"], "", params="config")
          + "\n\nif __name__ == '__main__':\n    create_app().run()\n    # the end\n")


def _lift(facts: ModuleFacts) -> tuple[ModuleFacts, ModuleFacts]:
    lifted = _Lifter(facts, set(), package=False).lift()
    assert lifted is not None, "the factories are large enough to lift"
    module, factories = lifted
    assert all(f.registrations for f in factories)
    return lifted_facts(facts, module, factories), module_facts(module.code)


def _positions(facts: ModuleFacts) -> set[tuple[int, int, str]]:
    """Name nodes by where they are (ids differ between the two trees)."""
    wrapper = MetadataWrapper(facts.module, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    found = set()
    for node in _walk(wrapper.module):
        name = facts.name_nodes.get(id(node))
        if name is not None and node in positions:
            found.add((positions[node].start.line, positions[node].start.column, name))
    return found


def _walk(node: cst.CSTNode) -> list[cst.CSTNode]:
    found, stack = [], [node]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(current.children)
    return found


def _described(facts: ModuleFacts) -> list[tuple[object, ...]]:
    return [(s.index, s.start_line, s.end_line, sorted(s.defines), sorted(s.rebinds),
             sorted(s.uses), s.is_import, s.is_docstring, s.is_main_guard, s.effectful, s.code)
            for s in facts.stmts]


@pytest.mark.parametrize("source", [
    SOURCE,
    (DATA / "flask_factory" / "before" / "shop" / "__init__.py").read_text(),
    (DATA / "fastapi_factory" / "before" / "server.py").read_text(),
], ids=["comments-globals-two-factories", "flask_factory", "fastapi_factory"])
def test_lifted_facts_are_those_of_the_rewritten_source_analysed_again(source):
    reused, again = _lift(module_facts(source))
    assert reused.module.code == again.module.code
    assert _described(reused) == _described(again)
    assert reused.import_names == again.import_names
    assert _positions(reused) == _positions(again)


def test_a_module_level_app_passed_to_a_registration_function_is_its_parameter_inside():
    reused, again = _lift(module_facts(SOURCE))
    registers = [s for s in reused.stmts if any(n.startswith("register_") for n in s.defines)]
    assert len(registers) >= 4
    (factory,) = [s for s in reused.stmts if "create_app" in s.defines]
    first = next(s for s in registers if "(app" in s.code.split("\n")[2])
    assert "app" not in first.uses and "COUNT" in first.rebinds
    assert "app" in factory.uses  # the call passes the global
    # the second factory ends with a call: its span ends on that line
    (admin,) = [s for s in reused.stmts if "make_admin" in s.defines]
    assert admin.code.rstrip().splitlines()[-1].lstrip().startswith("register_")
    assert _described(reused) == _described(again)
