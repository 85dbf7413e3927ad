"""lock-to-actor on Rust: the planner (a pure function of the project and one lock owner) on
the bundled examples and on small crates written here for each refusal, and the write path on
a copy of examples/rust_axum compiled, tested and undone."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.codemods import runner
from nova_refactor.codemods.actor.rust_plan import plan_rust
from nova_refactor.codemods.registry import LockToActorOptions
from tests.cargo_helpers import cargo_env
from tests.helpers import propose

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def write(root: Path, owner: str, verify: str):
    """Through the codemod protocol, as `apply --write --verify` does."""
    proposal = propose("lock-to-actor", root, options=LockToActorOptions(lock=owner))
    return runner.write(proposal, verify=verify)


def plan(root: Path, owner: str):
    return plan_rust(root, analyze([root], Options(use_cache=False, jobs=1)), owner)


def texts(proposal) -> dict[str, str]:
    return {c.path: c.after.decode() for c in proposal.changeset.changes}


def test_axum_feed_index_becomes_an_actor():
    proposal = plan(EXAMPLES / "rust_axum", "AppState.feeds")
    assert proposal.refusals == ()
    assert {op.name for op in proposal.operations} == {
        "rebuilds", "timeline", "follow", "unfollow", "followers", "rebuild", "forget"}
    out = texts(proposal)
    assert {"src/patterns/mod.rs", "src/services/mod.rs", "src/services/feed_index/mod.rs",
            "src/services/feed_index/actor.rs", "src/services/feed_index/commands.rs"} <= set(out)
    assert all(c.created for c in proposal.changeset.changes if "/services/" in c.path)
    # the call sites keep their API, now awaited; the one in `select!` too
    assert "state.feeds.follow(body.follower, author).await" in out["src/handlers/follows.rs"]
    assert "feeds.rebuild(&latest, size).await;" in out["src/jobs.rs"]
    assert "fanout_feeds.forget(id).await;" in out["src/main.rs"]
    # built where the lock was built, in the tests' state too
    assert "FeedIndexHandle::spawn(FeedIndex::default())" in out["src/handlers/mod.rs"]
    assert "pub feeds: crate::services::feed_index::FeedIndexHandle," in out["src/state.rs"]
    # a borrowed slice travels owned; the let guard used twice stays one atomic command
    commands = out["src/services/feed_index/commands.rs"]
    assert "latest: <[Post] as ToOwned>::Owned," in commands
    assert "state.feeds.run::<Json<Value>, _>(move |feeds| {" in out["src/handlers/admin.rs"]
    assert "mod patterns;\nmod services;\n" in out["src/main.rs"]
    assert any("batched command (kept atomic)" in line for line in proposal.lines)


def test_stream_lock_held_across_the_database_write_becomes_an_awaiting_command():
    proposal = plan(EXAMPLES / "rust_monolith", "StreamService.state")
    assert proposal.refusals == ()
    streams = texts(proposal)["src/services/streams.rs"]
    # the rest of `publish` (the database write included) is one command the actor awaits:
    # atomic as under the lock; what it uses from `self` and the borrowed `&str` are owned
    assert "let pool = self.pool.clone();\n        let kind = kind.to_owned();" in streams
    assert ("self.state.run_async::<Result<StreamEvent, ServiceError>, _>(move |state| "
            "Box::pin(async move {") in streams
    assert "let mut conn = pool.get().await?;" in streams
    assert "self.state.run::<Vec<StreamEvent>, _>(move |state| {" in streams
    assert any("async: the actor awaits inside it" in line for line in proposal.lines)
    # every guard is batched: the summary says so, without an empty list of typed commands
    assert "- new src/services/stream_state/: batched commands" in proposal.lines


@pytest.mark.parametrize("owner", ["UserService.users", "SessionService.sessions"])
def test_a_std_map_is_not_declared_in_the_crate(owner):
    proposal = plan(EXAMPLES / "rust_monolith", owner)
    assert proposal.changeset.empty
    assert "is not declared in the crate" in proposal.refusals[0].reason
    assert proposal.refusals[0].site.startswith("src/services/")


def crate(tmp_path: Path, body: str) -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "Cargo.toml").write_text('[package]\nname = "c"\nversion = "0.1.0"\n'
                                         'edition = "2021"\n')
    (tmp_path / "src/main.rs").write_text(textwrap.dedent(body))
    return tmp_path


HEAD = """\
use std::sync::{Arc, Mutex};

pub struct Book { titles: Vec<String> }

impl Book {
    pub fn add(&mut self, title: &str) -> usize { self.titles.push(title.into()); 1 }
    pub fn first(&self) -> &String { &self.titles[0] }
}

