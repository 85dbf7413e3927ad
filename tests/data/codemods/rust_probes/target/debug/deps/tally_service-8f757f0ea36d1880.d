/work/wt/rust-split3/tests/data/codemods/rust_probes/target/debug/deps/tally_service-8f757f0ea36d1880.d: src/main.rs

/work/wt/rust-split3/tests/data/codemods/rust_probes/target/debug/deps/libtally_service-8f757f0ea36d1880.rmeta: src/main.rs

src/main.rs:
