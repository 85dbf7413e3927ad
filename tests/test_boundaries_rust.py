"""The Rust monolith's proposal: a reviewed golden, and what an architect would expect of it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from nova_refactor.analysis.boundaries.model import BoundaryOptions
from nova_refactor.analysis.boundaries.propose import propose, split_parents
from nova_refactor.analysis.naming import name_services
from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.analysis.rust.handlers import HandlerFiles
from nova_refactor.model import FileFacts, ImportEdge, ImportFacts
from nova_refactor.report.machine.graph_formats import render_proposal_json

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "rust_monolith"
GOLDEN = ROOT / "tests" / "golden" / "rust_monolith.boundaries.json"


@pytest.fixture(scope="module")
def analysis():
    return analyze([EXAMPLE], Options(use_cache=False))


@pytest.fixture(scope="module")
def proposal(analysis):
    return propose(analysis, BoundaryOptions(history=False))


def test_matches_golden(proposal, update_goldens: bool) -> None:
    document = render_proposal_json(proposal)
    if update_goldens:
        GOLDEN.write_text(document)
    assert GOLDEN.exists(), "run pytest --update-goldens once, then review the file"
    assert json.loads(document) == json.loads(GOLDEN.read_text()), (
        "boundaries of examples/rust_monolith changed; if intended, rerun with "
        "--update-goldens and review the diff"
    )


def test_handlers_go_with_their_domain_service(proposal) -> None:
    services = {s.name: s.modules for s in proposal.services}
    # admin.rs and health.rs (61 lines together) lean on UserService: part of users, not a
    # service of their own
    assert services["users"] == ("src/handlers/admin.rs", "src/handlers/health.rs",
                                 "src/handlers/users.rs", "src/services/users.rs")
    assert services["streams"] == ("src/handlers/streams.rs", "src/services/streams.rs")
    assert {"src/handlers/sessions.rs", "src/services/sessions.rs"} <= set(services["sessions"])
    assert not any(name.startswith("service") for name in services)


def test_routes_registered_in_main_go_to_the_service_defining_the_handler(proposal) -> None:
    # `stream_routes::publish_event` after `use crate::handlers::{streams as stream_routes}`:
    # no URL word names the streams service, the handler's file does
    routes = {s.name: {(r.path, r.why) for r in s.routes} for s in proposal.services}
    assert ("/api/v1/events", "handler defined in src/handlers/streams.rs") in routes["streams"]
    assert {("/health", "handler defined in src/handlers/health.rs"),
            ("/ready", "handler defined in src/handlers/health.rs")} <= routes["users"]
    assert proposal.unassigned_routes == ()


def test_library_is_what_services_share_and_module_tree_parents_are_roots(proposal) -> None:
    assert {"src/errors.rs", "src/models.rs", "src/db.rs",
            "src/cache.rs"} <= set(proposal.shared.modules)
    # named like infrastructure, but only the commands use it (and main, which every service
    # gets a copy of): it goes with them
    commands = next(s for s in proposal.services if "src/commands.rs" in s.modules)
    assert "src/config.rs" in commands.modules
    assert not any(m.startswith("src/services/") and m != "src/services/metrics.rs"
                   for m in proposal.shared.modules)
    assert proposal.entrypoints == ("src/handlers/mod.rs", "src/main.rs", "src/services/mod.rs")
    why = {p.path: p.reason for p in proposal.placements}
    assert why["src/handlers/mod.rs"].startswith("module-tree parent of 7 module(s)")


def test_cut_costs_name_the_cross_domain_calls(proposal) -> None:
    cuts = {(c.first, c.second): c for c in proposal.crossings}
    sessions_users = cuts[("sessions", "users")]
    assert [(e.source, e.target, e.names) for e in sessions_users.edges] == [
        ("src/handlers/admin.rs", "src/services/sessions.rs", ("SessionService",)),
        ("src/handlers/sessions.rs", "src/services/users.rs", ("UserService",))]
    # `mod x;` items are where a file sits, not a call: never a crossing
    assert not any(e.source.endswith("mod.rs") for c in proposal.crossings for e in c.edges)


def test_use_edges_weigh_the_members_called(analysis) -> None:
    weight = {(e.source, e.target): e.weight for e in analysis.imports if e.kind == "use"}
    # UserService plus list, get, create, update, delete called on it
    assert weight[("src/handlers/users.rs", "src/services/users.rs")] == 6
    assert weight[("src/handlers/admin.rs", "src/services/users.rs")] == 3


def test_split_parents_only_when_children_part_ways() -> None:
    tree = {"a/mod.rs": ("a/x.rs", "a/y.rs"), "b/mod.rs": ("b/x.rs", "b/y.rs")}
    groups = [frozenset({"a/mod.rs", "a/x.rs", "b/mod.rs", "b/x.rs", "b/y.rs"}),
              frozenset({"a/y.rs"})]
    assert split_parents(tree, groups) == {"a/mod.rs"}


def test_a_generic_path_still_gets_a_word_of_its_own() -> None:
    assert name_services([["src/services/mod.rs"], ["src/users.rs"]], {}) == [
        "services", "users"]


def _crate(root: Path, files: dict[str, str]) -> Path:
    (root / "Cargo.toml").write_text('[package]\nname = "demo"\nversion = "0.1.0"\n')
    for name, code in files.items():
        (root / "src" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "src" / name).write_text(code)
    return root


def test_macros_tie_invokers_to_the_file_that_defines_them(tmp_path: Path) -> None:
    root = _crate(tmp_path, {
        "main.rs": "#[macro_use]\nmod log;\nmod jobs;\nfn main() { info!(\"up\"); }\n",
        "log.rs": "macro_rules! info { ($($a:tt)*) => { println!($($a)*) }; }\n",
        "jobs.rs": "pub fn run() { tokio::select! { _ = f() => { info!(\"x\"); } } "
                   "println!(\"y\"); }\n",
    })
    edges = {(e.source, e.target, e.names) for e in analyze([root], Options(use_cache=False))
             .imports if e.kind == "macro"}
    # `info!` nested in `select!` counts; std's `println!` defined nowhere in the crate does not
    assert edges == {("src/main.rs", "src/log.rs", ("info",)),
                     ("src/jobs.rs", "src/log.rs", ("info",))}


def test_domain_service_called_by_neighbours_is_not_library(tmp_path: Path) -> None:
    """billing.rs is used hardest by pay.rs (5 names) and a little by two others (2 each): it
    is a service's module, and the other calls are crossings; fan-in alone would share it."""
    handler = ("use crate::{billing::Billing, errors::Error};\n"
               "pub fn {n}(b: &Billing) -> Result<(), Error> {{ {calls} Ok(()) }}\n")
    root = _crate(tmp_path, {
        "main.rs": "mod errors;\nmod billing;\nmod pay;\nmod orders;\nmod users;\nfn main() {}\n",
        "errors.rs": "pub struct Error;\n",
        "billing.rs": ("use crate::errors::Error;\npub struct Billing;\nimpl Billing {\n"
                       + "".join(f"    pub fn {m}(&self) {{}}\n" for m in
                                 ("charge", "refund", "invoice", "total"))
                       + "}\n"),
        "pay.rs": handler.replace("{n}", "pay").replace(
            "{calls}", "b.charge(); b.refund(); b.invoice(); b.total();"),
        "orders.rs": handler.replace("{n}", "order").replace("{calls}", "b.total();"),
        "users.rs": handler.replace("{n}", "user").replace("{calls}", "b.invoice();"),
    })
    proposal = propose(analyze([root], Options(use_cache=False)), BoundaryOptions(history=False))
    assert "src/billing.rs" not in proposal.shared.modules
    assert "src/errors.rs" in proposal.shared.modules
    crossing = {(e.source, e.target) for c in proposal.crossings for e in c.edges}
    assert ("src/orders.rs", "src/billing.rs") in crossing


