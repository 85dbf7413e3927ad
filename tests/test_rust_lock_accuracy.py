"""Rust lock inventory on the shapes real services have (issue #15): locks built in `main`
linked to the field they fill, calls resolved through receiver types, `via`, macro bodies,
test code left out. Each fixture reproduces a shape seen in a real crate, written by hand."""

from __future__ import annotations

import textwrap
from pathlib import Path

from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.model import Analysis, LockSite
from nova_refactor.planning.lock_phase import lock_phase
from tests.helpers import rust_facts


def crate(root: Path, files: dict[str, str]) -> Path:
    for name, code in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(code))
    return root


def run(root: Path, include_tests: bool = False) -> Analysis:
    return analyze([root], Options(use_cache=False, include_tests=include_tests))


def acquisitions(analysis: Analysis) -> dict[str, LockSite]:
    return {s.function: s for s in analysis.locks if s.role == "acquisition"}


MAIN_BUILT = {
    "src/main.rs": """\
        mod feed;
        mod streams;
        use std::sync::Arc;
        use tokio::sync::Mutex;
        use crate::feed::{FeedCache, FeedService};
        use crate::streams::{StreamService, StreamState};
        #[actix_web::main]
        async fn main() {
            let cache = Arc::new(Mutex::new(FeedCache::default()));
            let feed = FeedService::new(pool(), cache.clone());
            let streams = Arc::new(Mutex::new(StreamService::default()));
            let state = web::Data::new(StreamState { streams: streams.clone() });
        }
    """,
    "src/feed.rs": """\
        use std::sync::Arc;
        use tokio::sync::Mutex;
        pub struct FeedService { pool: Pool, cache: Arc<Mutex<FeedCache>> }
        impl FeedService {
            pub fn new(pool: Pool, cache: Arc<Mutex<FeedCache>>) -> Self { Self { pool, cache } }
            pub async fn get(&self) { self.cache.lock().await.len(); }
        }
    """,
    "src/streams.rs": """\
        use std::sync::Arc;
        use tokio::sync::Mutex;
        pub struct StreamState { pub streams: Arc<Mutex<StreamService>> }
        pub async fn list(state: web::Data<StreamState>) -> HttpResponse {
            state.streams.lock().await.all();
            HttpResponse::Ok().finish()
        }
    """,
}


def test_locks_built_in_main_are_one_entry_with_the_field_they_fill(tmp_path) -> None:
    analysis = run(crate(tmp_path, MAIN_BUILT))
    owners = {(s.owner, s.role, s.path) for s in analysis.locks}
    assert ("FeedService.cache", "construction", "src/main.rs") in owners
    assert ("StreamState.streams", "construction", "src/main.rs") in owners
    assert {s.owner for s in analysis.locks} == {"FeedService.cache", "StreamState.streams"}
    assert all(s.primitive == "Arc<tokio::sync::Mutex>" for s in analysis.locks)
    plans = {p.owner: p for p in lock_phase(analysis)}
    assert set(plans) == {"FeedService.cache", "StreamState.streams"}
    assert plans["StreamState.streams"].declared.startswith("src/main.rs")  # built there


def test_a_binding_handed_to_no_field_keeps_its_own_name(tmp_path) -> None:
    analysis = run(crate(tmp_path, {"src/main.rs": """\
        use std::sync::{Arc, Mutex};
        fn main() {
            let seen = Arc::new(Mutex::new(0));
            spawn_worker(seen.clone());
            *seen.lock().unwrap() += 1;
        }
    """}))
    assert {(s.owner, s.role) for s in analysis.locks} == {
        ("seen", "construction"), ("seen", "acquisition")}


SERVICES = {
    "src/main.rs": "mod handlers;\nmod cache;\nmod breaker;\nfn main() {}\n",
    "src/handlers.rs": """\
        use crate::cache::Cache;
        pub struct AppState { pub cache: Cache }
        pub async fn show(web::Data(state): web::Data<AppState>) -> HttpResponse {
            state.cache.get_state();
            HttpResponse::Ok().finish()
        }
        pub async fn by_name(req: HttpRequest) -> HttpResponse {
            let svc = lookup(&req);
            svc.invalidate_cache();
            HttpResponse::Ok().finish()
        }
    """,
    "src/cache.rs": """\
        use std::sync::Mutex;
        pub struct Cache { rows: Mutex<Vec<u8>> }
        impl Cache {
            pub fn get_state(&self) -> usize { self.rows.lock().unwrap().len() }
        }
    """,
    "src/breaker.rs": """\
        use std::sync::Mutex;
        pub struct Breaker { state: Mutex<u8> }
        impl Breaker {
            pub fn get_state(&self) -> u8 { *self.state.lock().unwrap() }
            pub fn invalidate_cache(&self) { *self.state.lock().unwrap() = 0; }
        }
    """,
}


