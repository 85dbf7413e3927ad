"""Long operator chains (each binary expression the left child of the next) are indexed in
linear time; the speed itself is asserted in `benchmarks/rust_chain.py`, the facts here."""

from __future__ import annotations

import hashlib

from nova_refactor.frontends.dispatch import analyze_file
from nova_refactor.frontends.rust import syntax
from nova_refactor.frontends.rust.index import Index


def _chain(terms: int, operator: str = "+") -> bytes:
    body = f" {operator} ".join(["a"] * terms)
    return (f"fn main() {{\n    let x = {body};\n    if a && b || c {{ }}\n"
            "    match x { Some(v) if v > 1 => {}, _ => {} }\n"
            "    tokio::select! { _ = f() => { info!(\"x\"); } }\n}\n").encode()


def test_a_2000_term_chain_keeps_every_fact():
    data = _chain(2000)
    index = Index(syntax.parse(data).root_node)
    # `(a && b) || c`: both start at `a`, in either order
    assert sorted(n.child_by_field_name("operator").type
                  for n in index.nodes("binary_expression")) == ["&&", "||"]
    assert len(index.nodes("match_pattern")) == 1  # only the arm with an `if` guard
    assert [syntax.text(n) for n in index.nodes("identifier")] == ["info"]
    facts = analyze_file("main.rs", "rust", data, hashlib.sha256(data).hexdigest(), False)
    # 1 + if + && + || + guarded arm + two match arms + select arm, as radon-style counting
    (main,) = facts.functions
    assert main.name == "main" and not facts.diagnostics
    short = _chain(3)
    (small,) = analyze_file("m.rs", "rust", short, "", False).functions
    assert main.complexity == small.complexity  # the chain's length adds no decision


def test_a_logical_chain_counts_every_operator():
    data = _chain(500, "&&")
    (main,) = analyze_file("main.rs", "rust", data, "", False).functions
    (small,) = analyze_file("m.rs", "rust", _chain(1, "&&"), "", False).functions
    assert main.complexity - small.complexity == 499
