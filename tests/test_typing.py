"""The package type-checks: `python -m mypy` with the [tool.mypy] configuration of pyproject.toml
(strict on model, codemods and gate). Run by the suite, as ruff and import-linter are
(tests/test_quality.py), so that `pytest` stays the one command CI runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_mypy_is_clean() -> None:
    proc = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Success: no issues found" in proc.stdout
