"""Cargo workspaces: crates, module trees (`mod x;`, `x/mod.rs`, `#[path]`) and `use` edges."""

from __future__ import annotations

from pathlib import Path

from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.analysis.rust.modules import RustModules

WS = Path(__file__).parent / "data" / "rust" / "ws"


def test_import_edges_of_a_workspace() -> None:
    analysis = analyze([WS], Options(use_cache=False))
    edges = {(e.source, e.target, e.names, e.kind) for e in analysis.imports}
    core, api = "crates/core/src", "crates/api/src"
    assert edges == {
        (f"{api}/main.rs", f"{api}/handlers/mod.rs", ("handlers",), "mod"),
        (f"{api}/handlers/mod.rs", f"{api}/handlers/orders.rs", ("orders",), "mod"),
        # `pub use` re-exports are followed to the file that defines the item
        (f"{api}/main.rs", f"{core}/store/mod.rs", ("Store",), "use"),
        (f"{api}/main.rs", f"{core}/store/memory.rs", ("MemoryStore",), "use"),
        (f"{api}/handlers/orders.rs", f"{core}/models.rs", ("Order",), "use"),
        (f"{core}/lib.rs", f"{core}/models.rs", ("models",), "mod"),
        (f"{core}/lib.rs", f"{core}/store/mod.rs", ("store",), "mod"),
        (f"{core}/lib.rs", "legacy/compat.rs", ("compat",), "mod"),
        (f"{core}/lib.rs", f"{core}/models.rs", ("Order",), "re-export"),
        (f"{core}/store/mod.rs", f"{core}/store/memory.rs", ("memory",), "mod"),
        (f"{core}/store/mod.rs", f"{core}/store/memory.rs", ("MemoryStore",), "re-export"),
        (f"{core}/store/mod.rs", f"{core}/models.rs", ("Order",), "use"),
        (f"{core}/store/memory.rs", f"{core}/models.rs", ("Order",), "use"),
    }


def test_module_paths_and_crate_names() -> None:
    analysis = analyze([WS], Options(use_cache=False))
    modules = RustModules(analysis.files, WS)
    assert modules.crate_names == {"shop_api": "crates/api", "shop_core": "crates/core"}
    assert modules.module_path("crates/core/src/store/memory.rs") == "store::memory"
    assert modules.module_path("legacy/compat.rs") == "compat"
    found = modules.resolve("crates/core/src/store/memory.rs", "super::super::models::Order")
    assert found is not None and found.file == "crates/core/src/models.rs"
    assert modules.resolve("crates/core/src/lib.rs", "std::sync::Mutex") is None


def test_mixed_python_and_rust_tree_in_one_run(tmp_path: Path) -> None:
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "app.py").write_text("import threading\nLOCK = threading.Lock()\n")
    (tmp_path / "core" / "src").mkdir(parents=True)
    (tmp_path / "core" / "src" / "lib.rs").write_text(
        "mod db;\nuse std::sync::{Arc, Mutex};\npub fn pool() -> Arc<Mutex<u8>> "
        "{ Arc::new(Mutex::new(0)) }\n"
    )
    (tmp_path / "core" / "src" / "db.rs").write_text("pub fn connect() {}\n")
    (tmp_path / "core" / "target").mkdir()
    (tmp_path / "core" / "target" / "gen.rs").write_text("fn built() {}\n")
    analysis = analyze([tmp_path], Options(use_cache=False))
    assert {(f.path, f.language) for f in analysis.files} == {
        ("svc/app.py", "python"), ("core/src/lib.rs", "rust"), ("core/src/db.rs", "rust"),
    }
    assert {s.primitive for s in analysis.locks if s.role == "construction"} == {
        "threading.Lock", "Arc<Mutex>",
    }
    assert analysis.summary.shared_locks == 2
    assert {(e.source, e.target, e.kind) for e in analysis.imports} == {
        ("core/src/lib.rs", "core/src/db.rs", "mod"),
    }


def test_use_items_as_written_with_inline_modules_resolved_to_file_level() -> None:
    from tests.helpers import rust_facts

    facts = rust_facts("""
        use crate::a::{b::C, D as E, self};
        pub use super::f::*;
        mod web { use super::{Route, Scope}; mod deep { use super::super::X; } }
        #[path = "other/y.rs"]
        mod y;
    """)
    found = {(i.module, i.names, i.asnames, i.kind, i.alias) for i in facts.imports}
    assert found == {
        ("crate::a::b", ("C",), (), "use", ""),
        ("crate::a", ("D", "self"), ("E", ""), "use", ""),
        ("super::f", ("*",), (), "re-export", ""),
        ("self", ("Route", "Scope"), (), "use", ""),
        ("self", ("X",), (), "use", ""),
        ("y", (), (), "mod", "other/y.rs"),
    }
