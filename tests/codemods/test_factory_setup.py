"""An app factory that is mostly set-up (LightRAG's `create_app`): once its closure routes
are lifted, its other closures become builders and its straight-line set-up becomes phases,
each proven by libcst's scope analysis; what cannot be proven stays, with the reason and
line. The limits are lowered so that a small fixture is over them; the fixture's app is run
before and after (FastAPI's route table, OpenAPI, lifespan, endpoints' answers)."""

from __future__ import annotations

import libcst as cst
import pyflakes.api
import pyflakes.reporter
import pytest

from nova_refactor.codemods.python import closures, factory_lifts, planner
from nova_refactor.codemods.python.factory_flow import definitely_binds, frame_bound
from nova_refactor.codemods.python.statements import module_facts
from tests.codemods.harness import CASES, probe, split_case
from tests.codemods.test_lifted_facts import _described, _lift, _positions

LIMIT = 100  # the lowered file-size limit every written module must be under
SERVER = CASES / "fastapi_factory_setup" / "before" / "server.py"


@pytest.fixture
def lowered(monkeypatch):
    monkeypatch.setattr(closures, "TARGET_LINES", 60)
    monkeypatch.setattr(closures, "FACTORY_LINES", 40)
    monkeypatch.setattr(factory_lifts, "PHASE_LINES", 40)
    monkeypatch.setattr(planner, "ROUTES_LIMIT", 60)
    monkeypatch.setattr(planner, "SUPPORT_LINES", 30)


class _Collect(pyflakes.reporter.Reporter):
    def __init__(self) -> None:
        self.found: list[str] = []

    def flake(self, message: object) -> None:
        self.found.append(str(message))

    def syntaxError(self, *args: object) -> None:  # noqa: N802 (pyflakes' name)
        self.found.append(f"syntax error {args}")

    def unexpectedError(self, *args: object) -> None:  # noqa: N802 (pyflakes' name)
        self.found.append(f"unexpected {args}")


def _flakes(path: str, text: str) -> list[str]:
    collect = _Collect()
    pyflakes.api.check(text, path, collect)
    return collect.found


def test_factory_setup_leaves_in_builders_and_phases_and_the_app_runs_the_same(
        tmp_path, lowered):
    split = split_case(tmp_path, "fastapi_factory_setup", entrypoint="server.py")
    written = {c.path: split.text(c.path) for c in split.proposal.changeset.changes}
    sizes = {path: text.count("\n") for path, text in written.items()}
    assert all(lines < LIMIT for lines in sizes.values()), sizes
    support = "".join(t for p, t in written.items() if p.startswith("factory_support"))
    setup = "".join(t for p, t in written.items() if p.startswith("factory_setup"))
    # builders: what they capture comes in; mutually calling helpers go together
    assert "def make_cors_origins(app, args):" in support
    assert "def make_create_complete():" in support and "def normalise(text):" in support
    assert "def make_SmartPage(prefix, title):" in support
    # a closure reading a local bound after it moves in one phase with that binding
    phase = next(chunk for chunk in setup.split("\n\n\ndef ") if "def resolve_role(" in chunk)
    assert "timeout = int(" in phase and "make_SmartPage(prefix, title)" in phase
    factory = written["routes.py"]
    for stays in ("async def lifespan(app):", "nonlocal calls", "app = FastAPI(**app_kwargs)",
                  "store = Store(", 'debug_tag = "debug"'):
        assert stays in factory, stays
    assert "def cors_origins" not in factory and "def resolve_role" not in factory
    notes = "\n".join(split.proposal.plan.notes)
    for why in ("line 45: `lifespan` stays in the factory: it reads `store`, bound only after "
                "it (line 108)",
                "`count_call` stays in the factory: a closure in it rebinds `calls` with "
                "`nonlocal`",
                "it binds `debug_tag` on some paths only",
                "it binds `store`, which a closure defined before it (line 48) reads"):
        assert why in notes, notes
    checks = "\n".join(split.outcome.checks)
    assert "pyflakes: no new warnings" in checks and "no import cycle" in checks, checks
    assert "route inventory identical (4 routes)" in checks, checks
    # pyflakes itself, on every written module: nothing at all, as in the original
    assert _flakes("server.py", SERVER.read_text()) == []
    assert {p: _flakes(p, t) for p, t in written.items() if _flakes(p, t)} == {}
    before = probe(split.before)
    assert before.startswith("exit=0\n") and "'opened': True" in before, before
    assert "role {'role': 'query', 'timeout': 30" in before and "handler {'missing'" in before
    assert probe(split.after) == before


def test_a_factory_under_the_size_target_keeps_its_closures_and_set_up(tmp_path):
    split = split_case(tmp_path, "fastapi_factory_setup", entrypoint="server.py")
    written = [c.path for c in split.proposal.changeset.changes]
    assert not any(p.startswith("factory_") for p in written), written


def test_lifted_builders_and_phases_are_described_as_a_second_analysis_would(lowered):
    reused, again = _lift(module_facts(SERVER.read_text()))
    assert any(n.startswith("_setup_") for s in reused.stmts for n in s.defines)
    assert reused.module.code == again.module.code
    assert _described(reused) == _described(again)
    assert _positions(reused) == _positions(again)


def _binds(code: str) -> set[str]:
    return definitely_binds(cst.parse_statement(code))


@pytest.mark.parametrize(("code", "expected"), [
    ("a, (b, *c) = f()\n", {"a", "b", "c"}),
    ("if x:\n    a = 1\n    b = 2\nelse:\n    a = 3\n", {"a"}),
    ("if x:\n    a = 1\n", set()),
    ("if x:\n    a = 1\nelif y:\n    a = 2\nelse:\n    a = 3\n", {"a"}),
    ("try:\n    a = f()\nexcept E as e:\n    log(e)\n    raise\n", {"a"}),
    ("try:\n    a = f()\nexcept E:\n    a = None\n", set()),
    ("try:\n    a = f()\nexcept E:\n    pass\nfinally:\n    b = 1\n", {"b"}),
    ("with open(p) as (h, g):\n    a = h.read()\n", {"a", "h", "g"}),
    ("for a in b:\n    c = a\n", set()),
    ("import os.path, json as j\n", {"os", "j"}),
    ("x = (y := f())\n", {"x"}),  # a walrus is not counted: it may sit in a short circuit
    ("class K:\n    z = 1\n", {"K"}),
], ids=lambda v: v if isinstance(v, str) else "")
def test_definitely_bound_names(code, expected):
    assert _binds(code) == expected


@pytest.mark.parametrize(("code", "why"), [
    ("if x:\n    return app\n", "returns from the factory"),
    ("def f():\n    return 1\n", None),
    ("@app.on(lambda: locals())\ndef f():\n    return locals()\n", None),
    ("print(locals())\n", "calls locals(), which reads the calling frame"),
    ("vars(x)\n", None),
    ("class K:\n    def m(self):\n        return super().m()\n", None),
    ("del a\n", "deletes a name"),
    ("global g\n", "declares global or nonlocal names"),
    ("x = await f()\n", "yields or awaits in the factory"),
    ("def f(a=eval('1')):\n    pass\n", "calls eval(), which reads the calling frame"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_what_keeps_a_statement_in_the_factory_frame(code, why):
    assert frame_bound(cst.parse_statement(code)) == why
