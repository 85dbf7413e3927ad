"""examples/rust_monolith (actix-web 4) end to end: `split-entrypoint --write --verify "cargo
test"` on a copy leaves a main.rs under 100 lines with the same route inventory, `cargo check`
and the crate's own tests pass, a second run changes nothing, and `undo` restores every byte.
The copy builds in the suite's shared target dir, so the dependencies are not rebuilt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nova_refactor.codemods import runner
from tests.cargo_helpers import cargo_env
from tests.helpers import propose

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "rust_monolith"


def use_shared_target(monkeypatch) -> None:
    for key, value in cargo_env().items():
        monkeypatch.setenv(key, value)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".nova-refactor" not in p.parts and "target" not in p.parts}


@pytest.mark.slow
def test_split_verified_by_cargo_then_undone(tmp_path, monkeypatch, rust_examples):
    use_shared_target(monkeypatch)
    crate = tmp_path / "user-service"
    shutil.copytree(EXAMPLE, crate, ignore=shutil.ignore_patterns("target"))
    original = _tree(crate)

    proposal = propose("split-entrypoint", crate)
    created = {c.path for c in proposal.changeset.changes if c.created}
    # state, routes and the command line always leave; services and workers may join app_state
    assert {"src/app_state.rs", "src/routes.rs", "src/cli.rs"} <= created
    outcome = runner.write(proposal, verify="cargo test --locked --offline --quiet")
    assert outcome.checks[0] == "route inventory identical (16 routes, middleware included)"
    assert outcome.checks[1] == ("kept 16 routes, 8 app_data registrations, "
                                 "7 spawned tasks/threads, 13 shutdown steps")
    assert outcome.compiled == "compiled: yes"
    assert outcome.verify_output.count("test result: ok") == 2  # actix_web::test and end to end
    main = (crate / "src/main.rs").read_text()
    assert main.count("\n") < 100
    assert "app_state::AppState" in main and "routes::configure(cfg" in main
    assert "tokio::signal::ctrl_c().await?;" in main  # the shutdown sequence stays in main

    assert propose("split-entrypoint", crate).changeset.empty
    runner.undo(crate)
    assert _tree(crate) == original


def test_failed_verification_rolls_back(tmp_path):
    crate = tmp_path / "user-service"
    shutil.copytree(EXAMPLE, crate, ignore=shutil.ignore_patterns("target"))
    original = _tree(crate)
    proposal = propose("extract-cli", crate)
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
    proposal = propose("split-entrypoint", crate)
    assert "src/app_state.rs" in {c.path for c in proposal.changeset.changes}
    outcome = runner.write(proposal)
    assert outcome.compiled == "compiled: yes"
    assert "use crate::ext::Shout;" in (crate / "src/app_state.rs").read_text()
    runner.undo(crate)
    after = _tree(crate)
    after.pop("Cargo.lock")  # cargo check writes the lock file of a crate that had none
    assert after == original
