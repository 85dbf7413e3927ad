"""Drawing positions belong to the HTML renderer (report/html/graph_layout.py), computed from the
graph report and the proposal; the proposal and its JSON carry none."""

from __future__ import annotations

import json

from nova_refactor.analysis.boundaries.model import SHARED, BoundaryOptions
from nova_refactor.analysis.boundaries.propose import propose
from nova_refactor.analysis.graph.dependencies import build_graph
from nova_refactor.codec import to_jsonable
from nova_refactor.report.html.graph_layout import UNPLACED, layout, node_groups
from tests.graph_helpers import synthetic

# two clusters (billing, users) that both lean on one shared module, and one test file
FILES = {
    "billing/invoice.rs": 100, "billing/tax.rs": 80, "billing/pay.rs": 60,
    "users/account.rs": 100, "users/login.rs": 80, "users/profile.rs": 60,
    "core/db.rs": 50, "tests/flow.rs": 40,
}
EDGES = [
    ("billing/invoice.rs", "billing/tax.rs"), ("billing/tax.rs", "billing/pay.rs"),
    ("billing/pay.rs", "billing/invoice.rs"), ("users/account.rs", "users/login.rs"),
    ("users/login.rs", "users/profile.rs"), ("users/profile.rs", "users/account.rs"),
    ("billing/invoice.rs", "core/db.rs"), ("users/account.rs", "core/db.rs"),
    ("billing/pay.rs", "core/db.rs"), ("users/login.rs", "core/db.rs"),
    ("tests/flow.rs", "billing/invoice.rs"), ("tests/flow.rs", "users/account.rs"),
]


def _drawn():
    analysis = synthetic(FILES, EDGES)
    proposal = propose(analysis, BoundaryOptions(history=False))
    return analysis, proposal


def test_every_module_gets_its_own_place() -> None:
    analysis, proposal = _drawn()
    at = layout(build_graph(analysis), proposal)
    assert set(at) == set(FILES)
    assert len(set(at.values())) == len(at)  # no two modules drawn on top of each other
    groups = node_groups(build_graph(analysis), proposal)
    shared = [m for m, g in groups.items() if g == SHARED]
    if shared:  # the shared library's most connected module sits in the middle
        assert (0.0, 0.0) in {at[m] for m in shared}


def test_a_package_is_drawn_in_the_group_its_files_agree_on() -> None:
    analysis, proposal = _drawn()
    placed = {p.path: p.group for p in proposal.placements}
    groups = node_groups(build_graph(analysis, "package"), proposal)
    for package, group in groups.items():
        members = {g for path, g in placed.items() if path.startswith(package + "/")}
        assert group == (next(iter(members)) if len(members) == 1 else UNPLACED), package
    assert groups["tests"] == UNPLACED  # test files are placed in no group
    assert groups["billing"] != groups["users"] != UNPLACED  # two services, each in its colour


def test_the_proposal_document_has_no_drawing_coordinates() -> None:
    _, proposal = _drawn()
    data = json.loads(json.dumps(to_jsonable(proposal)))
    assert "layout" not in data and data["schema"] == "nova-refactor/boundaries/2"
