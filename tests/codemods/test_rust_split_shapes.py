"""Shapes of real `main` functions the Rust split must read: types the index cannot find in
the crate (`.to_string()` on an untyped chain, tokio's `TcpListener::bind`), and the counts the
split is checked with (rustfmt's layout of a middleware call, a second shutdown stretch)."""

from __future__ import annotations

from pathlib import Path

from nova_refactor.codemods.rust import verify
from nova_refactor.codemods.rust.crate_index import CrateIndex, Scope
from nova_refactor.codemods.rust.infer import Inference
from nova_refactor.codemods.rust.types import FUTURE
from nova_refactor.frontends.rust.syntax import parse, walk


def _let_types(source: str, imports: dict[str, str] | None = None) -> dict[str, str]:
    scope = Scope("crate", imports=imports or {})
    inference = Inference(CrateIndex(), scope)
    env: dict[str, str] = {}
    for node in walk(parse(source.encode()).root_node):
        if node.type == "let_declaration":
            env.update(inference.binding(node, env))
    return env


def test_to_string_is_a_string_whatever_the_receiver() -> None:
    found = _let_types("fn main() { let args: Vec<String> = vec![];\n"
                       "let command = args.get(1).map(String::as_str).unwrap_or(\"serve\")"
                       ".to_string(); }")
    assert found["command"] == "String"


def test_tokio_listener_bind_is_awaited_then_unwrapped() -> None:
    found = _let_types("async fn main() -> std::io::Result<()> {\n"
                       "let listener = TcpListener::bind(&addr).await?;\n"
                       "let pending = TcpListener::bind(&addr);\n Ok(()) }",
                       {"TcpListener": "tokio::net::TcpListener"})
    assert found["listener"] == "tokio::net::TcpListener"
    # not awaited: marked as a future (the planner never writes one down as a type)
    assert found["pending"].startswith(FUTURE)


def test_middleware_is_compared_without_rustfmt_layout() -> None:
    one_line = 'TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, config.timeout)'
    broken = 'TimeoutLayer::with_status_code(\n    StatusCode::REQUEST_TIMEOUT,\n' \
             '    config.timeout,\n)'
    assert verify._layout_free(one_line) == verify._layout_free(broken)
    assert verify._layout_free('f(a, b)') != verify._layout_free('f(a, c)')


def test_a_second_shutdown_stretch_counts_its_statements(tmp_path: Path) -> None:
    (tmp_path / "main.rs").write_text(
        "async fn main() {\n"
        "    background::stop(&stop_tx).await;\n"
        "    drain(server).await;\n"
        "    background::stop_2(ranker, janitor).await;\n"
        "}\n")
    functions = (
        "pub(crate) async fn stop(tx: &Tx) { ctrl_c().await; log(); tx.send(true); }\n"
        "pub(crate) async fn stop_2(a: H, b: H) { let x = a.await; let y = b.await; log(x, y); }\n")
    (tmp_path / "background.rs").write_text(functions)

    class Segment:
        kind, start_line, end_line = "shutdown", 2, 4

    # a hand-written `background::stop` is one step: only the split's own module is opened
    assert verify._shutdown_steps(tmp_path / "main.rs", [Segment()]) == 3
    (tmp_path / "background.rs").write_text(
        "//! Background work.\n//!\n//! Extracted from `fn main` in main.rs by "
        "`nova-refactor apply split-entrypoint`.\n\n" + functions)
    assert verify._shutdown_steps(tmp_path / "main.rs", [Segment()]) == 3 + 1 + 3


SELECT_MAIN = """
use axum::Router;
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let worker = tokio::spawn(jobs::run(stop_rx));
    let app = Router::new().route("/health", axum::routing::get(health));
    let listener = TcpListener::bind("127.0.0.1:8080").await?;
    let server = axum::serve(listener, app).into_future();
    tokio::select! {
        result = server => { result?; }
        _ = tokio::signal::ctrl_c() => { eprintln!("shutdown requested"); }
    }
    let _ = stop_tx.send(true);
    let jobs_done = worker.await.unwrap_or(0);
    eprintln!("{jobs_done} jobs");
    Ok(())
}
"""


def _kinds(tmp_path: Path, main: str) -> list[tuple[str, int]]:
    from nova_refactor.analysis.run.pipeline import Options, analyze

    (tmp_path / "src").mkdir()
    (tmp_path / "Cargo.toml").write_text('[package]\nname = "s"\nversion = "0.1.0"\n'
                                         'edition = "2021"\n')
    (tmp_path / "src/main.rs").write_text(main)
    (entry,) = analyze([tmp_path], Options(use_cache=False, jobs=1)).entrypoints
    return [(s.kind, s.start_line) for s in entry.segments]


def test_a_select_on_the_server_ends_it_and_what_follows_is_shutdown(tmp_path: Path) -> None:
    kinds = _kinds(tmp_path, SELECT_MAIN)
    assert ("shutdown", 16) in kinds  # `stop_tx.send(true)` after the select!
    assert [k for k, line in kinds if line > 16] in ([], ["shutdown"])


def test_awaiting_the_listener_is_not_awaiting_the_server(tmp_path: Path) -> None:
    main = SELECT_MAIN.replace("tokio::select! {", "let _unused = 1; tokio::select! {")
    kinds = _kinds(tmp_path, main.replace("let server = axum::serve(listener, app)"
                                          ".into_future();", ""))
    # `TcpListener::bind(..).await` (line 10) is the server's set-up, not its end
    assert not any(k == "shutdown" and line <= 12 for k, line in kinds)


def test_an_unused_trait_import_without_a_suggestion_is_still_removed(tmp_path: Path) -> None:
    from nova_refactor.codemods.rust.cargo import leaf_removal
    from nova_refactor.codemods.rust.compiler import apply_removals

    source = b"use std::io::{Read, Write};\nuse std::fmt::Debug;\nuse std::io::{Seek};\n"
    path = tmp_path / "a.rs"
    path.write_bytes(source)

    def without(word: bytes) -> bytes:
        start = source.index(word)
        return apply_removals(source, list(leaf_removal(str(path), start, start + len(word))))

    assert without(b"Write").startswith(b"use std::io::{Read};\n")
    assert without(b"Read").startswith(b"use std::io::{Write};\n")
    assert b"Debug" not in without(b"Debug") and without(b"Debug").count(b"\n") == 2
    assert without(b"Seek") == source  # a lone `{Seek}`: left for a person


def test_overlapping_removals_keep_the_first() -> None:
    from nova_refactor.codemods.rust.compiler import _disjoint

    # rustc's edit for `Read` in `use std::io::{Read, Write};` and ours for `Write`
    assert _disjoint([(13, 14, ""), (14, 20, ""), (18, 25, ""), (25, 26, "")]) == \
        [(13, 14, ""), (14, 20, ""), (25, 26, "")]
