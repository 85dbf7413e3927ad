"""Rust functions, qualified names and cyclomatic complexity, table-driven and hand-checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from nova_refactor.frontends.rust import analyze_rust
from tests.helpers import rust_complexities, rust_facts

DATA = Path(__file__).parent / "data" / "rust"

CASES = [
    ("fn f() {}", {"f": 1}),
    ("fn f(a: bool) { if a {} else if !a {} else {} }", {"f": 3}),
    ("fn f(o: Option<u8>) { if let Some(x) = o { let _ = x; } }", {"f": 2}),
    ("fn f(a: bool, b: bool) -> bool { a && b || !a }", {"f": 3}),
    ("fn f(x: u8) { match x { 1 => {}, 2 | 3 => {}, _ => {} } }", {"f": 3}),
    ("fn f(x: u8) { match x { n if n > 2 => {}, _ => {} } }", {"f": 3}),
    ("fn f(xs: &[u8]) { for _ in xs {} while false {} loop { break } }", {"f": 3}),
    ("fn f(mut o: Option<u8>) { while let Some(_) = o { o = None; } }", {"f": 2}),
    ("fn f() { let g = |x: bool| if x { 1 } else { 2 }; g(true); }", {"f": 2}),
    ("fn f() -> Result<u8, ()> { let x = g()?; Ok(x?) }", {"f": 1}),
    ("fn f() { fn inner(a: bool) { if a {} } }", {"f": 1, "f::inner": 2}),
    ("struct S; impl S { fn m(&self, a: bool) { if a {} } }", {"S::m": 2}),
    ("struct S<T>(T); impl<T> S<T> { fn m(&self) {} }", {"S::m": 1}),
    ("struct S; impl std::fmt::Display for S { fn fmt(&self) {} }",
     {"<S as std::fmt::Display>::fmt": 1}),
    ("trait T { fn decl(&self); fn default(&self) -> bool { true } }", {"T::default": 1}),
    ("mod m { pub fn f() {} }", {"m::f": 1}),
    ("fn f() { let v = json!({\"a\": x && y}); let w = vec![if a {1} else {2}]; }", {"f": 1}),
    ("macro_rules! m { ($e:expr) => { if $e { 1 } else { 0 } }; } fn f() {}", {"f": 1}),
    ("async fn f(a: Rx, b: Rx) { tokio::select! { _ = a => {}, _ = b => {}, } }", {"f": 2}),
    ("#[get(\"/x\")] async fn f() -> &'static str { if true { \"{\" } else { \"}\" } }",
     {"f": 2}),
]


@pytest.mark.parametrize(("code", "expected"), CASES)
def test_complexity(code: str, expected: dict[str, int]) -> None:
    assert rust_complexities(code) == expected


def test_question_mark_counts_only_when_asked() -> None:
    code = b"fn f() -> Result<u8, ()> { let x = g()?; Ok(x?) }"
    assert analyze_rust("a.rs", code, "0" * 64, count_try=True).functions[0].complexity == 3


def test_tricky_file_where_token_counters_go_wrong() -> None:
    """Every value hand-checked; lizard 1.17 misses `windows_path` and `quoted` (the raw string
    ending in a backslash swallows them), counts the `||` inside `json!`, and names the trait's
    body-less declaration `get` with the default method's body."""
    facts = analyze_rust("tricky.rs", (DATA / "tricky.rs").read_bytes(), "0" * 64)
    found = {(f.name, f.line, f.end_line, f.complexity) for f in facts.functions}
    assert found == {
        ("page", 4, 6, 1),
        ("first", 9, 14, 3),
        ("windows_path", 18, 21, 2),
        ("quoted", 24, 26, 2),
        ("pump", 30, 36, 3),
        ("body", 39, 43, 2),
        ("Repo::exists", 54, 59, 2),
        ("<Memory as Repo>::get", 68, 70, 3),
        ("Memory::new", 74, 81, 2),
        ("Memory::new::helper", 75, 78, 2),
    }
    assert facts.diagnostics == ()
    assert {c.name for c in facts.classes} == {"Repo", "Memory"}
    assert next(c for c in facts.classes if c.name == "Memory").bases == ("Repo",)


def test_function_flags() -> None:
    facts = rust_facts("""
        struct S;
        impl S { async fn m(&self) {} }
        async fn h(req: HttpRequest) -> HttpResponse { todo!() }
        fn plain() {}
    """)
    flags = {f.name: (f.is_async, f.is_method, f.is_handler) for f in facts.functions}
    assert flags == {"S::m": (True, True, False), "h": (True, False, True),
                     "plain": (False, False, False)}


LINES = [
    ("fn f() {}\n", (1, 1, 0, 0)),
    ("//! crate doc\n/// item doc\nfn f() {}\n", (3, 1, 2, 0)),
    ("/* a\n   b */\nfn f() {} // trailing\n\n", (4, 1, 2, 1)),
    ("fn f() -> &'static str {\n    r#\"\n// not a comment\n\"#\n}\n", (5, 5, 0, 0)),
    ("fn f() { /* inline */ }\n/**/\n", (2, 1, 1, 0)),
]


@pytest.mark.parametrize(("code", "expected"), LINES)
def test_line_counts(code: str, expected: tuple[int, int, int, int]) -> None:
    lines = rust_facts(code).lines
    assert (lines.physical, lines.code, lines.comment, lines.blank) == expected


def test_maintainability_is_in_range_and_drops_with_size() -> None:
    small = rust_facts("fn f() -> u8 { 1 }").maintainability
    big = rust_facts("\n".join(f"fn f{i}(a: bool) -> u8 {{ if a {{ {i} }} else {{ 0 }} }}"
                               for i in range(200))).maintainability
    assert small is not None and big is not None
    assert 0 <= big < small <= 100
