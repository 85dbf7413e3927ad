"""The acceptance test: split the bundled 1,700-line Flask monolith through the CLI, with its
own test suite as `--verify`, then undo it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.codemods.checks import route_key
from tests.helpers import propose

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "python_monolith"
CLI = [sys.executable, "-m", "nova_refactor"]


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".nova-refactor" not in p.parts and "__pycache__" not in p.parts}


def _routes(root: Path) -> list[tuple]:
    return sorted(route_key(r) for r in analyze([root], Options(use_cache=False)).routes)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=600,
                          check=False, env={"PATH": "/usr/bin:/bin", "CI": "true",
                                            "COLUMNS": "200", "PYTHONDONTWRITEBYTECODE": "1"})


@pytest.mark.slow
def test_split_entrypoint_on_the_example(tmp_path):
    root = tmp_path / "python_monolith"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__"))
    original, routes_before = _tree(root), _routes(root)
    verify = f"{sys.executable} -m pytest -q -p no:cacheprovider tests"

    dry = _cli("apply", "split-entrypoint", str(root))
    assert dry.returncode == 0, dry.stderr
    assert "+++ b/routes.py" in dry.stdout and "dry run: nothing written" in dry.stdout
    assert _tree(root) == original

    done = _cli("apply", "split-entrypoint", str(root), "--write", "--verify", verify)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "passed" in done.stdout
    main = (root / "main.py").read_text()
    assert main.count("\n") < 100
    for module in ("app_state", "app_services", "background", "routes", "cli"):
        assert (root / f"{module}.py").is_file()
    assert _routes(root) == routes_before
    tests_dir = {k: v for k, v in _tree(root).items() if k.startswith("tests/")}
    assert tests_dir == {k: v for k, v in original.items() if k.startswith("tests/")}

    again = _cli("apply", "split-entrypoint", str(root), "--write")
    assert again.returncode == 0 and "nothing to change" in again.stdout
    after = _tree(root)

    undone = _cli("undo", str(root))
    assert undone.returncode == 0, undone.stderr
    assert _tree(root) == original
    assert after != original


@pytest.mark.slow
@pytest.mark.parametrize("codemod", ["extract-state", "extract-background", "extract-routes"])
def test_single_extractions_on_the_example_keep_its_suite_green(tmp_path, codemod):
    from nova_refactor.codemods import runner

    root = tmp_path / "python_monolith"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__"))
    verify = f"{sys.executable} -m pytest -q -p no:cacheprovider tests"
    outcome = runner.write(propose(codemod, root), verify=verify)
    assert outcome.entry is not None and "passed" in outcome.verify_output
    module = {"extract-state": "app_state", "extract-background": "background",
              "extract-routes": "routes"}[codemod]
    assert (root / f"{module}.py").is_file()
