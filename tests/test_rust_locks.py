"""Shared locks in Rust: declarations, constructions, acquisitions, owners, hot paths and
guards held across `.await`, each against hand-checked snippets."""

from __future__ import annotations

from nova_refactor.analysis.lock_scope import without_test_locks
from nova_refactor.analysis.rust.hot import with_project_hot_paths
from nova_refactor.model import LockSite
from tests.helpers import rust_facts


def sites(code: str) -> list[LockSite]:
    return list(rust_facts(code).locks)


def brief(code: str) -> set[tuple[str, str, str, int, str]]:
    return {(s.owner, s.primitive, s.role, s.line, s.how) for s in sites(code)}


def test_std_arc_mutex_field_construction_and_acquisition() -> None:
    code = """\
        use std::sync::{Arc, Mutex};
        struct Svc { users: Arc<Mutex<Vec<u8>>> }
        impl Svc {
            fn new() -> Self { Svc { users: Arc::new(Mutex::new(Vec::new())) } }
            fn add(&self) { self.users.lock().unwrap().push(1); }
        }
    """
    assert brief(code) == {
        ("Svc.users", "Arc<Mutex>", "declaration", 2, "field"),
        ("Svc.users", "Arc<Mutex>", "construction", 4, "Mutex::new()"),
        ("Svc.users", "Arc<Mutex>", "acquisition", 5, ".lock()"),
    }


def test_families_aliases_and_imports() -> None:
    code = """\
        use tokio::sync::RwLock;
        use parking_lot::Mutex as PlMutex;
        type Shared<T> = std::sync::Arc<futures::lock::Mutex<T>>;
        struct A {
            a: RwLock<u8>,
            b: PlMutex<u8>,
            c: Shared<u8>,
            d: std::sync::Arc<tokio::sync::Mutex<u8>>,
            e: Vec<u8>,
        }
    """
    assert {(s.owner, s.primitive) for s in sites(code)} == {
        ("A.a", "tokio::sync::RwLock"),
        ("A.b", "parking_lot::Mutex"),
        ("A.c", "Arc<futures::lock::Mutex>"),
        ("A.d", "Arc<tokio::sync::Mutex>"),
    }


def test_static_locks() -> None:
    code = """\
        use std::sync::{LazyLock, Mutex, OnceLock, RwLock};
        static CACHE: LazyLock<Mutex<Vec<u8>>> = LazyLock::new(|| Mutex::new(Vec::new()));
        static CONF: OnceLock<RwLock<u8>> = OnceLock::new();
        lazy_static! {
            static ref REG: Mutex<u8> = Mutex::new(0);
        }
        fn touch() { CACHE.lock().unwrap().clear(); let _c = CONF.get().unwrap().read(); }
    """
    found = brief(code)
    assert ("CACHE", "Mutex", "construction", 2, "static LazyLock") in found
    assert ("CONF", "RwLock", "construction", 3, "static OnceLock") in found
    assert ("REG", "Mutex", "construction", 4, "lazy_static!") in found
    assert ("CACHE", "Mutex", "acquisition", 7, ".lock()") in found
    # one site per static: the `Mutex::new` inside the initialiser is not another lock
    assert sum(1 for s in sites(code) if s.role == "construction") == 3


def test_static_mut_is_a_mutable_global() -> None:
    from nova_refactor.analysis.run.summary import summarize

    facts = rust_facts("static mut COUNTER: u64 = 0;\nstatic LIMIT: u64 = 3;\n")
    assert [(s.owner, s.primitive, s.how) for s in facts.locks] == [
        ("COUNTER", "mutable global", "static mut"),
    ]
    summary = summarize([facts], [], facts.locks, [], 0, 10)
    assert (summary.shared_locks, summary.mutable_globals) == (0, 1)


def test_bindings_and_read_write_only_on_known_locks() -> None:
    code = """\
        use std::sync::{Arc, RwLock};
        fn f(file: std::fs::File) {
            let shared = Arc::new(RwLock::new(0));
            let _r = shared.read().unwrap();
            let _w = shared.write().unwrap();
            let _io = file.read();
            let _out = std::io::stdout().lock();
            let _m = other.lock();
        }
    """
    assert {(s.owner, s.role, s.how) for s in sites(code)} == {
        ("shared", "construction", "RwLock::new()"),
        ("shared", "acquisition", ".read()"),
        ("shared", "acquisition", ".write()"),
        ("other", "acquisition", ".lock()"),
    }


def test_owner_through_another_binding_field() -> None:
    code = """\
        use std::sync::Mutex;
        struct State { hits: Mutex<u64> }
        async fn handler(state: web::Data<State>) -> HttpResponse {
            *state.hits.lock().unwrap() += 1;
            HttpResponse::Ok().finish()
        }
    """
    (acquired,) = [s for s in sites(code) if s.role == "acquisition"]
    assert (acquired.owner, acquired.function, acquired.hot_path) == ("State.hits", "handler", True)


