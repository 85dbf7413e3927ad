"""The boundaries benchmark hides the package structure for real: nothing path-like is left."""

from __future__ import annotations

import dataclasses
import importlib.util
from pathlib import Path

from nova_refactor.analysis.boundaries.model import BoundaryOptions
from nova_refactor.model import ImportFacts, Offender, Offenders
from tests.graph_helpers import synthetic

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "boundaries.py"


def _bench():
    spec = importlib.util.spec_from_file_location("boundaries_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _analysis():
    files = {f"{pkg}/m{i}.py": 10 for pkg in ("billing", "catalog") for i in range(3)}
    files["contrib/auth/models.py"] = 10
    edges = [("billing/m0.py", "billing/m1.py"), ("catalog/m0.py", "catalog/m2.py"),
             ("contrib/auth/models.py", "billing/m0.py")]
    analysis = synthetic(files, edges, language="python")
    spec = ImportFacts("billing.m1", 1, ("Invoice",), 1)
    named = tuple(dataclasses.replace(f, imports=(spec,)) for f in analysis.files)
    biggest = Offender("catalog/m0.py", 1, "catalog/m0.py", 10.0)
    summary = dataclasses.replace(analysis.summary, largest_file=biggest)
    return dataclasses.replace(analysis, files=named, summary=summary,
                               offenders=Offenders((biggest,), (), ()))


def test_hidden_analysis_keeps_names_but_no_paths() -> None:
    bench = _bench()
    hidden, real = bench.hide(_analysis())
    assert sorted(real.values()) == sorted(f.path for f in _analysis().files)
    text = repr(hidden)
    for word in ("billing", "catalog", "contrib", "auth/"):
        assert word not in text, word
    assert all(f.path.startswith("m") for f in hidden.files)
    assert {i.names for f in hidden.files for i in f.imports} == {("Invoice",)}
    assert {(i.module, i.level) for f in hidden.files for i in f.imports} == {("", 0)}


def test_known_packages_and_score() -> None:
    bench = _bench()
    assert bench.package_of("db/models/base.py") == "db"
    assert bench.package_of("contrib/auth/models.py") == "contrib/auth"
    assert bench.package_of("shortcuts.py") == "(top)"
    value, services, seconds = bench.score(_analysis(), BoundaryOptions(history=False))
    assert 0.0 <= value <= 100.0 and services >= 1 and seconds >= 0.0


def _real_bench():
    path = BENCH.with_name("boundaries_real.py")
    spec = importlib.util.spec_from_file_location("boundaries_real", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_real_split_truth_places_every_module_once() -> None:
    import json

    doc = json.loads((BENCH.parent / "boundaries_truth" / "nova-user-service.json").read_text())
    placed = [m for modules in doc["services"].values() for m in modules]
    assert len(placed) == len(set(placed)) == 135
    assert not set(placed) & set(doc["excluded"])
    assert len(set(placed) | set(doc["excluded"])) == 164  # every .rs file under src/ at 40ba1ed7
    truth = _real_bench().load_truth("nova-user-service")
    assert truth["src/handlers/oauth.rs"] == "auth" and truth["src/handlers/posts.rs"] == "content"


def test_real_split_score_is_mojofm_over_the_truth_modules_only() -> None:
    from nova_refactor.analysis.boundaries.propose import propose

    files = {"a/x.rs": 100, "a/y.rs": 100, "b/x.rs": 100, "b/y.rs": 100, "main.rs": 10}
    edges = [("a/x.rs", "a/y.rs", ["A", "B"]), ("b/x.rs", "b/y.rs", ["A", "B"])]
    proposal = propose(synthetic(files, edges, entrypoints=["main.rs"]),
                       BoundaryOptions(history=False))
    bench = _real_bench()
    truth = {"a/x.rs": "one", "a/y.rs": "one", "b/x.rs": "two", "b/y.rs": "two"}
    assert bench.score(proposal, truth) == (100.0, 2)
    assert bench.score(proposal, {**truth, "b/y.rs": "one"})[0] < 100.0
