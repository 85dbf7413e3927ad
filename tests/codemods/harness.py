"""Before/after harness for codemods, in the spirit of LibCST's `CodemodTest`.

A case is a small project under `tests/data/codemods/<case>/before/`. `split_case` copies it to a
temporary directory, plans and writes the codemod through the same safety path the CLI uses,
and returns the written tree. `assert_golden` compares every written file with the reviewed
after-tree in `tests/golden/codemods/<case>/<codemod>/` (rewritten only by --update-goldens);
`probe` runs the case's `probe.py` so a test can assert behaviour is identical before and after.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from nova_refactor.codemods import runner
from tests.helpers import propose

CASES = Path(__file__).resolve().parents[1] / "data" / "codemods"
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "codemods"


@dataclass(frozen=True)
class Split:
    before: Path
    after: Path
    proposal: runner.Proposal
    outcome: runner.Outcome

    def text(self, name: str) -> str:
        return (self.after / name).read_text(encoding="utf-8")


def copy_case(tmp_path: Path, case: str = "flask_app") -> Path:
    """A fresh copy of a case's `before` tree to write into."""
    target = tmp_path / case
    shutil.copytree(CASES / case / "before", target)
    return target


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file of a project (the journal and bytecode aside), for byte-exact comparisons."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".nova-refactor" not in p.parts and "__pycache__" not in p.parts}


def split_case(tmp_path: Path, case: str, codemod: str = "split-entrypoint",
               entrypoint: str | None = None) -> Split:
    before = CASES / case / "before"
    after = tmp_path / case
    shutil.copytree(before, after)
    proposal = propose(codemod, after, entrypoint)
    outcome = runner.write(proposal)
    return Split(before, after, proposal, outcome)


def assert_golden(split: Split, case: str, update: bool) -> None:
    folder = GOLDEN / case / split.proposal.plan.codemod
    written = {c.path: split.text(c.path) for c in split.proposal.changeset.changes}
    if update:
        shutil.rmtree(folder, ignore_errors=True)
        for path, text in written.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(text, encoding="utf-8")
    expected = {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
                for p in sorted(folder.rglob("*.py"))}
    assert sorted(written) == sorted(expected), "written files differ from the golden tree"
    for path, text in written.items():
        assert text == expected[path], f"{path} differs from {folder / path}"


def probe(folder: Path, *args: str) -> str:
    proc = subprocess.run([sys.executable, "probe.py", *args], cwd=folder, capture_output=True,
                          text=True, timeout=120, check=False,
                          env={"PYTHONDONTWRITEBYTECODE": "1", "PATH": "/usr/bin:/bin"})
    return f"exit={proc.returncode}\n{proc.stdout}{proc.stderr}"