@pytest.mark.slow
def test_emitted_contracts_are_enforced_by_the_gate(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from nova_refactor.cli.app import app

    crate = tmp_path / "crate"
    shutil.copytree(EXAMPLE, crate, ignore=shutil.ignore_patterns("target"))
    runner = CliRunner()
    made = runner.invoke(app, ["boundaries", str(crate), "--no-cache", "--no-cochange",
                               "--emit-contracts", str(crate / "contracts.toml"), "-f", "json"])
    assert made.exit_code == 0, made.output
    report = tmp_path / "check.json"
    checked = runner.invoke(app, ["check", str(crate), "--no-cache", "-f", "json",
                                  "-o", str(report)])
    assert checked.exit_code == 1, checked.output  # the proposal's crossings break the rule
    found = {f["subject"] for f in json.loads(report.read_text())["findings"]
             if f["rule"] == "boundaries"}
    assert found == {
        "src/handlers/admin.rs->src/handlers/streams.rs",
        "src/handlers/admin.rs->src/services/sessions.rs",
        "src/handlers/sessions.rs->src/services/users.rs",
        "src/handlers/streams.rs->src/handlers/auth.rs",
        "src/handlers/users.rs->src/services/streams.rs",
        "src/jobs.rs->src/services/sessions.rs",
    }


def test_handler_paths_follow_use_aliases_and_module_paths() -> None:
    use = ImportFacts("crate::api", 0, ("streams",), 3, asnames=("events",), kind="use")
    files = [FileFacts("src/main.rs", "rust", "", 0, imports=(use,)),
             FileFacts("src/api/mod.rs", "rust", "", 0),
             FileFacts("src/api/streams.rs", "rust", "", 0),
             FileFacts("src/api/users/mod.rs", "rust", "", 0)]
    edge = ImportEdge("src/main.rs", "src/api/streams.rs", ("streams",), "use", 3, 1)
    found = HandlerFiles(files, [edge])
    assert found.file_of("src/main.rs", "events::publish") == "src/api/streams.rs"
    assert found.file_of("src/main.rs", "api::users::list") == "src/api/users/mod.rs"
    assert found.file_of("src/main.rs", "crate::api::streams::publish") is None  # no edge
    assert found.file_of("src/main.rs", "publish") is None
    assert found.file_of("src/main.rs", "nowhere::publish") is None


def test_a_bare_handler_name_follows_its_use_leaf() -> None:
    # Lemmy: `use lemmy_api::{comment::{like::like_comment}}`, then `post().to(like_comment)`
    use = ImportFacts("lemmy_api::comment::like", 0, ("like_comment",), 2, kind="use")
    files = [FileFacts("crates/routes/src/lib.rs", "rust", "", 0, imports=(use,)),
             FileFacts("crates/api/src/comment/like.rs", "rust", "", 0)]
    edge = ImportEdge("crates/routes/src/lib.rs", "crates/api/src/comment/like.rs",
                      ("like_comment",), "use", 2, 1)
    found = HandlerFiles(files, [edge])
    assert found.file_of("crates/routes/src/lib.rs", "like_comment") == \
        "crates/api/src/comment/like.rs"
    assert found.file_of("crates/routes/src/lib.rs", "health") is None  # its own function


ROUTE_TABLE = ROOT / "tests" / "data" / "rust" / "route_table"


def test_routes_of_a_route_table_go_with_their_handlers_files() -> None:
    """Lemmy's shape: the crate holding the route table is (part of) one service; each route
    goes where its handler is defined, for ownership and for the words that name services."""
    from nova_refactor.analysis.boundaries.facts import domain_evidence
    from nova_refactor.analysis.boundaries.route_owners import RouteOwners

    analysis = analyze([ROUTE_TABLE], Options(use_cache=False))
    table = "crates/api-routes/src/lib.rs"
    comments = frozenset({"crates/api/src/comment/like.rs", "crates/api/src/comment/save.rs",
                          table})
    posts = frozenset({"crates/api/src/post/create.rs"})
    group_of = {m: "comments" for m in comments} | {m: "posts" for m in posts}
    owners = RouteOwners(analysis, group_of, ["comments", "posts"])
    found = {r.path: owners.owner(r) for r in analysis.routes}
    assert found["/api/v4/post"] == ("posts", "handler defined in crates/api/src/post/create.rs")
    assert found["/api/v4/comment/like"] == (
        "comments", "handler defined in crates/api/src/comment/like.rs")
    assert found["/api/v4/health"] == ("comments", "handler in service")  # its own function
    evidence = domain_evidence(analysis, [comments, posts])
    assert evidence[0].routes == {"comment": 2, "health": 1}
    assert evidence[1].routes == {"post": 1}
