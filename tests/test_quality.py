"""Eat our own cooking: layers, lint, and our own default rules on our own package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nova_refactor.analysis.run.pipeline import Options, analyze

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.slow
def test_import_linter_contracts_are_kept() -> None:
    proc = _run(str(BIN / "lint-imports"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


@pytest.mark.slow
def test_ruff_is_clean() -> None:
    # --no-cache: ruff would leave a .ruff_cache in examples/python_monolith (its own project).
    proc = _run(str(BIN / "ruff"), "check", "--no-cache", "nova_refactor", "tests", "benchmarks",
                "examples")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_our_package_keeps_our_default_rules() -> None:
    result = analyze([ROOT / "nova_refactor"], Options(use_cache=False))
    too_long = [f.path for f in result.files if f.lines.physical >= 500]
    too_complex = [
        f"{f.path}:{fn.line} {fn.name} ({fn.complexity})"
        for f in result.files
        for fn in f.functions
        if fn.complexity > 10
    ]
    assert too_long == []
    assert too_complex == []
    assert result.diagnostics == ()
