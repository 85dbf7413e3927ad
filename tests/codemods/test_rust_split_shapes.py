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
    (tmp_path / "background.rs").write_text(
        "pub(crate) async fn stop(tx: &Tx) { ctrl_c().await; log(); tx.send(true); }\n"
        "pub(crate) async fn stop_2(a: H, b: H) { let x = a.await; let y = b.await; log(x, y); }\n")

    class Segment:
        kind, start_line, end_line = "shutdown", 2, 4

    assert verify._shutdown_steps(tmp_path / "main.rs", [Segment()]) == 3 + 1 + 3
