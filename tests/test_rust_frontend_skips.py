"""Work the Rust frontend skips (#19) must not change what it reports."""

from __future__ import annotations

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
