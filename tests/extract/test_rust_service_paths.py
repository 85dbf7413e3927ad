"""extract-service's reading of the moved files' paths, on shapes Nova's `user-service` has
(reports/extract-real.md, "extract-service with routes on Nova"), reproduced in the Rust
example: a top-level `use super::..` in a moved child, a grouped `use crate::a::{..}` whose
items have two owners, a name a parent `mod.rs` re-exports from a child, and the refusal of a
path that stays in the monolith, which says which one edit of the proposal lets it move."""

from __future__ import annotations

import shutil
from pathlib import Path

from nova_refactor.codemods.extract.moves import Moved
from nova_refactor.codemods.extract.proposal_file import read_proposal
from nova_refactor.codemods.extract.rust_paths import absolute_super, split_groups
from nova_refactor.codemods.extract.rust_service import plan_rust_service

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "rust_monolith"
PROPOSAL = ROOT / "tests" / "data" / "extract" / "rust_monolith.proposal.json"
SHARED = ["cache.rs", "db.rs", "errors.rs", "handlers/auth.rs", "models.rs",
          "services/metrics.rs", "services/sessions.rs"]


def _extracted_common(tmp_path: Path) -> Path:
    """The example with its shared modules where extract-common puts them (their text is
    irrelevant here: the planner only needs to find them there)."""
    crate = tmp_path / "user-service"
    shutil.copytree(EXAMPLE, crate, ignore=shutil.ignore_patterns("target"))
    for path in SHARED:
        target = crate / "libs" / "user-common" / "src" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(crate / "src" / path, target)
    return crate


def _edit(crate: Path, path: str, old: str, new: str) -> None:
    text = (crate / path).read_text()
    assert old in text
    (crate / path).write_text(text.replace(old, new, 1))


def _streams(crate: Path) -> Moved:
    proposal = read_proposal(PROPOSAL)
    return plan_rust_service(crate, proposal, proposal.service("streams"))


def test_a_top_level_use_super_is_written_from_the_crate_root() -> None:
    text = "use super::{OAuthError, OAuthProvider};\npub use super::super::db;\n" \
           "mod tests {\n    use super::*;\n}\n"
    assert absolute_super(text, ("services", "oauth", "apple")) == (
        "use crate::services::oauth::{OAuthError, OAuthProvider};\npub use crate::services::db;"
        "\nmod tests {\n    use super::*;\n}\n")  # a test module's `super` is its file
    assert absolute_super(text, ("main",)) == text  # a top-level module's parent is the root


def test_use_super_reaching_the_shared_library_is_pointed_at_it(tmp_path) -> None:
    crate = _extracted_common(tmp_path)
    _edit(crate, "src/services/streams.rs", "use crate::models::StreamEvent;",
          "use crate::models::StreamEvent;\nuse super::metrics::MetricsService;")
    planned = _streams(crate)
    assert planned.refusals == []
    moved = planned.texts["services/streams-service/src/services/streams.rs"]
    assert "\nuse user_common::services::metrics::MetricsService;\n" in moved


def test_use_super_reaching_another_service_is_refused_with_the_edit_to_make(tmp_path) -> None:
    crate = _extracted_common(tmp_path)
    _edit(crate, "src/services/streams.rs", "use crate::models::StreamEvent;",
          "use crate::models::StreamEvent;\nuse super::users::UserService;")
    assert [r.render() for r in _streams(crate).refusals] == [
        'src/services/streams.rs:8: the service uses crate::services::users::UserService, '
        'which is in src/services/users.rs of service users, an edge the proposal does not '
        'cut: move "src/services/users.rs" from service users to the proposal\'s "shared" '
        'modules (then run extract-common) or service streams\'s "modules"; a service crate '
        'may depend only on the shared library and on the services the proposal cuts edges to']


def test_a_grouped_use_is_split_per_owner_on_its_own_line(tmp_path) -> None:
    crate = _extracted_common(tmp_path)
    _edit(crate, "src/handlers/streams.rs",
          "use crate::services::metrics::MetricsService;\n"
          "use crate::services::streams::StreamService;\n",
          "use crate::services::{\n    metrics::MetricsService,\n    streams::StreamService,\n};\n"
          "use crate::jobs;\n")
    planned = _streams(crate)
    # the line after the group keeps its number (10 + 3): it is refused there
    assert [r.render().split(",")[0] for r in planned.refusals] == [
        "src/handlers/streams.rs:13: the service uses crate::jobs"]
    _edit(crate, "src/handlers/streams.rs", "use crate::jobs;\n", "")
    moved = _streams(crate).texts["services/streams-service/src/handlers/streams.rs"]
    assert "use user_common::services::metrics::MetricsService; " \
           "use crate::services::streams::StreamService;\n\n\n\n" in moved


def test_a_group_under_the_service_own_module_stays_whole() -> None:
    owners = {("services", "oauth"): ("oauth", "src/services/oauth/mod.rs")}
    text = "use crate::services::oauth::{a, b};\nuse crate::db::{self, x};\n"
    assert split_groups(text, owners, "oauth") == text


