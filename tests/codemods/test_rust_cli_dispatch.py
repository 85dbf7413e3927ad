"""A subcommand `match` (clap's derive shape: `match cli.command { Commands::Migrate { steps,
dry_run } => { .. } }`) splits into one cli.rs handler per arm, each returning main's error
type, while main keeps the dispatch; the fixture (tests/data/codemods/rust_cli_match, no
dependencies) compiles after the split. It also catches two def-use slips the compiler found:
a Rust 2021 format capture (`format!("{base}/row")` reads `base`) and a `bool` passed as
`&bool` to code that reads it as a value."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nova_refactor.codemods import runner
from nova_refactor.codemods.rust.statements import captured
from tests.helpers import propose

CASE = Path(__file__).resolve().parents[1] / "data" / "codemods" / "rust_cli_match"
needs_cargo = pytest.mark.skipif(shutil.which("cargo") is None, reason="cargo is not installed "
                                 "(rustup's stable toolchain, see .ci/system-deps)")


def _copy(tmp_path: Path) -> Path:
    crate = tmp_path / "ops-service"
    shutil.copytree(CASE, crate, ignore=shutil.ignore_patterns("target", "Cargo.lock"))
    return crate


def test_each_long_arm_becomes_a_handler_returning_mains_error_type(tmp_path) -> None:
    proposal = propose("split-entrypoint", _copy(tmp_path))
    texts = {c.path: c.after.decode() for c in proposal.changeset.changes}
    cli, main = texts["src/cli.rs"], texts["src/main.rs"]
    assert "pub(crate) fn migrate(" in cli and "pub(crate) fn seed(count: usize, base: &String)" \
        " -> Result<(), OpsError>" in cli
    assert "dry_run: bool" in cli and "verbose: bool" in cli  # Copy values by value
    # main keeps the dispatch; the short `Serve` arm stays as it is
    assert "match cli.command {" in main and "cli::migrate(steps, dry_run, &base, verbose)?;" \
        in main and 'println!("serving on {port}");' in main


@needs_cargo
def test_the_dispatch_split_compiles(tmp_path) -> None:
    crate = _copy(tmp_path)
    outcome = runner.write(propose("split-entrypoint", crate))
    assert outcome.compiled == "compiled: yes"


def test_format_captures_are_reads() -> None:
    assert captured('"{base}/row-{i} {x:?} {{literal}} {0}"') == {"base", "i", "x"}
