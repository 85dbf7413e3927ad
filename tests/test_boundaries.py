"""Service proposals on synthetic graphs: clusters, shared library, counts, reasons, history."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest

from nova_refactor.analysis.boundaries.model import BoundaryOptions
from nova_refactor.analysis.boundaries.propose import propose
from nova_refactor.analysis.graph.dependencies import build_graph
from nova_refactor.model import LockSite, Route
from nova_refactor.report.html.graph_layout import layout
from tests.graph_helpers import synthetic

FILES = {
    "src/main.rs": 300, "src/config.rs": 80, "src/errors.rs": 60,
    "src/billing/api.rs": 200, "src/billing/invoice.rs": 150, "src/billing/tax.rs": 90,
    "src/catalog/api.rs": 180, "src/catalog/item.rs": 120, "src/catalog/search.rs": 140,
}
EDGES = [
    ("src/main.rs", "src/billing/api.rs", ["router"]),
    ("src/main.rs", "src/catalog/api.rs", ["router"]),
    ("src/main.rs", "src/config.rs", ["Config"]),
    ("src/billing/api.rs", "src/billing/invoice.rs", ["Invoice", "issue", "void"]),
    ("src/billing/api.rs", "src/billing/tax.rs", ["rate"]),
    ("src/billing/invoice.rs", "src/billing/tax.rs", ["rate", "Region"]),
    ("src/billing/invoice.rs", "src/catalog/item.rs", ["price"]),
    ("src/catalog/api.rs", "src/catalog/item.rs", ["Item", "get", "list"]),
    ("src/catalog/api.rs", "src/catalog/search.rs", ["search", "Query"]),
    ("src/catalog/search.rs", "src/catalog/item.rs", ["Item", "index"]),
    ("src/billing/api.rs", "src/errors.rs", ["Error"]),
    ("src/billing/invoice.rs", "src/errors.rs", ["Error"]),
    ("src/catalog/api.rs", "src/errors.rs", ["Error"]),
    ("src/catalog/item.rs", "src/errors.rs", ["Error"]),
    ("src/billing/api.rs", "src/config.rs", ["Config"]),
    ("src/catalog/api.rs", "src/config.rs", ["Config"]),
    ("src/config.rs", "src/errors.rs", ["Error"]),
]
ROUTES = (
    Route("POST", "/billing/invoices", "create", "create", "axum", "src/billing/api.rs", 10),
    Route("GET", "/catalog/items/{id}", "get_item", "get_item", "axum", "src/main.rs", 40),
    Route("GET", "/health", "health", "health", "axum", "src/main.rs", 50),
)
LOCKS = (LockSite("TAX_CACHE", "Arc<Mutex>", "construction", "src/billing/tax.rs", 5),)
OPTIONS = BoundaryOptions(history=False)


def _analysis(**extra):
    return synthetic(FILES, EDGES, entrypoints=["src/main.rs"], routes=ROUTES, locks=LOCKS,
                     **extra)


def _service(proposal, name):
    return next(s for s in proposal.services if s.name == name)


def test_two_domains_a_shared_library_and_the_entrypoint() -> None:
    proposal = propose(_analysis(), OPTIONS)
    assert [s.name for s in proposal.services] == ["billing", "catalog"]
    assert _service(proposal, "billing").modules == (
        "src/billing/api.rs", "src/billing/invoice.rs", "src/billing/tax.rs")
    assert proposal.shared.modules == ("src/config.rs", "src/errors.rs")
    assert proposal.entrypoints == ("src/main.rs",)
    billing = _service(proposal, "billing")
    assert billing.lines == 440
    assert billing.locks == ("TAX_CACHE (src/billing/tax.rs:5)",)
    # ties inside 3 + 1 + 2, one crossing tie of weight 1: 6 / 7
    assert billing.cohesion == pytest.approx(6 / 7, abs=1e-3)


def test_crossings_name_what_would_become_network_calls() -> None:
    proposal = propose(_analysis(), OPTIONS)
    (crossing,) = proposal.crossings
    assert (crossing.first, crossing.second, crossing.cut_cost) == ("billing", "catalog", 1.0)
    (edge,) = crossing.edges
    assert (edge.source, edge.target, edge.names) == (
        "src/billing/invoice.rs", "src/catalog/item.rs", ("price",))
    assert 0 < proposal.coupling < 0.2
    assert proposal.modularity > 0.3


def test_routes_go_to_the_handler_file_or_the_service_the_url_names() -> None:
    proposal = propose(_analysis(), OPTIONS)
    assert [r.path for r in _service(proposal, "billing").routes] == ["/billing/invoices"]
    (item,) = _service(proposal, "catalog").routes
    assert item.path == "/catalog/items/{id}" and "URL segment 'catalog'" in item.why
    assert [r.path for r in proposal.unassigned_routes] == ["/health"]


def test_every_module_has_a_reason_with_weighted_ties() -> None:
    proposal = propose(_analysis(), OPTIONS)
    by_path = {p.path: p for p in proposal.placements}
    assert set(by_path) == set(FILES)
    invoice = by_path["src/billing/invoice.rs"]
    assert invoice.group == "billing"
    assert invoice.ties[0].module == "src/billing/api.rs" and invoice.ties[0].weight == 3
    assert "strongest pull outside: src/catalog/item.rs in catalog (1)" in invoice.reason
    assert "used by 2 proposed service(s): billing, catalog" in by_path["src/errors.rs"].reason
    main_reason = by_path["src/main.rs"].reason
    assert main_reason.startswith("entrypoint (file named test): composition root")


def test_deterministic_whatever_the_input_order() -> None:
    first = propose(_analysis(), OPTIONS)
    shuffled = list(EDGES)
    random.Random(7).shuffle(shuffled)
    again = propose(synthetic(dict(reversed(list(FILES.items()))), shuffled,
                              entrypoints=["src/main.rs"], routes=ROUTES, locks=LOCKS), OPTIONS)
    assert first == again


@pytest.mark.parametrize("wanted", [1, 2, 3, 4])
def test_services_count_is_reached(wanted: int) -> None:
    proposal = propose(_analysis(), BoundaryOptions(history=False, services=wanted))
    assert len(proposal.services) == wanted
    modules = sorted(m for s in proposal.services for m in s.modules)
    # with one service, nothing is used by two: the library goes back into the service
    library = {"src/config.rs", "src/errors.rs"} if wanted > 1 else set()
    assert modules == sorted(set(FILES) - {"src/main.rs"} - library)
    assert set(proposal.shared.modules) == library


def test_greedy_modularity_agrees_on_the_clear_case() -> None:
    proposal = propose(_analysis(), BoundaryOptions(history=False, algorithm="greedy"))
    assert [s.name for s in proposal.services] == ["billing", "catalog"]


def test_shared_library_takes_what_it_needs() -> None:
    edges = [*EDGES, ("src/billing/api.rs", "src/utils.rs", ["fmt"]),
             ("src/catalog/api.rs", "src/utils.rs", ["fmt"]),
             ("src/utils.rs", "src/billing/tax.rs", ["round_cents"])]
    analysis = synthetic({**FILES, "src/utils.rs": 40}, edges, entrypoints=["src/main.rs"])
    proposal = propose(analysis, OPTIONS)
    assert "src/billing/tax.rs" in proposal.shared.modules
    reason = next(p.reason for p in proposal.placements if p.path == "src/billing/tax.rs")
    assert reason.startswith("needed by shared module src/utils.rs")


@pytest.mark.parametrize(
    ("files", "edges", "entry", "note"),
    [
        ({}, [], [], "no modules to split"),
        ({"lib.rs": 10}, [], [], "a single module"),
        ({"main.rs": 10}, [], ["main.rs"], "no modules to split"),
        ({"a.rs": 1, "b.rs": 1, "c.rs": 1}, [], [], "pooled in one group for review"),
        ({"a.rs": 1, "b.rs": 1, "c.rs": 1, "s.rs": 1}, [("a.rs", "s.rs"), ("b.rs", "s.rs"),
                                                      ("c.rs", "s.rs")], [], "tie only to"),
        ({"a.rs": 1, "b.rs": 1}, [("a.rs", "a.rs"), ("a.rs", "zz.rs")], [], "ignored"),
    ],
)
def test_odd_graphs_give_a_proposal_and_a_note(files, edges, entry, note) -> None:
    analysis = synthetic(files, edges, entrypoints=entry)
    proposal = propose(analysis, OPTIONS)
    assert any(note in n for n in proposal.notes), proposal.notes
    assert proposal.modularity == 0.0
    assert len(layout(build_graph(analysis), proposal)) == len(files)  # every module is drawn
    asked = propose(synthetic(files, edges, entrypoints=entry),
                    BoundaryOptions(history=False, services=2))
    placeable = len(set(files) - set(entry))
    if placeable < 2:
        assert len(asked.services) == placeable
        assert any("asked for 2 services, but only" in n for n in asked.notes), asked.notes


def test_tests_are_left_out_unless_asked() -> None:
    files = {**FILES, "tests/billing_test.rs": 50}
    edges = [*EDGES, ("tests/billing_test.rs", "src/billing/api.rs", ["create"])]
    left_out = propose(synthetic(files, edges, entrypoints=["src/main.rs"]), OPTIONS)
    assert all("tests/" not in m for s in left_out.services for m in s.modules)
    assert any("1 test module(s) left out" in n for n in left_out.notes)
    kept = propose(synthetic(files, edges, entrypoints=["src/main.rs"]),
                   BoundaryOptions(history=False, include_tests=True))
    assert any("tests/billing_test.rs" in s.modules for s in kept.services)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_co_change_from_git_history_ties_modules_without_imports(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    for round_ in range(3):  # a.rs and b.rs always change together, and so do c.rs and d.rs
        for pair in (("a.rs", "b.rs"), ("c.rs", "d.rs")):
            for name in pair:
                (tmp_path / name).write_text(f"// {round_}\n")
            git("add", "-A")
            git("commit", "-qm", f"{pair} {round_}")
    analysis = synthetic({"a.rs": 10, "b.rs": 10, "c.rs": 10, "d.rs": 10})
    proposal = propose(analysis, BoundaryOptions(), tmp_path)
    assert proposal.history_commits == 6
    groups = sorted(s.modules for s in proposal.services)
    assert groups == [("a.rs", "b.rs"), ("c.rs", "d.rs")]
    assert propose(analysis, BoundaryOptions(history=False), tmp_path).history_commits == 0


def test_co_change_needs_support() -> None:
    from nova_refactor.analysis.history.cochange import cochange_weights

    commits = [["a.rs", "b.rs"], ["a.rs", "b.rs", "c.rs"], ["c.rs", "d.rs"], ["x.md", "a.rs"],
               [f"f{i}.rs" for i in range(40)] + ["c.rs", "d.rs"]]
    weights = cochange_weights(commits, {"a.rs", "b.rs", "c.rs", "d.rs"})
    # a-b twice (1 + 1/2); a-c and b-c once; c-d once; the 42-file commit is ignored
    assert weights == {("a.rs", "b.rs"): 1.5}
