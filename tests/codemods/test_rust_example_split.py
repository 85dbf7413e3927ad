"""examples/rust_monolith end to end: `split-entrypoint --write --verify "cargo test
--offline"` leaves a main.rs under 100 lines with the same route inventory and green cargo
tests, a second run changes nothing, and `undo` restores every byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nova_refactor.codemods import runner

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "rust_monolith"
REGISTRY = Path("/usr/share/cargo/registry")


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".nova-refactor" not in p.parts and "target" not in p.parts}


@pytest.mark.slow
def test_split_verified_by_cargo_then_undone(tmp_path, monkeypatch):
    if shutil.which("cargo") is None:
        pytest.skip("cargo is not installed (CI installs it through .ci/system-deps)")
    if not (REGISTRY / "tokio-1.24.2").is_dir():
        pytest.skip("Debian's librust-tokio-dev is not installed (bash .ci/system-deps)")
    # the dependencies compiled for the example's own cargo test are reused, not rebuilt
    monkeypatch.setenv("CARGO_TARGET_DIR", str(EXAMPLE / "target"))
    monkeypatch.setenv("CARGO_TERM_COLOR", "never")
    crate = tmp_path / "user-service"
    shutil.copytree(EXAMPLE, crate, ignore=shutil.ignore_patterns("target"))
    original = _tree(crate)

    proposal = runner.propose("split-entrypoint", crate)
    created = {c.path for c in proposal.changeset.changes if c.created}
    assert created == {"src/app_state.rs", "src/app_services.rs", "src/background.rs",
                       "src/routes.rs", "src/cli.rs"}
    outcome = runner.write(proposal, verify="cargo test --offline --quiet")
    assert outcome.checks[0] == "route inventory identical (16 routes, middleware included)"
    assert outcome.compiled == "compiled: yes"
    assert outcome.checks[1] == ("kept 16 routes, 7 app_data registrations, "
                                 "7 spawned tasks/threads, 15 shutdown steps")
    assert "test result: ok" in outcome.verify_output
    main = (crate / "src/main.rs").read_text()
    assert main.count("\n") < 100
    assert "let app_state::AppState {" in main and "app_services::AppServices::build(" in main
    assert "background::Background::start(" in main and "routes::configure(cfg" in main
    assert "tokio::signal::ctrl_c().await?;" in main  # the shutdown sequence stays in main

    assert runner.propose("split-entrypoint", crate).changeset.empty
    runner.undo(crate)
    assert _tree(crate) == original


def test_failed_verification_rolls_back(tmp_path):
    crate = tmp_path / "user-service"
    shutil.copytree(EXAMPLE, crate, ignore=shutil.ignore_patterns("target"))
    original = _tree(crate)
    proposal = runner.propose("extract-cli", crate)
    with pytest.raises(Exception, match="exited 3, rolled back"):
        runner.write(proposal, verify="exit 3", compile_=False)  # about --verify only
    assert _tree(crate) == original


def test_trait_import_the_code_needs_goes_with_it(tmp_path, monkeypatch):
    """A trait imported in main.rs that the moved code needs but no name search can see is
    copied into the new module; the compiler says it compiles (it used to be dropped)."""
    if shutil.which("cargo") is None:
        pytest.skip("cargo is not installed (CI installs it through .ci/system-deps)")
    monkeypatch.setenv("CARGO_TARGET_DIR", str(tmp_path / "target"))
    crate = tmp_path / "shout"
    (crate / "src").mkdir(parents=True)
    (crate / "Cargo.toml").write_text('[package]\nname = "shout"\nversion = "0.1.0"\n'
                                      'edition = "2021"\n')
    (crate / "src/main.rs").write_text(
        "mod ext;\n\nuse std::sync::Arc;\n\nuse crate::ext::Shout;\n\n"
        "fn main() {\n"
        '    let greeting: String = "hi".shout();\n'
        "    let shared = Arc::new(greeting);\n"
        '    println!("{}", shared);\n'
        "}\n")
    (crate / "src/ext.rs").write_text(
        "pub trait Shout {\n    fn shout(&self) -> String;\n}\n\n"
        "impl Shout for str {\n    fn shout(&self) -> String {\n"
        "        self.to_uppercase()\n    }\n}\n")
    original = _tree(crate)
    proposal = runner.propose("split-entrypoint", crate)
    assert "src/app_state.rs" in {c.path for c in proposal.changeset.changes}
    outcome = runner.write(proposal)
    assert outcome.compiled == "compiled: yes"
    assert "use crate::ext::Shout;" in (crate / "src/app_state.rs").read_text()
    runner.undo(crate)
    after = _tree(crate)
    after.pop("Cargo.lock")  # cargo check writes the lock file of a crate that had none
    assert after == original
