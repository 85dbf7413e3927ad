"""extract-common on a member of a Rust virtual workspace (tests/data/extract/rust_workspace,
shaped like Nova's backend/): the library becomes a new member, its manifest inherits from
the workspace what the member inherits, and (with cargo) the workspace compiles and its tests
pass after the write; undo restores every byte, Cargo.lock included."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from nova_refactor.codemods import registry, runner
from nova_refactor.codemods.extract.planner import plan_common, plan_service
from nova_refactor.codemods.extract.proposal_file import read_proposal
from nova_refactor.codemods.extract.rust import _lib_rs, used_crates
from nova_refactor.codemods.extract.rust_library import inside
from nova_refactor.codemods.extract.rust_service import service_crate
from nova_refactor.codemods.extract.rust_service_files import lib_rs
from nova_refactor.codemods.extract.rust_workspace import enclosing_workspace
from nova_refactor.codemods.extract.verify import CONTRACTS, boundary_findings
from nova_refactor.codemods.transaction import Transaction
from tests.cargo_helpers import cargo_env, has_cargo
from tests.helpers import propose

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "extract" / "rust_workspace"
SHARED = ["src/error.rs", "src/models/mod.rs", "src/models/line.rs"]


def _copy(tmp_path: Path) -> Path:
    workspace = tmp_path / "shop"
    shutil.copytree(FIXTURE, workspace, ignore=shutil.ignore_patterns("target"))
    return workspace


def _proposal(tmp_path: Path, shared: list[str]) -> Path:
    path = tmp_path / "proposal.json"
    path.write_text(json.dumps({"services": [{"name": "orders", "modules": ["src/orders.rs"]}],
                                "shared": {"modules": shared},
                                "entrypoints": ["src/lib.rs", "src/main.rs"]}))
    return path


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".nova-refactor" not in p.parts and "target" not in p.parts}


def test_the_member_is_found_in_its_workspace(tmp_path):
    workspace = _copy(tmp_path)
    found = enclosing_workspace(workspace / "shop-service")
    assert found is not None and (found.root, found.member) == (workspace, "shop-service")
    assert enclosing_workspace(workspace) is None  # the root itself is no member
    assert enclosing_workspace(FIXTURE.parents[2] / "data") is None


def test_the_library_is_a_new_member_that_inherits_from_the_workspace(tmp_path):
    workspace = _copy(tmp_path)
    plan = plan_common(workspace / "shop-service", read_proposal(_proposal(tmp_path, SHARED)))
    assert plan.refusals == ()
    assert Path(plan.changeset.root) == workspace  # journalled where every file is
    assert plan.compiled == ("libs/shop-common", "shop-service")
    after = {c.path: c.after.decode() for c in plan.changeset.changes if not c.removed}
    assert after["libs/shop-common/Cargo.toml"] == (
        '[package]\nname = "shop-common"\nversion.workspace = true\nedition.workspace = true\n'
        'license.workspace = true\npublish = false\n\n[dependencies]\n'
        'serde.workspace = true\nserde_json.workspace = true\nids = {path = "../ids"}\n')
    root = after["Cargo.toml"]  # tomlkit: the user's comment and layout stay
    assert root.startswith("# A virtual workspace shaped like Nova's")
    assert '    "libs/ids",\n    "libs/shop-common",\n]' in root
    member = after["shop-service/Cargo.toml"]
    assert '# from the workspace, in both spellings cargo accepts' in member
    assert 'shop-common = {path = "../libs/shop-common"}' in member
    assert after["shop-service/src/lib.rs"].startswith(
        "pub use shop_common::error;\npub use shop_common::models;\n")
    assert "pub mod line;" not in after["libs/shop-common/src/lib.rs"]  # models/mod.rs has it
    removed = sorted(c.path for c in plan.changeset.changes if c.removed)
    assert removed == sorted(f"shop-service/{path}" for path in SHARED)
    assert "move shop-service/src/error.rs -> libs/shop-common/src/error.rs " \
           "(crate::error -> shop_common::error)" in plan.lines


def test_a_moved_module_whose_child_file_stays_is_refused(tmp_path):
    workspace = _copy(tmp_path)
    plan = plan_common(workspace / "shop-service",
                       read_proposal(_proposal(tmp_path, ["src/error.rs", "src/models/mod.rs"])))
    assert tuple(s.render() for s in plan.refusals) == (
        "shop-service/src/models/mod.rs:1: declares `mod line;` (a file), but "
        "shop-service/src/models/line.rs is not in the shared library; add it to the "
        "proposal's shared modules, or leave shop-service/src/models/mod.rs out",)
    assert plan.changeset.empty


def test_the_library_declares_modules_whose_parents_stay_inline_at_any_depth():
    text = _lib_rs([("error",), ("metrics",), ("metrics", "cache"), ("services", "a", "b")])
    assert text.splitlines()[2:] == ["pub mod error;", "pub mod metrics;", "pub mod services {",
                                     "    pub mod a {", "        pub mod b;", "    }", "}"]


def test_a_dependency_is_a_crate_the_code_names_at_the_root_of_a_path():
    code = ("use actix_web::{error::ResponseError, http::StatusCode,\n    HttpResponse};\n"
            "#[macro_use]\nextern crate log;\n"
            "fn f() { tokio::spawn(async {}); let _ = actix_web::http::Method::GET; }\n")
    names = ["actix-web", "http", "log", "tokio", "redis"]
    assert used_crates(names, code) == ["actix-web", "log", "tokio"]  # Nova's lib had `http`


def test_a_member_of_a_workspace_whose_root_is_a_package_is_refused(tmp_path):
    workspace = _copy(tmp_path)
    manifest = workspace / "Cargo.toml"
    manifest.write_text('[package]\nname = "shop"\nversion = "0.1.0"\n\n'
                        + manifest.read_text())
    plan = plan_common(workspace / "shop-service", read_proposal(_proposal(tmp_path, SHARED)))
    assert [s.render() for s in plan.refusals] == [
        "Cargo.toml: the workspace root is also a package; extract-common takes a root package "
        "crate or a member of a virtual workspace (shop-service is neither)"]
    assert Path(plan.changeset.root) == workspace and plan.changeset.empty


def test_the_virtual_root_itself_is_refused_with_what_to_pass(tmp_path):
    workspace = _copy(tmp_path)
    plan = plan_common(workspace, read_proposal(_proposal(tmp_path, SHARED)))
    assert plan.refusals and "run `boundaries` and extract-common on the member" \
        in plan.refusals[0].render()


@pytest.mark.slow
def test_the_workspace_compiles_and_its_tests_pass_after_the_extraction(tmp_path, monkeypatch):
    if not has_cargo():
        pytest.skip("cargo is not installed (rustup's stable toolchain; see .ci/system-deps)")
    for key, value in cargo_env().items():
        monkeypatch.setenv(key, value)
    workspace = _copy(tmp_path)
    original = _tree(workspace)
    options = registry.ExtractOptions(proposal=_proposal(tmp_path, SHARED))

    proposal = propose("extract-common", workspace / "shop-service", options=options)
    assert proposal.refused == ()
    outcome = runner.write(proposal, verify="cargo test --offline --quiet --workspace")
    assert outcome.checks[0] == "compiled: yes (cargo check of the binary and of " \
                                "libs/shop-common)"
    assert "test result: ok. 2 passed" in outcome.verify_output  # the member's own tests
    assert "shop-common" in (workspace / "Cargo.lock").read_text()

    again = propose("extract-common", workspace / "shop-service", options=options)
    assert again.changeset.empty
    runner.undo(workspace)
    assert _tree(workspace) == original


# as `nova-refactor routes` lists them: latest and refund are attribute-macro handlers
ORDERS = {"name": "orders", "modules": ["src/orders.rs", "src/pricing.rs"],
          "routes": [{"method": "GET", "path": "/orders/{id}", "handler": "orders::show"},
                     {"method": "GET", "path": "/orders", "handler": "orders::latest"},
                     {"method": "POST", "path": "/orders/{id}/refund",
                      "handler": "orders::refund"}]}


def _service_proposal(tmp_path: Path) -> Path:
    path = tmp_path / "service-proposal.json"
    path.write_text(json.dumps({"services": [ORDERS], "shared": {"modules": SHARED},
                                "entrypoints": ["src/lib.rs", "src/main.rs"]}))
    return path


def _common_written(workspace: Path, proposal: Path) -> None:
    """extract-common written without cargo: the service plan reads the library's files."""
    plan = plan_common(workspace / "shop-service", read_proposal(proposal))
    with Transaction(plan.changeset, "extract-common"):
        pass


