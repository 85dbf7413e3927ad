"""Types through the library crates a binary depends on by path (workspace members), the
issue's "resolve paths through ... workspace member crates": `shared_kit::db::connect(..)`
in `main.rs` has a type a new module can write."""

from __future__ import annotations

import shutil
from pathlib import Path

from nova_refactor.codemods.rust.crate_index import build_index
from nova_refactor.codemods.rust.infer import Inference
from nova_refactor.codemods.rust.members import path_dependencies
from nova_refactor.codemods.rust.planner import type_bindings
from nova_refactor.codemods.rust.statements import main_function, statements
from nova_refactor.frontends.rust.syntax import parse

WORKSPACE = Path(__file__).resolve().parents[1] / "data" / "rust" / "member_crates"


def _types(app: Path) -> dict[str, str]:
    index = build_index(app, "src/main.rs")
    main = main_function(parse((app / "src/main.rs").read_bytes()).root_node)
    found = type_bindings(statements(main, {}), Inference(index, index.scopes["src/main.rs"]))
    return {name: written for (_, name), written in found.items()}


def test_bindings_are_typed_through_a_workspace_member():
    assert _types(WORKSPACE / "app") == {
        "settings": "shared_kit::settings::Settings",  # `use shared_kit::settings::Settings`
        "pool": "shared_kit::db::Pool",  # a function of a `mod.rs` module
        # declared in the private module `limits`: written by its re-export, which another
        # crate can name
        "limits": "shared_kit::Limits",
    }


def test_a_dependency_path_out_of_the_workspace_is_not_read(tmp_path):
    workspace = tmp_path / "ws"
    shutil.copytree(WORKSPACE, workspace)
    outside = tmp_path / "outside"
    (outside / "src").mkdir(parents=True)
    (outside / "Cargo.toml").write_text('[package]\nname = "outside"\nversion = "0.1.0"\n')
    (outside / "src" / "lib.rs").write_text("pub fn secret() -> u8 { 1 }\n")
    manifest = workspace / "app" / "Cargo.toml"
    manifest.write_text(manifest.read_text() + 'outside = { path = "../../outside" }\n')
    names = [m.name for m in path_dependencies(workspace / "app")]
    assert names == ["shared_kit"]
    index = build_index(workspace / "app", "src/main.rs")
    assert not any("outside" in path for path in index.scopes)
    assert "outside::secret" not in index.functions


def test_without_the_member_nothing_is_guessed(tmp_path):
    workspace = tmp_path / "ws"
    shutil.copytree(WORKSPACE, workspace)
    shutil.rmtree(workspace / "libs")
    assert _types(workspace / "app") == {}  # unknown stays unknown: no placeholder type
