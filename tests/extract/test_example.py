"""The proof on the bundled Flask monolith: the shared library and two services extracted,
its own test suite and the new services' tests pass, Flask's route table is the same, the
emitted contracts hold (import-linter run on its own), and undo restores every byte."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "python_monolith"
CLI = [sys.executable, "-m", "nova_refactor"]
ROUTE_TABLE = ("import json, main\n"
               "print(json.dumps(sorted([r.rule, r.endpoint, sorted(r.methods)]\n"
               "                        for r in main.app.url_map.iter_rules())))\n")


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".nova-refactor" not in p.parts and "__pycache__" not in p.parts}


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=900,
                          check=False, env={"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
                                            "CI": "true", "COLUMNS": "200",
                                            "PYTHONDONTWRITEBYTECODE": "1"})


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=root, capture_output=True, text=True,
                          timeout=600, check=False, env={"PATH": "/usr/bin:/bin",
                                                         "PYTHONDONTWRITEBYTECODE": "1"})


@pytest.mark.slow
def test_extract_common_and_two_services_from_the_example(tmp_path: Path) -> None:
    root = tmp_path / "python_monolith"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__"))
    original = _tree(root)
    proposal_path = tmp_path / "proposal.json"
    made = subprocess.run([*CLI, "boundaries", str(root), "--format", "json", "-o",
                           str(proposal_path)], capture_output=True, text=True, check=False)
    assert made.returncode == 0, made.stderr
    table_before = _run(root, "-c", ROUTE_TABLE).stdout
    tests = f"{sys.executable} -m pytest -q -p no:cacheprovider tests"

    dry = _cli("apply", "extract-common", str(root), "--proposal", str(proposal_path))
    assert dry.returncode == 0 and "dry run: nothing written" in dry.stdout, dry.stderr
    assert _tree(root) == original
    for step in (["extract-common"], ["extract-service", "--service", "posts"],
                 ["extract-service", "--service", "media"]):
        done = _cli("apply", step[0], str(root), *step[1:], "--proposal", str(proposal_path),
                    "--write", "--verify", tests)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr
        assert "checked: contracts hold (gate rule boundaries, import-linter)" in done.stdout
        assert "checked: route inventory identical (54 routes)" in done.stdout
        assert f"verified: {tests!r} passed" in done.stdout
    assert "- main.py:51 -> services/posts.py: an import of the new package " \
        "(posts_service.posts)" in (root / "posts_service/README.md").read_text()

    assert not (root / "storage.py").exists() and (root / "nova_common/storage.py").is_file()
    assert (root / "posts_service/posts.py").is_file()
    assert (root / "media_service/app.py").is_file()
    suite = _run(root, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests")
    assert suite.returncode == 0 and " passed" in suite.stdout, suite.stdout[-2000:]
    own = _run(root, "-m", "pytest", "-q", "-p", "no:cacheprovider", "posts_service/tests",
               "media_service/tests")
    assert own.returncode == 0 and "4 passed" in own.stdout, own.stdout[-2000:]
    assert _run(root, "-c", ROUTE_TABLE).stdout == table_before and json.loads(table_before)
    lint_imports = str(Path(sys.executable).parent / "lint-imports")  # its own process
    linted = subprocess.run([lint_imports, "contracts.toml", "--no-cache"], cwd=root,
                            capture_output=True, text=True, check=False)
    assert "Contracts: 3 kept, 0 broken." in linted.stdout, linted.stdout + linted.stderr

    for step in (["extract-common"], ["extract-service", "--service", "posts"]):
        again = _cli("apply", step[0], str(root), *step[1:], "--proposal", str(proposal_path),
                     "--write")
        assert again.returncode == 0 and "nothing to change" in again.stdout
    for _ in range(3):
        assert _cli("undo", "-C", str(root)).returncode == 0
    assert _tree(root) == original
    assert not (root / "nova_common").exists() and not (root / "posts_service").exists()