def test_the_service_is_a_new_member_of_the_workspace(tmp_path):
    workspace = _copy(tmp_path)
    proposal = _service_proposal(tmp_path)
    _common_written(workspace, proposal)
    plan = plan_service(workspace / "shop-service", read_proposal(proposal), "orders")
    assert plan.refusals == ()
    assert Path(plan.changeset.root) == workspace
    assert plan.compiled == ("services/orders-service", "shop-service")
    after = {c.path: c.after.decode() for c in plan.changeset.changes if not c.removed}
    assert after["services/orders-service/Cargo.toml"].startswith(
        '[package]\nname = "orders-service"\nversion.workspace = true\nedition.workspace = '
        'true\nlicense.workspace = true\npublish = false\n')
    assert after["services/orders-service/Cargo.toml"].endswith(
        '[dependencies]\nactix-web.workspace = true\nids = {path = "../../libs/ids"}\n'
        'shop-common = {path = "../../libs/shop-common"}\n')
    assert '    "libs/shop-common",\n    "services/orders-service",\n]' in after["Cargo.toml"]
    assert 'orders-service = {path = "../services/orders-service"}' \
        in after["shop-service/Cargo.toml"]
    assert "use shop_common::error::ShopError;" in \
        after["services/orders-service/src/orders.rs"]
    assert sorted(c.path for c in plan.changeset.changes if c.removed) == [
        "shop-service/src/orders.rs", "shop-service/src/pricing.rs"]
    assert "move shop-service/src/orders.rs -> services/orders-service/src/orders.rs " \
           "(crate::orders -> orders_service::orders)" in plan.lines
    assert after["contracts.toml"].splitlines()[5:] == [  # workspace-relative places
        'shared = ["libs/shop-common/src/error.rs", "libs/shop-common/src/models/line.rs", '
        '"libs/shop-common/src/models/mod.rs"]',
        'entrypoints = ["shop-service/src/lib.rs", "shop-service/src/main.rs"]', "",
        '[tool.nova-refactor.contracts.services."orders"]',
        'modules = ["services/orders-service/src/orders.rs", '
        '"services/orders-service/src/pricing.rs"]']


def test_the_gate_reads_the_member_contracts_at_the_workspace_root(tmp_path):
    """Written without cargo; the gate is run as a user would, on the workspace root, where
    contracts.toml is: it passes, and it sees the shared library importing the service."""
    workspace = _copy(tmp_path)
    proposal = _service_proposal(tmp_path)
    _common_written(workspace, proposal)
    plan = plan_service(workspace / "shop-service", read_proposal(proposal), "orders")
    with Transaction(plan.changeset, "extract-service"):
        pass
    contracts = workspace / CONTRACTS
    assert boundary_findings(workspace, contracts) == []
    error = workspace / "libs" / "shop-common" / "src" / "error.rs"
    error.write_text("use orders_service::pricing::total;\n" + error.read_text())
    found = boundary_findings(workspace, contracts)
    assert [(f["path"], f["line"], f["subject"]) for f in found] == [
        ("libs/shop-common/src/error.rs", 1,
         "libs/shop-common/src/error.rs->services/orders-service/src/pricing.rs")]


def test_a_service_before_the_shared_library_is_refused_at_the_member_path(tmp_path):
    workspace = _copy(tmp_path)
    plan = plan_service(workspace / "shop-service",
                        read_proposal(_service_proposal(tmp_path)), "orders")
    assert plan.refusals and plan.changeset.empty
    assert plan.refusals[0].render().startswith("shop-service/src/orders.rs:")
    assert "run extract-common first" in plan.refusals[0].render()