def test_calls_follow_the_receivers_type_not_the_method_name(tmp_path) -> None:
    found = acquisitions(run(crate(tmp_path, SERVICES)))
    cache = found["Cache::get_state"]
    assert cache.hot_path and not cache.by_name
    assert cache.via == ("src/handlers.rs:show", "src/cache.rs:Cache::get_state")
    # another type's `get_state` is not reached by `state.cache.get_state()`
    breaker = found["Breaker::get_state"]
    assert not breaker.hot_path and breaker.via == ()


def test_an_unknown_receiver_falls_back_to_the_name_and_says_so(tmp_path) -> None:
    found = acquisitions(run(crate(tmp_path, SERVICES)))
    named = found["Breaker::invalidate_cache"]
    assert named.hot_path and named.by_name
    assert named.via == ("src/handlers.rs:by_name",
                         "src/breaker.rs:Breaker::invalidate_cache (by name)")


def test_receiver_types_from_parameters_lets_self_and_extractors() -> None:
    facts = rust_facts("""\
        struct Svc { repo: Arc<Repo> }
        impl Svc {
            fn a(&self, other: &Other) { self.repo.save(); other.run(); Self::helper(); }
            fn b(&self) { let r: Repo = make(); r.load(); let o = Other::new(); o.stop(); }
            fn c<T: Store>(&self, t: T) { t.put(); }
        }
        async fn h(State(app): State<AppState>, data: web::Data<Arc<Mutex<Svc>>>) {
            app.svc.go(); data.lock().await.a();
        }
        fn gen<T>(x: T) { x.go(); helpers::f(); }
    """)
    # the hot-path keys (typed); the others stay name-keyed for import weights and similarity
    calls = {c.caller: set(c.typed) for c in facts.calls}
    assert ".save" in {k for c in facts.calls for k in c.callees}
    assert {"@Svc.repo::save", "@Other::run", "Svc::helper"} <= calls["Svc::a"]
    assert {"@Repo::load", "Other::new", "@Other::stop"} <= calls["Svc::b"]
    assert ".put" in calls["Svc::c"]  # a generic parameter's type is not known
    assert {"@AppState.svc::go", "@Svc::a"} <= calls["h"]
    assert {".go", "fn:f"} <= calls["gen"]


def test_dyn_trait_fields_reach_the_impls_of_the_trait(tmp_path) -> None:
    found = acquisitions(run(crate(tmp_path, {
        "src/main.rs": "mod app;\nfn main() {}\n",
        "src/app.rs": """\
            use std::sync::{Arc, RwLock};
            pub trait Store { fn get(&self) -> u8; }
            pub struct Memory { map: RwLock<u8> }
            impl Store for Memory { fn get(&self) -> u8 { *self.map.read().unwrap() } }
            pub struct AppState { store: Arc<dyn Store> }
            pub async fn read(state: web::Data<AppState>) -> HttpResponse {
                state.store.get(); HttpResponse::Ok().finish()
            }
        """,
    })))
    site = found["<Memory as Store>::get"]
    assert site.hot_path and not site.by_name


def test_calls_and_locks_inside_join_and_select_count(tmp_path) -> None:
    found = acquisitions(run(crate(tmp_path, {
        "src/main.rs": "mod hub;\nfn main() {}\n",
        "src/hub.rs": """\
            use tokio::sync::Mutex;
            pub struct Hub { rooms: Mutex<Vec<u8>>, peers: Mutex<Vec<u8>> }
            impl Hub {
                pub async fn count(&self) -> usize { self.peers.lock().await.len() }
                pub async fn tick(&self) {
                    tokio::select! {
                        biased;
                        Some(v) = rx.recv() => { self.rooms.lock().await.push(v) },
                        else => {}
                    }
                }
            }
            pub async fn stats(hub: web::Data<Hub>) -> HttpResponse {
                let (n, _) = tokio::join!(hub.count(), other());
                HttpResponse::Ok().finish()
            }
        """,
    })))
    assert found["Hub::count"].hot_path  # reached only through `tokio::join!`
    assert found["Hub::count"].via == ("src/hub.rs:stats", "src/hub.rs:Hub::count")
    tick = found["Hub::tick"]
    assert (tick.owner, tick.line, tick.how) == ("Hub.rooms", 8, ".lock().await")


