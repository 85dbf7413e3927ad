"""examples/rust_monolith: the proposal's shared library becomes the workspace member crate
libs/user-common; `cargo check` of both crates and the crate's own tests pass, a second run
changes nothing, and undo restores every byte (Cargo.lock included). Built in the suite's
shared target dir, so the dependencies are not rebuilt."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nova_refactor.codemods import registry, runner
from tests.cargo_helpers import cargo_env
from tests.helpers import propose

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "rust_monolith"


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".nova-refactor" not in p.parts and "target" not in p.parts}


@pytest.mark.slow
def test_extract_common_of_the_rust_example(tmp_path, monkeypatch, rust_examples):
    for key, value in cargo_env().items():
        monkeypatch.setenv(key, value)
    crate = tmp_path / "user-service"
    shutil.copytree(EXAMPLE, crate, ignore=shutil.ignore_patterns("target"))
    original = _tree(crate)
    proposal_path = tmp_path / "proposal.json"
    subprocess.run([sys.executable, "-m", "nova_refactor", "boundaries", str(crate), "--format",
                    "json", "-o", str(proposal_path)], check=True, capture_output=True)
    shared = json.loads(proposal_path.read_text())["shared"]["modules"]
    options = registry.ExtractOptions(proposal=proposal_path)

    proposal = propose("extract-common", crate, options=options)
    assert proposal.refused == ()
    outcome = runner.write(proposal, verify="cargo test --offline --quiet")
    assert outcome.checks[0] == "compiled: yes (cargo check of the binary and of " \
                                "libs/user-common)"
    assert outcome.checks[1] == "route inventory identical (16 routes)"
    assert outcome.verify_output.count("test result: ok") == 2
    lib = (crate / "libs/user-common/src/lib.rs").read_text()
    assert all(f"pub mod {Path(m).stem};" in lib for m in shared)
    assert not any((crate / m).exists() for m in shared)
    assert "use user_common::cache::ResponseCache;" in (crate / "src/main.rs").read_text()

    assert propose("extract-common", crate, options=options).changeset.empty
    runner.undo(crate)
    assert _tree(crate) == original