def test_hot_path_follows_calls_from_handlers() -> None:
    code = """\
        use std::sync::Mutex;
        struct Repo { rows: Mutex<Vec<u8>> }
        impl Repo {
            fn count(&self) -> usize { self.rows.lock().unwrap().len() }
            fn vacuum(&self) { self.rows.lock().unwrap().clear(); }
        }
        fn helper(r: &Repo) -> usize { r.count() }
        #[get("/n")]
        async fn n(repo: web::Data<Repo>) -> impl Responder { helper(&repo).to_string() }
        fn cron(r: &Repo) { r.vacuum() }
    """
    (facts,) = with_project_hot_paths([rust_facts(code)])
    hot = {s.function: s.hot_path for s in facts.locks if s.role == "acquisition"}
    assert hot == {"Repo::count": True, "Repo::vacuum": False}
    count = next(s for s in facts.locks if s.function == "Repo::count")
    assert count.via == ("src/lib.rs:n", "src/lib.rs:helper", "src/lib.rs:Repo::count")
    assert not count.by_name


HELD = """\
    use std::sync::Mutex;
    struct S { m: Mutex<u8>, t: tokio::sync::Mutex<u8> }
    impl S {
        async fn bound(&self) {
            let g = self.m.lock().unwrap();
            io().await;
        }
        async fn dropped(&self) {
            let g = self.m.lock().unwrap();
            drop(g);
            io().await;
        }
        async fn temporary(&self) {
            send(*self.m.lock().unwrap()).await;
        }
        async fn scoped(&self) {
            { let g = self.m.lock().unwrap(); }
            io().await;
        }
        async fn underscore(&self) {
            let _ = self.m.lock().unwrap();
            io().await;
        }
        async fn tokio_guard(&self) {
            let mut g = self.t.lock().await;
            *g += io().await;
        }
        async fn own_await_only(&self) {
            let v = *self.t.lock().await;
        }
    }
"""


def test_guards_held_across_await() -> None:
    held = {s.function.split("::")[-1]: s.held_across_await
            for s in sites(HELD) if s.role == "acquisition"}
    assert held == {
        "bound": True, "dropped": False, "temporary": True, "scoped": False,
        "underscore": False, "tokio_guard": True, "own_await_only": False,
    }
    tokio = next(s for s in sites(HELD) if s.function == "S::tokio_guard")
    assert (tokio.primitive, tokio.how) == ("tokio::sync::Mutex", ".lock().await")


def test_test_code_is_marked_and_left_out_by_analysis() -> None:
    code = """\
        use std::sync::Mutex;
        #[cfg(test)]
        mod tests {
            struct Mock { m: Mutex<u8> }
            #[test]
            fn t() { let m = Mutex::new(1); *m.lock().unwrap() += 1; }
        }
    """
    found = sites(code)
    assert len(found) == 3 and all(s.test for s in found)
    (kept,) = without_test_locks([rust_facts(code)], include_tests=False)
    assert kept.locks == ()
    (kept,) = without_test_locks([rust_facts(code)], include_tests=True)
    assert len(kept.locks) == 3


def test_hot_path_across_files(tmp_path) -> None:
    from nova_refactor.analysis.run.pipeline import Options, analyze

    src = tmp_path / "src"
    src.mkdir()
    (src / "main.rs").write_text("mod handlers;\nmod services;\nfn main() {}\n")
    (src / "handlers.rs").write_text(
        "use crate::services::Users;\n"
        "async fn list(state: web::Data<Users>) -> HttpResponse { state.all(); todo!() }\n"
    )
    (src / "services.rs").write_text(
        "use std::sync::Mutex;\npub struct Users { rows: Mutex<Vec<u8>> }\n"
        "impl Users {\n"
        "    pub fn all(&self) -> usize { self.rows.lock().unwrap().len() }\n"
        "    pub fn vacuum(&self) { self.rows.lock().unwrap().clear() }\n"
        "}\n"
    )
    analysis = analyze([tmp_path], Options(use_cache=False))
    hot = {s.function: s.hot_path for s in analysis.locks if s.role == "acquisition"}
    assert hot == {"Users::all": True, "Users::vacuum": False}
    assert analysis.summary.hot_path_acquisitions == 1
    (services,) = [f for f in analysis.files if f.path == "src/services.rs"]
    assert [s.hot_path for s in services.locks if s.role == "acquisition"] == [True, False]


def test_the_lock_hint_skips_only_files_without_lock_sites() -> None:
    """The byte pre-filter (`locks.LOCK_HINT`) never hides a site: each kind of site alone in
    a file is still found, and the finder itself finds nothing where the hint does not match."""
    from pathlib import Path

    from nova_refactor.frontends.rust.index import Index
    from nova_refactor.frontends.rust.locks import LOCK_HINT, _Finder
    from nova_refactor.frontends.rust.syntax import parse

    alone = {
        "fn f(q: &Q) { q.inner.lock().unwrap(); }": ".lock()",
        "fn f(q: &Q) { let g = q.m.try_lock(); }": ".try_lock()",
        "static mut COUNT: u32 = 0;": "static mut",
        "pub static  mut COUNT: u32 = 0;": "static mut",
        "use parking_lot::RwLock as L;\nstatic S: L<u8> = L::new(0);": "static",
        "fn f() { let m = tokio::sync::Mutex::new(1); }": "Mutex::new()",
    }
    for code, how in alone.items():
        assert LOCK_HINT.search(code.encode())
        assert any(s.how == how for s in sites(code)), code
    root = Path(__file__).resolve().parents[1] / "examples"
    for path in sorted(root.rglob("*.rs")):
        data = path.read_bytes()
        if not LOCK_HINT.search(data):
            finder = _Finder(Index(parse(data).root_node), path.name, (), [], set())
            assert finder.run() == [], path