def test_calls_and_locks_inside_formatting_macro_arguments_count(tmp_path) -> None:
    found = acquisitions(run(crate(tmp_path, {
        "src/main.rs": "mod hub;\nfn main() {}\n",
        "src/hub.rs": """\
            use tokio::sync::Mutex;
            pub struct Hub { rooms: Mutex<Vec<u8>>, peers: Mutex<Vec<u8>> }
            impl Hub {
                pub async fn count(&self) -> usize { self.peers.lock().await.len() }
                pub async fn dump(&self) {
                    println!("rooms: {n}", n = self.rooms.lock().await.len());
                }
            }
            pub async fn stats(hub: web::Data<Hub>) -> HttpResponse {
                let body = format!("{} peers", hub.count().await);
                HttpResponse::Ok().body(body)
            }
        """,
    })))
    assert found["Hub::count"].hot_path  # reached only through `format!`'s argument
    assert found["Hub::count"].via == ("src/hub.rs:stats", "src/hub.rs:Hub::count")
    dump = found["Hub::dump"]
    assert (dump.owner, dump.line, dump.how) == ("Hub.rooms", 6, ".lock().await")


def test_tokio_spawn_blocks_are_the_enclosing_functions_calls() -> None:
    facts = rust_facts("""\
        use std::sync::{Arc, Mutex};
        struct Jobs { queue: Arc<Mutex<Vec<u8>>> }
        impl Jobs {
            fn start(&self) {
                let queue = self.queue.clone();
                tokio::spawn(async move { queue.lock().unwrap().clear(); drain(); });
            }
        }
    """)
    (site,) = [s for s in facts.locks if s.role == "acquisition"]
    assert site.function == "Jobs::start"
    assert "fn:drain" in facts.calls[0].callees


TESTED = {
    "src/main.rs": "mod svc;\nfn main() {}\n",
    "src/svc.rs": """\
        use std::sync::Mutex;
        pub struct Svc { rows: Mutex<u8> }
        #[cfg(test)]
        mod tests {
            struct Fake { hits: std::sync::Mutex<u8> }
            #[test]
            fn t() { let m = Mutex::new(1); *m.lock().unwrap() += 1; }
        }
    """,
    "tests/it.rs": """\
        use std::sync::{Arc, Mutex};
        struct MockServer { seen: Arc<Mutex<u8>> }
        async fn receiver(state: State<MockServer>) -> StatusCode { state.seen.lock(); todo!() }
    """,
    "benches/b.rs": "static M: std::sync::Mutex<u8> = std::sync::Mutex::new(0);\n",
    "examples/demo.rs": "struct Demo { m: std::sync::Mutex<u8> }\n",
}


def test_test_code_is_out_of_the_inventory_unless_asked_for(tmp_path) -> None:
    root = crate(tmp_path, TESTED)
    assert {s.owner for s in run(root).locks} == {"Svc.rows"}
    included = run(root, include_tests=True)
    assert run(root).summary.shared_locks == 0 < included.summary.shared_locks
    assert {s.owner for s in included.locks} == {
        "Svc.rows", "Fake.hits", "m", "MockServer.seen", "M", "Demo.m"}
    assert any(s.hot_path for s in included.locks if s.path == "tests/it.rs")


def test_python_test_files_locks_are_left_out(tmp_path) -> None:
    root = crate(tmp_path, {
        "app.py": "import threading\nLOCK = threading.Lock()\n",
        "tests/test_app.py": "import threading\nL = threading.Lock()\n",
        "conftest.py": "import threading\nC = threading.Lock()\n",
        "test_more.py": "import threading\nT = threading.Lock()\n",
    })
    assert {s.owner for s in run(root).locks} == {"LOCK"}
    assert {s.owner for s in run(root, include_tests=True).locks} == {"LOCK", "L", "C", "T"}


