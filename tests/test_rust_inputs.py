"""Rust input problems become diagnostics with a line; the file is measured where possible."""

from __future__ import annotations

from pathlib import Path

from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.frontends.rust import analyze_rust


def test_syntax_errors_are_diagnostics_and_the_file_is_still_measured() -> None:
    code = b"fn ok(a: bool) -> u8 { if a { 1 } else { 2 } }\n\nfn broken( {\n    let x = ;\n}\n"
    facts = analyze_rust("src/lib.rs", code, "0" * 64)
    assert facts.lines.physical == 5
    assert any(f.name == "ok" and f.complexity == 2 for f in facts.functions)
    assert facts.diagnostics
    assert all(d.line >= 3 and "syntax error" in d.message for d in facts.diagnostics)
    assert facts.parsed


def test_missing_token_is_reported_with_its_line() -> None:
    facts = analyze_rust("a.rs", b"fn f() {\n    let x = 1\n}\n", "0" * 64)
    assert [(d.line, "missing" in d.message) for d in facts.diagnostics] == [(2, True)]


def test_binary_invalid_utf8_empty_and_bom() -> None:
    binary = analyze_rust("a.rs", b"fn f() {}\0", "0" * 64)
    assert "binary" in binary.diagnostics[0].message and not binary.functions
    latin = analyze_rust("a.rs", b"// caf\xe9\nfn f() {}\n", "0" * 64)
    assert latin.diagnostics[0].line == 1 and "utf-8" in latin.diagnostics[0].message
    empty = analyze_rust("a.rs", b"  \n", "0" * 64)
    assert empty.diagnostics[0].severity == "note"
    bom = analyze_rust("a.rs", "\ufefffn f() { if true {} }\n".encode(), "0" * 64)
    assert [(f.name, f.line, f.complexity) for f in bom.functions] == [("f", 1, 2)]


def test_huge_and_unreadable_files_through_the_pipeline(tmp_path: Path) -> None:
    (tmp_path / "big.rs").write_text("fn f() {}\n" * 400)
    (tmp_path / "ok.rs").write_text("fn g() {}\n")
    analysis = analyze([tmp_path], Options(use_cache=False, max_file_bytes=1024))
    assert [f.path for f in analysis.files] == ["ok.rs"]
    assert any(d.path == "big.rs" and "limit" in d.message for d in analysis.diagnostics)


def test_which_files_get_a_main_anatomy() -> None:
    plain = b"fn main() { let x = 1; }\n"
    runtime = b"#[tokio::main]\nasync fn main() { let x = 1; }\n"
    cases = {
        ("src/main.rs", plain): True, ("src/bin/tool.rs", plain): True,
        ("build.rs", plain): False, ("src/lib.rs", plain): False,
        ("server.rs", runtime): True, ("examples/demo.rs", runtime): False,
    }
    for (path, code), expected in cases.items():
        facts = analyze_rust(path, code, "0" * 64)
        assert (facts.entrypoint is not None) == expected, path