@pytest.mark.slow
def test_common_then_a_service_the_workspace_tests_pass_and_undo_restores(tmp_path,
                                                                          monkeypatch):
    if not has_cargo():
        pytest.skip("cargo is not installed (rustup's stable toolchain; see .ci/system-deps)")
    for key, value in cargo_env().items():
        monkeypatch.setenv(key, value)
    workspace = _copy(tmp_path)
    original = _tree(workspace)
    options = registry.ExtractOptions(proposal=_service_proposal(tmp_path))
    member = workspace / "shop-service"
    runner.write(propose("extract-common", member, options=options))
    service = registry.ExtractOptions(proposal=options.proposal, service="orders")
    proposal = propose("extract-service", member, options=service)
    assert proposal.refused == ()
    outcome = runner.write(proposal, verify="cargo test --offline --quiet --workspace")
    assert outcome.checks[0] == "compiled: yes (cargo check of the monolith and of " \
                                "services/orders-service)"
    assert any(c.startswith("contracts hold (gate rule boundaries)") for c in outcome.checks)
    assert outcome.verify_output.count("test result: ok.") >= 3
    assert "test result: ok. 2 passed" in outcome.verify_output  # the member's own tests
    # the service's route table: the macro handlers answer from their scope (GET /orders,
    # POST /orders/1/refund), the plain one beside them (GET /orders/1)
    assert "test result: ok. 1 passed" in outcome.verify_output
    assert "orders-service" in (workspace / "Cargo.lock").read_text()

    again = propose("extract-service", member, options=service)
    assert again.changeset.empty
    runner.undo(workspace)
    runner.undo(workspace)
    assert _tree(workspace) == original


def test_the_service_lib_declares_modules_whose_parents_stay_inline_at_any_depth():
    parts = [("db", "experiment_repo"), ("services", "experiments"),
             ("services", "experiments", "assignment"), ("services", "rec", "ab_testing")]
    text = lib_rs(service_crate("experiment"), parts, "")
    assert text.splitlines()[3:] == [
        "pub mod db {", "    pub mod experiment_repo;", "}", "pub mod services {",
        "    pub mod experiments;", "    pub mod rec {", "        pub mod ab_testing;", "    }",
        "}", "pub mod routes;"]  # experiments/mod.rs, moved too, declares `assignment`


def test_the_service_crate_keeps_the_monolith_crate_level_lint_levels(tmp_path):
    workspace = _copy(tmp_path)
    proposal = _service_proposal(tmp_path)
    _common_written(workspace, proposal)
    lib = workspace / "shop-service" / "src" / "lib.rs"
    lib.write_text("#![allow(dependency_on_unit_never_type_fallback)]\n" + lib.read_text())
    plan = plan_service(workspace / "shop-service", read_proposal(proposal), "orders")
    after = {c.path: c.after.decode() for c in plan.changeset.changes if not c.removed}
    assert after["services/orders-service/src/lib.rs"].startswith(
        "#![allow(dependency_on_unit_never_type_fallback)]\n//! The orders service")


def test_a_refusal_names_the_module_to_add_as_the_proposal_spells_it(tmp_path):
    """Re-rooted at the workspace, the refusal's place is the member's file, but the module to
    add to the proposal keeps the proposal's own path (Nova: "src/config/mod.rs")."""
    workspace = _copy(tmp_path)
    proposal = _service_proposal(tmp_path)
    data = json.loads(proposal.read_text())
    data["entrypoints"].append("src/registry/mod.rs")
    proposal.write_text(json.dumps(data))
    _common_written(workspace, proposal)
    src = workspace / "shop-service" / "src"
    (src / "registry").mkdir()
    (src / "registry" / "mod.rs").write_text("pub struct Shop;\n")
    (src / "lib.rs").write_text((src / "lib.rs").read_text() + "pub mod registry;\n")
    (src / "orders.rs").write_text((src / "orders.rs").read_text().replace(
        "use crate::pricing::total;", "use crate::pricing::total;\nuse crate::registry::Shop;"))
    plan = plan_service(workspace / "shop-service", read_proposal(proposal), "orders")
    assert [r.render().split("; a service")[0] for r in plan.refusals] == [
        "shop-service/src/orders.rs:8: the service uses crate::registry::Shop, which is in "
        "shop-service/src/registry/mod.rs, an entrypoint that stays in the monolith: add "
        '"src/registry/mod.rs" to the proposal\'s "shared" modules (then run extract-common) '
        'or service orders\'s "modules"']