def test_include_tests_on_analyze_check_report_and_plan(tmp_path) -> None:
    from typer.testing import CliRunner

    from nova_refactor.cli import fastpath
    from nova_refactor.cli.app import app

    root = str(crate(tmp_path / "svc", TESTED))
    runner = CliRunner()

    def says_mock(*command: str) -> bool:
        with_tests = runner.invoke(app, [*command, "--include-tests"])
        without = runner.invoke(app, list(command))
        assert with_tests.exit_code in (0, 1) and without.exit_code in (0, 1), without.output
        return "MockServer" in with_tests.output and "MockServer" not in without.output

    assert says_mock("analyze", root, "--no-cache", "-f", "markdown")
    assert says_mock("check", root, "--no-cache", "-f", "json")
    out = tmp_path / "page.html"
    assert runner.invoke(app, ["report", root, "--no-cache", "--history", "0", "-o", str(out),
                               "--include-tests"]).exit_code == 0
    assert "MockServer.seen" in out.read_text()
    plan = tmp_path / "plan"
    assert runner.invoke(app, ["plan", root, "-o", str(plan), "--no-cochange", "--no-cache",
                               "--include-tests"]).exit_code == 0
    assert "MockServer.seen" in (plan / "PLAN.md").read_text()
    fast = tmp_path / "fast.json"  # the typer-free path of `analyze`
    assert fastpath.run(["analyze", root, "--no-cache", "-f", "json", "-o", str(fast),
                         "--include-tests"]) == 0
    assert "MockServer.seen" in fast.read_text()


def test_a_local_copy_of_a_lock_field_is_that_field() -> None:
    facts = rust_facts("""\
        use std::sync::{Arc, Mutex};
        pub struct Push { inner: Arc<Mutex<Client>> }
        impl Push {
            pub async fn send(&self) {
                let client = self.inner.clone();
                let other = Arc::clone(&self.inner);
                spawn_blocking(move || { client.lock().unwrap().send(); other.lock(); });
            }
        }
        fn build() -> AppState<Backend> {
            AppState::<Backend> { blacklist: std::sync::RwLock::new(Vec::new()) }
        }
    """)
    owners = {(s.owner, s.role) for s in facts.locks}
    assert owners == {("Push.inner", "declaration"), ("Push.inner", "acquisition"),
                      ("AppState.blacklist", "construction")}


def test_tuple_fields_traits_and_macro_made_impls(tmp_path) -> None:
    found = acquisitions(run(crate(tmp_path, {
        "src/main.rs": "mod app;\nfn main() {}\n",
        "src/app.rs": """\
            use std::sync::Mutex;
            pub struct Raw(pub Box<serde_json::value::RawValue>);
            pub struct Msg { payload: Raw }
            impl Msg { fn bytes(&self) { self.payload.0.get(); } }
            pub struct Store { rows: Mutex<u8> }
            impl Store { pub fn get(&self) -> u8 { *self.rows.lock().unwrap() } }
            pub trait Count { fn count(&self) -> u8 { self.total() } fn total(&self) -> u8; }
            pub struct Tally { n: Mutex<u8> }
            impl Count for Tally { fn total(&self) -> u8 { *self.n.lock().unwrap() } }
            #[enum_dispatch]
            pub enum Cache { Memory(Memo) }
            pub struct Memo { m: Mutex<u8> }
            impl Memo { pub fn fetch(&self) -> u8 { *self.m.lock().unwrap() } }
            pub async fn send(msg: web::Json<Msg>, t: web::Data<Tally>, c: web::Data<Cache>)
                -> HttpResponse {
                msg.bytes(); t.count(); c.fetch(); HttpResponse::Ok().finish()
            }
        """,
    })))
    # `self.payload.0` is a `RawValue` of serde_json: its `get` is not `Store::get`
    assert not found["Store::get"].hot_path
    # `t.count()`: the default method of a trait `Tally` implements, then its `total`
    tally = found["<Tally as Count>::total"]
    assert tally.hot_path and not tally.by_name
    # an impl made by a macro is not seen: `Cache::fetch` falls back to the name, marked
    memo = found["Memo::fetch"]
    assert memo.hot_path and memo.by_name