pub struct Shelf { book: Arc<Mutex<Book>> }
"""


@pytest.mark.parametrize(("body", "line", "reason"), [
    ("impl Shelf { fn sync_add(&self) -> usize { self.book.lock().unwrap().add(\"a\") } }",
     12, "taken in non-async code (`sync_add`)"),
    ("impl Shelf { async fn first(&self) -> String { self.book.lock().unwrap().first().clone() } }",
     12, "`Book::first` returns a reference into the state"),
    ("impl Shelf { async fn leak(&self) -> std::sync::MutexGuard<'_, Book> { "
     "let g = self.book.lock().unwrap(); g } }", 12, "escapes its function"),
    ("impl Shelf { async fn pass(&self) { let g = self.book.lock().unwrap(); keep(g); } }\n"
     "fn keep<T>(_: T) {}", 12, "is handed on"),
    ("impl Shelf { async fn slow(&self) { { let mut g = self.book.lock().unwrap(); g.add(\"a\");"
     " tokio::task::yield_now().await; g.add(\"b\"); } self.done(); } fn done(&self) {} }",
     12, "held across an await"),
    ("impl Shelf { async fn early(&self) -> usize { { let mut g = self.book.lock().unwrap();"
     " if g.add(\"a\") > 1 { return 0; } g.add(\"b\"); } 1 } }", 12, "an early return"),
])
def test_refusals_name_reason_and_site(tmp_path, body, line, reason):
    proposal = plan(crate(tmp_path, HEAD + "\n" + body + "\nfn main() {}\n"), "Shelf.book")
    assert proposal.changeset.empty
    assert any(r.site == f"src/main.rs:{line}" and reason in r.reason
               for r in proposal.refusals), proposal.refusals


NOVA_SHAPE = """\
use std::sync::Arc;
use tokio::sync::Mutex;

pub struct StreamService { streams: Vec<u64> }

impl StreamService {
    pub async fn details(&mut self, id: u64) -> Result<u64, String> { Ok(id) }
}

pub struct HandlerState { pub stream_service: Arc<Mutex<StreamService>> }

pub async fn get_details(state: &HandlerState, id: u64) -> Result<String, String> {
    let mut service = state.stream_service.lock().await;
    let details = service.details(id).await.map_err(|e| e.to_uppercase())?;
    Ok(format!("{}", details))
}

fn main() {}
"""


def test_guard_used_for_one_call_becomes_that_call_only(tmp_path):
    """Nova's handler shape: the guard lives to the end of the function, but only the call
    touches the state; the `?` and the response stay outside the command."""
    proposal = plan(crate(tmp_path, NOVA_SHAPE), "HandlerState.stream_service")
    assert proposal.refusals == ()
    main = texts(proposal)["src/main.rs"]
    assert "let mut service = " not in main
    assert ("let details = state.stream_service.run_async(move |service| Box::pin(async move "
            "{ service.details(id).await })).await.map_err(|e| e.to_uppercase())?;") in main


def test_reentrant_state_method_is_refused(tmp_path):
    body = HEAD.replace("pub fn first(&self) -> &String { &self.titles[0] }",
                        "pub fn again(&self, shelf: &Shelf) -> usize "
                        "{ shelf.book.lock().unwrap().titles.len() }")
    proposal = plan(crate(tmp_path, body + "fn main() {}\n"), "Shelf.book")
    assert any("re-entrant: `Book::again`" in r.reason and r.site == "src/main.rs:7"
               for r in proposal.refusals), proposal.refusals


def test_unknown_owner_says_so(tmp_path):
    proposal = plan(crate(tmp_path, HEAD + "fn main() {}\n"), "Shelf.nothing")
    assert proposal.changeset.empty and "no field `Shelf.nothing`" in proposal.refusals[0].reason


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".nova-refactor" not in p.parts and "target" not in p.parts}


@pytest.mark.slow
def test_stream_conversion_clears_the_gate_lock_findings(tmp_path, monkeypatch, rust_examples):
    for key, value in cargo_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "user-service"
    shutil.copytree(EXAMPLES / "rust_monolith", root, ignore=shutil.ignore_patterns("target"))
    original = _tree(root)
    done = write(root, "StreamService.state", "cargo test --offline --quiet")
    assert done.compiled == "compiled: yes"
    assert done.verify_output.count("test result: ok") == 2
    after = analyze([root], Options(use_cache=False, jobs=1))
    owners = {s.owner for s in after.locks}
    assert "StreamService.state" not in owners and "UserService.users" in owners
    runner.undo(root)
    assert _tree(root) == original


@pytest.mark.slow
def test_axum_conversion_compiles_passes_its_tests_and_undoes(tmp_path, monkeypatch,
                                                               rust_examples):
    for key, value in cargo_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "feed-service"
    shutil.copytree(EXAMPLES / "rust_axum", root, ignore=shutil.ignore_patterns("target"))
    original = _tree(root)
    done = write(root, "AppState.feeds", "cargo test --offline --quiet")
    assert done.compiled == "compiled: yes"
    assert done.checks[0] == "route inventory identical (16 routes)"
    assert done.verify_output.count("test result: ok") == 2
    jobs = (root / "src/jobs.rs").read_text()
    assert "RwLock" not in jobs  # the import the lock needed went with it
    after = analyze([root], Options(use_cache=False, jobs=1))
    assert not [s for s in after.locks if s.owner == "AppState.feeds"]
    assert plan(root, "AppState.feeds").refusals  # converted: no lock field left
    runner.undo(root)
    assert _tree(root) == original