def _common_again(tmp_path: Path) -> tuple[Path, Path]:
    """extract-common of error.rs and models/line.rs, then models/mod.rs added to the
    proposal's shared modules (Nova: config/video_config.rs, then config/mod.rs)."""
    workspace = _copy(tmp_path)
    _common_written(workspace, _proposal(tmp_path, ["src/error.rs", "src/models/line.rs"]))
    return workspace, _proposal(tmp_path, SHARED)


def test_a_second_extract_common_grows_the_library(tmp_path):
    workspace, proposal = _common_again(tmp_path)
    plan = plan_common(workspace / "shop-service", read_proposal(proposal))
    assert plan.refusals == ()
    after = {c.path: c.after.decode() for c in plan.changeset.changes if not c.removed}
    assert after["libs/shop-common/src/lib.rs"].splitlines()[2:] == [
        "pub mod error;", "pub mod models;"]  # was: pub mod models { pub mod line; }
    assert after["libs/shop-common/src/models/mod.rs"].startswith("pub mod line;\n")
    assert after["libs/shop-common/Cargo.toml"].endswith(  # models/mod.rs names `ids`
        "[dependencies]\nserde.workspace = true\nserde_json.workspace = true\n"
        'ids = {path = "../ids"}\n')
    assert "shop-service/Cargo.toml" not in after  # it depends on the library already
    assert after["shop-service/src/lib.rs"].count("pub use shop_common::models;") == 1
    assert [c.path for c in plan.changeset.changes if c.removed] == [
        "shop-service/src/models/mod.rs"]
    assert not any(c.conflict for c in plan.changeset.changes)  # rewritten, not created


def test_a_moved_parent_names_its_children_from_inside_the_library():
    text = ("pub use shop_common::models::line;\nuse shop_common::error::ShopError;\n"
            "pub(crate) use shop_common::models::line::Line;\n")
    assert inside(text, "shop_common", ("models",)) == (
        "pub mod line;\nuse crate::error::ShopError;\npub(crate) use crate::models::line::Line;\n")


@pytest.mark.slow
def test_the_grown_library_compiles_and_undo_restores_both_writes(tmp_path, monkeypatch):
    if not has_cargo():
        pytest.skip("cargo is not installed (rustup's stable toolchain; see .ci/system-deps)")
    for key, value in cargo_env().items():
        monkeypatch.setenv(key, value)
    workspace = _copy(tmp_path)
    original = _tree(workspace)
    member = workspace / "shop-service"
    first = _proposal(tmp_path, ["src/error.rs", "src/models/line.rs"])
    runner.write(propose("extract-common", member,
                         options=registry.ExtractOptions(proposal=first)))
    (tmp_path / "grown").mkdir()
    grown = registry.ExtractOptions(proposal=_proposal(tmp_path / "grown", SHARED))
    outcome = runner.write(propose("extract-common", member, options=grown),
                           verify="cargo test --offline --quiet --workspace")
    assert outcome.checks[0] == "compiled: yes (cargo check of the binary and of " \
                                "libs/shop-common)"
    assert "test result: ok. 2 passed" in outcome.verify_output
    assert propose("extract-common", member, options=grown).changeset.empty
    runner.undo(workspace)
    runner.undo(workspace)
    assert _tree(workspace) == original


def test_the_gate_sees_an_import_of_a_service_module_under_an_inline_parent(tmp_path):
    """The service's lib.rs declares `pub mod billing { pub mod tax; }`, as Nova's services'
    handlers/ and services/ are: the gate resolves `orders_service::billing::tax`."""
    workspace = _copy(tmp_path)
    src = workspace / "shop-service" / "src"
    (src / "billing").mkdir()
    (src / "billing" / "mod.rs").write_text("pub mod tax;\n")
    (src / "billing" / "tax.rs").write_text("pub fn rate() -> u64 {\n    0\n}\n")
    (src / "lib.rs").write_text((src / "lib.rs").read_text() + "pub mod billing;\n")
    path = _service_proposal(tmp_path)
    data = json.loads(path.read_text())
    data["services"][0]["modules"].append("src/billing/tax.rs")
    data["entrypoints"].append("src/billing/mod.rs")
    path.write_text(json.dumps(data))
    _common_written(workspace, path)
    plan = plan_service(workspace / "shop-service", read_proposal(path), "orders")
    assert plan.refusals == ()
    with Transaction(plan.changeset, "extract-service"):
        pass
    assert "pub mod billing {" in (workspace / "services/orders-service/src/lib.rs").read_text()
    error = workspace / "libs" / "shop-common" / "src" / "error.rs"
    error.write_text("use orders_service::billing::tax::rate;\n" + error.read_text())
    found = boundary_findings(workspace, workspace / CONTRACTS)
    assert [(f["path"], f["line"]) for f in found] == [("libs/shop-common/src/error.rs", 1)]


