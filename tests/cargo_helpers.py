"""The Rust examples' builds, shared by the whole test run.

One target directory outlives the run (a stable folder under the system's temp dir, or
$NOVA_REFACTOR_CARGO_TARGET), so crates.io dependencies compile once per machine and a second
run is incremental; each example is built once per run (`cargo test --locked --no-run`, which
also downloads its locked sources, so later `--offline` checks find them). Without debug info
and incremental caches the builds are faster and take less disk.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
RUST_EXAMPLES = ("rust_monolith", "rust_axum")
CARGO_TARGET = Path(os.environ.get("NOVA_REFACTOR_CARGO_TARGET")
                    or Path(tempfile.gettempdir()) / "nova-refactor-cargo-target")


RUSTUP_BIN = Path(os.environ.get("CARGO_HOME") or Path.home() / ".cargo") / "bin"


def cargo_env() -> dict[str, str]:
    """The environment of every cargo run of the suite (also `verify`'s, through monkeypatch):
    rustup's bin folder on PATH when cargo is not there yet, the shared target dir."""
    path = os.environ.get("PATH", "")
    if shutil.which("cargo") is None and (RUSTUP_BIN / "cargo").exists():
        path = f"{RUSTUP_BIN}{os.pathsep}{path}"
    return {**os.environ, "PATH": path, "CARGO_TARGET_DIR": str(CARGO_TARGET),
            "CARGO_INCREMENTAL": "0", "CARGO_PROFILE_DEV_DEBUG": "0", "CARGO_TERM_COLOR": "never"}


def has_cargo() -> bool:
    return shutil.which("cargo", path=cargo_env()["PATH"]) is not None


def cargo(args: list[str], crate: Path, timeout: int = 1800) -> subprocess.CompletedProcess[str]:
    """`cargo ARGS` in `crate` with the shared target dir. stdin from /dev/null: when the runner
    has none, fd 0 can be a capture file, which cargo's `rustc -` probe would read as source."""
    env = cargo_env()
    program = shutil.which("cargo", path=env["PATH"]) or "cargo"
    return subprocess.run([program, *args], cwd=crate, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=timeout, check=False)


def build_examples() -> dict[str, Path]:
    """Build every Rust example once (tests and binaries); skip when cargo is missing."""
    if not has_cargo():
        pytest.skip("cargo is not installed (rustup's stable toolchain; see .ci/system-deps)")
    built = {}
    for name in RUST_EXAMPLES:
        crate = EXAMPLES / name
        done = cargo(["test", "--locked", "--no-run", "--quiet"], crate)
        assert done.returncode == 0, f"{name}: " + done.stderr[-3000:]
        built[name] = crate
    return built
