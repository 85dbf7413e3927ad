"""main.rs long because of its items, not `fn main` (Nova's search-service: 692 lines, `fn
main` 60 of them): after the split of `fn main`, the handlers, their types, the router
builder and the other helpers move to modules by role, and the crate still compiles and
passes its own tests (`tests/data/codemods/rust_axum_items`, on axum 0.8 like
examples/rust_axum, so the suite's shared target dir has its dependencies)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nova_refactor.codemods import runner
from nova_refactor.codemods.rust import compiler
from tests.cargo_helpers import cargo, cargo_env
from tests.helpers import propose

CASE = Path(__file__).resolve().parents[1] / "data" / "codemods" / "rust_axum_items"


def _copy(tmp_path: Path) -> Path:
    crate = tmp_path / "catalog-service"
    shutil.copytree(CASE, crate, ignore=shutil.ignore_patterns("target"))
    return crate


def test_items_move_by_role_and_main_keeps_what_it_needs(tmp_path) -> None:
    crate = _copy(tmp_path)
    proposal = propose("split-entrypoint", crate)
    texts = {c.path: c.after.decode() for c in proposal.changeset.changes}
    main = texts["src/main.rs"]
    assert main.count("\n") < 100
    assert "async fn health(" in texts["src/handlers.rs"]
    assert "fn build_router() -> Router<AppState>" in texts["src/routes.rs"]
    models = texts["src/models.rs"]
    # a type and what only its attributes name (`#[serde(default = "default_limit")]`)
    assert "pub(crate) struct PageParams" in models and "fn default_limit()" in models
    assert "pub(crate) from: u64," in models and "pub(crate) struct ItemView(pub(crate) u64" \
        in models
    assert "pub(crate) fn uptime_secs(&self)" in models  # an inherent method: read elsewhere
    assert "fn into_response(self)" in models and "pub(crate) fn into_response" not in models
    # the section banner goes with the first item of its section
    assert "// Handlers" in texts["src/handlers.rs"] and "// Handlers" not in main
    # store.rs names `crate::AppError`: still reachable; the macro, the tests module stay
    assert "pub(crate) use models::" in main and "AppError" in main
    assert "macro_rules! say" in main and "mod tests {" in main
    assert main.index("macro_rules! say") < main.index("mod handlers;")  # say! reaches them
    assert "use crate::models::AppState;" in texts["src/handlers.rs"]
    assert any("items of src/main.rs moved" in note for note in proposal.plan.notes)
    # moving the items is enough: the 8-line `fn main` stays whole, no app_state.rs for it
    assert "src/app_state.rs" not in texts
    assert any(note.startswith("`fn main` stays whole") for note in proposal.plan.notes)
    assert "let app = build_router().with_state(state);" in main


def test_a_short_main_rs_keeps_its_items(tmp_path) -> None:
    crate = _copy(tmp_path)
    main = crate / "src/main.rs"
    source = main.read_text()
    start = source.index("// ============================================\n// Request/")
    end = source.index("#[tokio::main]")
    # without the models, handlers and router main.rs is short: nothing but main is split
    main.write_text(source[:start] + source[end:].split("#[cfg(test)]")[0])
    proposal = propose("split-entrypoint", crate)
    assert "src/models.rs" not in {c.path for c in proposal.changeset.changes}


@pytest.mark.slow
def test_the_split_compiles_and_the_crates_tests_pass(tmp_path, monkeypatch,
                                                     rust_examples) -> None:
    for key, value in cargo_env().items():
        monkeypatch.setenv(key, value)
    crate = _copy(tmp_path)
    proposal = propose("split-entrypoint", crate)
    outcome = runner.write(proposal)
    assert outcome.compiled == "compiled: yes"
    assert outcome.checks[0] == "route inventory identical (4 routes, middleware included)"
    done = cargo(["test", "--offline", "--quiet"], crate)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "test result: ok. 1 passed" in done.stdout


def test_imports_in_a_file_with_test_code_are_not_pruned(tmp_path) -> None:
    plain, tested = tmp_path / "a.rs", tmp_path / "b.rs"
    plain.write_text("use std::sync::Arc;\nfn main() {}\n")
    tested.write_text("use std::sync::Arc;\nfn main() {}\n#[cfg(test)]\nmod tests {\n"
                      "    use super::*;\n}\n")
    assert not compiler._has_test_code(str(plain))
    assert compiler._has_test_code(str(tested))
