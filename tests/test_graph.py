"""The dependency graph on synthetic, Rust-shaped analyses: metrics, cycles, layers, roll-up."""

from __future__ import annotations

import pytest

from nova_refactor.analysis.graph.dependencies import build_graph, shortest_cycle
from tests.graph_helpers import synthetic

CRATE = [
    "crates/api/src/main.rs", "crates/api/src/routes.rs", "crates/core/src/lib.rs",
    "crates/core/src/model.rs", "crates/db/src/lib.rs",
]


def _node(report, path):
    return next(n for n in report.nodes if n.path == path)


def test_fan_in_fan_out_instability_and_layers() -> None:
    analysis = synthetic(CRATE, [
        ("crates/api/src/main.rs", "crates/api/src/routes.rs", ["router"]),
        ("crates/api/src/routes.rs", "crates/core/src/lib.rs", ["Service", "Error"]),
        ("crates/api/src/routes.rs", "crates/db/src/lib.rs", ["Pool"]),
        ("crates/core/src/lib.rs", "crates/core/src/model.rs", ["Post"]),
        ("crates/db/src/lib.rs", "crates/core/src/model.rs", ["Post"]),
    ], entrypoints=["crates/api/src/main.rs"])
    report = build_graph(analysis)
    routes = _node(report, "crates/api/src/routes.rs")
    assert (routes.fan_in, routes.fan_out) == (1, 2)
    assert routes.instability == pytest.approx(2 / 3, abs=1e-3)
    model = _node(report, "crates/core/src/model.rs")
    assert (model.fan_in, model.fan_out, model.instability, model.depth) == (2, 0, 0.0, 0)
    assert _node(report, "crates/api/src/main.rs").depth == 3
    assert _node(report, "crates/api/src/main.rs").entrypoint
    assert report.layers == 4
    assert report.most_depended_on[0] == ("crates/core/src/model.rs", 2)
    edge = next(e for e in report.edges if e.source == "crates/api/src/routes.rs"
                and e.target == "crates/core/src/lib.rs")
    assert (edge.weight, edge.names, edge.kinds) == (2, ("Error", "Service"), ("use",))
    assert report.cycles == ()


def test_cycles_report_a_shortest_concrete_cycle() -> None:
    # a -> b -> c -> d -> a and a shortcut c -> a: the shortest cycle is a -> b -> c -> a
    files = ["a.rs", "b.rs", "c.rs", "d.rs", "e.rs"]
    edges = [("a.rs", "b.rs"), ("b.rs", "c.rs"), ("c.rs", "d.rs"), ("d.rs", "a.rs"),
             ("c.rs", "a.rs"), ("e.rs", "a.rs")]
    report = build_graph(synthetic(files, edges))
    (cycle,) = report.cycles
    assert cycle.modules == ("a.rs", "b.rs", "c.rs", "d.rs")
    assert cycle.shortest == ("a.rs", "b.rs", "c.rs", "a.rs")
    # a cycle collapses into one layer: e sits on top of it
    assert _node(report, "e.rs").depth == 1
    assert report.layers == 2


def test_two_cycle_found_first() -> None:
    report = build_graph(synthetic(["x.py", "y.py"], [("x.py", "y.py"), ("y.py", "x.py")],
                                   language="python", kind="from"))
    assert report.cycles[0].shortest in (("x.py", "y.py", "x.py"),)


def test_shortest_cycle_is_empty_for_a_lone_module() -> None:
    import networkx as nx

    assert shortest_cycle(nx.DiGraph([("a", "b")]), ["a"]) == ()


def test_package_level_rolls_files_up() -> None:
    analysis = synthetic(CRATE, [
        ("crates/api/src/routes.rs", "crates/core/src/lib.rs", ["Service"]),
        ("crates/api/src/main.rs", "crates/core/src/lib.rs", ["Config"]),
        ("crates/core/src/lib.rs", "crates/core/src/model.rs", ["Post"]),  # inside: dropped
        ("crates/db/src/lib.rs", "crates/core/src/model.rs", ["Post"]),
    ])
    report = build_graph(analysis, "package")
    assert [n.path for n in report.nodes] == ["crates/api/src", "crates/core/src", "crates/db/src"]
    api = _node(report, "crates/api/src")
    assert api.lines == 200
    edge = next(e for e in report.edges if e.source == "crates/api/src")
    assert (edge.target, edge.weight, edge.names) == ("crates/core/src", 2, ("Config", "Service"))
    assert len(report.edges) == 2


@pytest.mark.parametrize(
    ("files", "edges", "note"),
    [
        ([], [], "the graph is empty"),
        (["only.rs"], [], "no dependencies"),
        (["a.rs", "b.rs", "c.rs", "d.rs"], [("a.rs", "b.rs"), ("c.rs", "d.rs")],
         "2 disconnected islands"),
        (["a.rs", "b.rs"], [("a.rs", "a.rs"), ("a.rs", "b.rs")], "ignored self-imports"),
        (["a.rs"], [("a.rs", "gone.rs")], "not in the analysis"),
    ],
)
def test_bad_graphs_give_notes_not_errors(files, edges, note) -> None:
    report = build_graph(synthetic(files, edges))
    assert any(note in n for n in report.notes), report.notes
    assert all(e.source != e.target for e in report.edges)


def test_init_reexports_point_at_the_defining_module(tmp_path) -> None:
    from nova_refactor.analysis.run.pipeline import Options, analyze

    files = {
        "billing/__init__.py": "from .invoice import Invoice as Invoice\nVERSION = 1\n",
        "billing/invoice.py": "class Invoice:\n    pass\n",
        "app.py": "from billing import Invoice, VERSION\n",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    analysis = analyze([tmp_path], Options(use_cache=False))
    edges = {(e.source, e.target, e.names, e.kind) for e in analysis.imports}
    assert ("app.py", "billing/invoice.py", ("Invoice",), "re-export") in edges
    assert ("app.py", "billing/__init__.py", ("VERSION",), "from") in edges
    assert ("billing/__init__.py", "billing/invoice.py", ("Invoice",), "from") in edges


def test_relative_imports_that_land_nowhere_are_noted(tmp_path) -> None:
    from nova_refactor.analysis.run.pipeline import Options, analyze

    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg/__init__.py").write_text("")
    (tmp_path / "pkg/a.py").write_text("from .missing import thing\nfrom . import b\nimport os\n")
    (tmp_path / "pkg/b.py").write_text("X = 1\n")
    report = build_graph(analyze([tmp_path], Options(use_cache=False)))
    assert "1 relative import(s) resolve to no project module: pkg/a.py:1" in report.notes
    assert [(e.source, e.target) for e in report.edges] == [("pkg/a.py", "pkg/b.py")]