def test_a_name_reexported_by_a_parent_that_stays_is_the_child_s(tmp_path) -> None:
    crate = _extracted_common(tmp_path)
    _edit(crate, "src/services/mod.rs", "pub mod users;",
          "pub mod users;\n\npub use metrics::{MetricsService};")
    _edit(crate, "src/handlers/streams.rs", "use crate::services::metrics::MetricsService;",
          "use crate::services::MetricsService;")
    planned = _streams(crate)
    assert planned.refusals == []
    moved = planned.texts["services/streams-service/src/handlers/streams.rs"]
    assert "use user_common::services::metrics::MetricsService;" in moved


def test_a_name_the_entrypoint_defines_is_refused_with_its_file(tmp_path) -> None:
    crate = _extracted_common(tmp_path)
    _edit(crate, "src/services/mod.rs", "pub mod users;", "pub mod users;\n\npub struct Hub;")
    _edit(crate, "src/handlers/streams.rs", "use crate::models::NewEvent;",
          "use crate::models::NewEvent;\nuse crate::services::Hub;")
    assert [r.render() for r in _streams(crate).refusals] == [
        'src/handlers/streams.rs:9: the service uses crate::services::Hub, which is in '
        'src/services/mod.rs, an entrypoint that stays in the monolith: add '
        '"src/services/mod.rs" to the proposal\'s "shared" modules (then run extract-common) '
        'or service streams\'s "modules"; a service crate may depend only on the shared '
        'library and on the services the proposal cuts edges to']


def test_a_name_the_crate_root_reexports_is_the_module_s(tmp_path) -> None:
    crate = _extracted_common(tmp_path)
    _edit(crate, "src/main.rs", "mod services;", "mod services;\npub use errors::ServiceError;")
    _edit(crate, "src/handlers/streams.rs", "use crate::errors::ServiceError;",
          "use crate::ServiceError;")
    planned = _streams(crate)
    assert planned.refusals == []
    moved = planned.texts["services/streams-service/src/handlers/streams.rs"]
    assert "use user_common::errors::ServiceError;" in moved


def test_a_file_no_parent_declares_stays_and_is_reported(tmp_path) -> None:
    """Nova's services/mod.rs has `// pub mod clickhouse_feature_extractor;  // TODO`: the
    file was never compiled; declared in the service crate, it broke cargo check."""
    crate = _extracted_common(tmp_path)
    _edit(crate, "src/services/mod.rs", "pub mod streams;", "// pub mod streams;  // TODO")
    planned = _streams(crate)
    assert planned.refusals == []
    assert "services/streams-service/src/services/streams.rs" not in planned.texts
    assert "src/services/streams.rs: left where it is, not compiled in the crate " \
           "(src/services/mod.rs declares no `mod streams;`)" in planned.reported
    assert "pub mod services" not in planned.texts["services/streams-service/src/lib.rs"]


def test_a_module_file_in_no_group_is_named_in_the_refusal(tmp_path) -> None:
    """Nova's `crate::services::s3_service`: the file is in no group of the proposal; the
    refusal names it, not the parent `mod.rs` the path goes through."""
    crate = _extracted_common(tmp_path)
    (crate / "src/services/blobs.rs").write_text("pub struct Blobs;\n")
    _edit(crate, "src/services/mod.rs", "pub mod users;", "pub mod users;\npub mod blobs;")
    _edit(crate, "src/handlers/streams.rs", "use crate::models::NewEvent;",
          "use crate::models::NewEvent;\nuse crate::services::blobs::Blobs;")
    assert [r.render().split("; a service")[0] for r in _streams(crate).refusals] == [
        'src/handlers/streams.rs:9: the service uses crate::services::blobs::Blobs, which is '
        'in src/services/blobs.rs, in no group of the proposal: add "src/services/blobs.rs" to '
        'the proposal\'s "shared" modules (then run extract-common) or service streams\'s '
        '"modules"']


def test_a_handler_named_through_its_parent_is_the_child_s_free_function(tmp_path) -> None:
    """Nova: `handlers::create_video` (handlers/mod.rs: `pub use videos::*;`) while
    db/video_repo.rs, in the same service, has a `create_video` too; a method of the same
    name (indented, in an impl) is no handler."""
    crate = _extracted_common(tmp_path)
    proposal_path = tmp_path / "proposal.json"
    proposal_path.write_text(PROPOSAL.read_text().replace(
        '"stream_routes::publish_event"', '"handlers::publish_event"'))
    _edit(crate, "src/services/streams.rs", "pub(crate) struct StreamState {",
          "pub async fn publish_event() {}\n\npub(crate) struct StreamState {")
    _edit(crate, "src/services/streams.rs", "impl StreamService {",
          "impl StreamService {\n    pub async fn recent_events(&self) {}\n")
    proposal = read_proposal(proposal_path)
    planned = plan_rust_service(crate, proposal, proposal.service("streams"))
    assert planned.refusals == []
    routes = planned.texts["services/streams-service/src/routes.rs"]
    assert "web::post().to(crate::handlers::streams::publish_event)" in routes
    assert "web::get().to(crate::handlers::streams::recent_events)" in routes