def test_a_service_crate_named_like_a_package_already_there_is_refused(tmp_path):
    """Nova's backend/ has an `auth-service` package of its own (not a member): a second one
    would leave `auth_service::` ambiguous (our gate resolved it to the old one)."""
    workspace = _copy(tmp_path)
    (workspace / "orders").mkdir()
    (workspace / "orders" / "Cargo.toml").write_text('[package]\nname = "orders-service"\n')
    proposal = _service_proposal(tmp_path)
    _common_written(workspace, proposal)
    plan = plan_service(workspace / "shop-service", read_proposal(proposal), "orders")
    assert [r.render() for r in plan.refusals] == [
        "orders/Cargo.toml: already a package named orders-service; a second one at "
        "services/orders-service would make `orders_service::` ambiguous: rename the service "
        "in the proposal"]
    assert plan.changeset.empty


def test_attribute_macro_handlers_are_registered_as_services_in_their_scope(tmp_path):
    """Nova's feed: `#[get("")] pub async fn get_feed` mounted by `web::scope("/feed")
    .service(handlers::get_feed)` under `/api/v1`. `web::get().to(get_feed)` does not compile
    (the macro makes get_feed a unit struct); the plain `show` under the same prefix goes in
    the same scope, which actix would otherwise match first and answer 404."""
    workspace = _copy(tmp_path)
    proposal = _service_proposal(tmp_path)
    _common_written(workspace, proposal)
    plan = plan_service(workspace / "shop-service", read_proposal(proposal), "orders")
    assert plan.refusals == ()
    routes = {c.path: c.after.decode() for c in plan.changeset.changes if not c.removed}[
        "services/orders-service/src/routes.rs"]
    assert routes.split("pub fn configure(cfg: &mut web::ServiceConfig) {\n")[1] == (
        "    cfg.service(\n"
        '        web::scope("/orders")\n'
        "            .service(crate::orders::latest)\n"
        "            .service(crate::orders::refund)\n"
        '            .route("/{id}", web::get().to(crate::orders::show)),\n'
        "    );\n}\n")


def test_extract_common_on_a_member_writes_the_contracts_at_the_workspace_root(tmp_path):
    """As extract-service does: workspace-relative places, read by the gate run on the root
    (clean), which then sees the shared library importing a service module."""
    workspace = _copy(tmp_path)
    proposal = _service_proposal(tmp_path)
    plan = plan_common(workspace / "shop-service", read_proposal(proposal))
    after = {c.path: c.after.decode() for c in plan.changeset.changes if not c.removed}
    assert after["contracts.toml"].splitlines()[5:] == [
        'shared = ["libs/shop-common/src/error.rs", "libs/shop-common/src/models/line.rs", '
        '"libs/shop-common/src/models/mod.rs"]',
        'entrypoints = ["shop-service/src/lib.rs", "shop-service/src/main.rs"]', "",
        '[tool.nova-refactor.contracts.services."orders"]',
        'modules = ["shop-service/src/orders.rs", "shop-service/src/pricing.rs"]']
    assert "shop-service/contracts.toml" not in after
    with Transaction(plan.changeset, "extract-common"):
        pass
    contracts = workspace / CONTRACTS
    assert boundary_findings(workspace, contracts) == []
    error = workspace / "libs" / "shop-common" / "src" / "error.rs"
    error.write_text("use shop_service::pricing::total;\n" + error.read_text())
    found = boundary_findings(workspace, contracts)
    assert [(f["path"], f["line"], f["subject"]) for f in found] == [
        ("libs/shop-common/src/error.rs", 1,
         "libs/shop-common/src/error.rs->shop-service/src/pricing.rs")]
    assert plan_common(workspace / "shop-service", read_proposal(proposal)).changeset.empty
