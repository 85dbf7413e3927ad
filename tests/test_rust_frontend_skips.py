"""Work the Rust frontend skips (#19) must not change what it reports."""

from __future__ import annotations

from pathlib import Path

from nova_refactor.frontends.rust.index import NESTED_FIRST
from tests.helpers import rust_facts


def test_test_code_reports_no_calls_but_shares_a_production_name() -> None:
    facts = rust_facts("""\
        fn serve() { db.load(); println!("{}", cache.get()); }
        #[cfg(not(test))]
        fn now() -> u64 { clock::real() }
        #[cfg(test)]
        fn now() -> u64 { clock::fake(); format!("{}", fixture.stamp()).len() as u64 }
        #[cfg(test)]
        mod tests {
            #[test]
            fn serves() { super::serve(); assert_eq!(probe.count(), 1); }
        }
    """)
    calls = {c.caller: (set(c.callees), set(c.typed)) for c in facts.calls}
    assert set(calls) == {"serve", "now"}  # `tests::serves` is test code
    assert calls["serve"][0] == {".load"} and ".get" in calls["serve"][1]
    # the test `now` shares the production one's name, so its calls (and macro's) count too
    assert calls["now"][0] == {"clock::real", "clock::fake", ".len"}
    assert ".stamp" in calls["now"][1]


def test_lock_sites_in_test_macros_are_still_found() -> None:
    facts = rust_facts("""\
        use std::sync::Mutex;
        struct Svc { hits: Mutex<u32> }
        impl Svc {
            fn bump(&self) { *self.hits.lock().unwrap() += 1; }
        }
        #[cfg(test)]
        mod tests {
            #[test]
            fn counts(svc: &super::Svc) { println!("{}", svc.hits.lock().unwrap()); }
        }
    """)
    sites = [(s.function, s.test) for s in facts.locks if s.role.value == "acquisition"]
    assert ("Svc::bump", False) in sites
    assert ("tests::counts", True) in sites  # read from the reparsed `println!` body


def test_index_lists_every_kind_in_source_order_outer_first() -> None:
    """Kinds outside `NESTED_FIRST` are sorted by start alone: no two of their nodes start
    together, on every Rust file of the examples and the test data."""
    from nova_refactor.frontends.rust import syntax
    from nova_refactor.frontends.rust.index import Index

    root = Path(__file__).parent.parent
    files = [*root.glob("examples/**/*.rs"), *root.glob("tests/data/**/*.rs")]
    assert len(files) > 50
    nested = Index(syntax.parse(b"fn f() { a.b().c()?? ; x && y || z; }").root_node)
    assert [syntax.text(n) for n in nested.nodes("call_expression")] == ["a.b().c()", "a.b()"]
    for path in files:
        index = Index(syntax.parse(path.read_bytes()).root_node)
        for kind, nodes in index.by_type.items():
            keys = [(n.start_byte, -n.end_byte) for n in nodes]
            assert keys == sorted(keys), (path, kind)
            assert len({n.start_byte for n in nodes}) == len(nodes) or kind in NESTED_FIRST
