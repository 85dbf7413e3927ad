"""`reports/`: sample outputs of every command on the bundled examples, reviewed and committed.

Each sample is regenerated here through the CLI, as a user would run it, and compared with the
committed file; a drift fails until it is regenerated on purpose with `pytest --update-goldens`
and the diff reviewed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nova_refactor.cli.app import app
from tests.cargo_helpers import cargo_env, has_cargo

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "reports"
PY = str(ROOT / "examples" / "python_monolith")
runner = CliRunner()

# (sample file under reports/, the command that produces it; "{out}" is the output file)
SAMPLES = [
    ("python_monolith/analysis.md", ["analyze", PY, "--no-cache", "-f", "markdown", "-o", "{out}"]),
    ("python_monolith/routes.md", ["routes", PY, "--no-cache", "-f", "markdown", "-o", "{out}"]),
    ("python_monolith/report.html", ["report", PY, "--no-cache", "--history", "0", "-o", "{out}"]),
]


@pytest.mark.parametrize(("sample", "command"), SAMPLES, ids=[s for s, _ in SAMPLES])
def test_sample_is_current(
    sample: str, command: list[str], tmp_path: Path, update_goldens: bool
) -> None:
    out = tmp_path / Path(sample).name
    result = runner.invoke(app, [arg.replace("{out}", str(out)) for arg in command])
    assert result.exit_code in (0, 1), result.output  # 1: a gate that (rightly) fails
    produced = out.read_text(encoding="utf-8")
    committed = REPORTS / sample
    if update_goldens:
        committed.parent.mkdir(parents=True, exist_ok=True)
        committed.write_text(produced, encoding="utf-8")
    assert committed.exists(), f"reports/{sample} is missing: run pytest --update-goldens"
    assert produced == committed.read_text(encoding="utf-8"), (
        f"reports/{sample} drifted from `nova-refactor {' '.join(command[:1])}`; if intended, "
        "rerun with --update-goldens and review the diff"
    )


# --- reports/python_monolith/compare.md: the flow, analyze -> apply -> compare ---------

def _cli(*args: str) -> None:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("example", ["python_monolith", "rust_monolith"])
def test_compare_sample_after_split_entrypoint(
    example: str, tmp_path: Path, update_goldens: bool, monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    """On a copy of the example: analyze, `apply split-entrypoint --write`, analyze, compare."""
    source = ROOT / "examples" / example
    if example.startswith("rust") and has_cargo():
        request.getfixturevalue("rust_examples")  # built once per run: the write's cargo check
    for key, value in cargo_env().items():  # reuses the shared target dir, offline
        monkeypatch.setenv(key, value)
    project = tmp_path / example
    shutil.copytree(source, project, ignore=shutil.ignore_patterns(
        ".nova-refactor", "__pycache__", ".*_cache", "target"))
    before, after, out = (tmp_path / name for name in ("before.json", "after.json", "compare.md"))
    _cli("analyze", str(project), "--no-cache", "-f", "json", "-o", str(before))
    _cli("apply", "split-entrypoint", str(project), "--write")
    _cli("analyze", str(project), "--no-cache", "-f", "json", "-o", str(after))
    _cli("compare", str(before), str(after), str(project), "-f", "markdown", "-o", str(out))
    sample = REPORTS / example / "compare.md"
    if update_goldens:
        sample.write_text(out.read_text(encoding="utf-8"), encoding="utf-8")
    assert out.read_text(encoding="utf-8") == sample.read_text(encoding="utf-8"), (
        f"reports/{example}/compare.md drifted; if intended, rerun with --update-goldens")


# Reviewed samples of `boundaries`, `check`, `apply` and `plan` (kept apart from SAMPLES above).
RUST = str(ROOT / "examples" / "rust_monolith")
REVIEW_SAMPLES = [
    ("python_monolith/boundaries.md",
     ["boundaries", PY, "--no-cache", "--no-cochange", "-f", "markdown", "-o", "{out}"]),
    ("python_monolith/check.md", ["check", PY, "--no-cache", "-f", "markdown", "-o", "{out}"]),
    ("rust_monolith/boundaries.md",
     ["boundaries", RUST, "--no-cache", "--no-cochange", "-f", "markdown", "-o", "{out}"]),
]
PLAN_SAMPLES = [
    ("python_monolith/plan", ["plan", PY, "--no-cache", "--no-cochange", "-o", "{out}"]),
    ("rust_monolith/plan", ["plan", RUST, "--no-cache", "--no-cochange", "-o", "{out}"]),
]


def _compare(sample: str, produced: str, update: bool, command: str) -> None:
    committed = REPORTS / sample
    if update:
        committed.parent.mkdir(parents=True, exist_ok=True)
        committed.write_text(produced, encoding="utf-8")
    assert committed.exists(), f"reports/{sample} is missing: run pytest --update-goldens"
    assert produced == committed.read_text(encoding="utf-8"), (
        f"reports/{sample} drifted from `nova-refactor {command}`; if intended, rerun with "
        "--update-goldens and review the diff"
    )


@pytest.mark.parametrize(("sample", "command"), REVIEW_SAMPLES,
                         ids=[s for s, _ in REVIEW_SAMPLES])
def test_review_sample_is_current(
    sample: str, command: list[str], tmp_path: Path, update_goldens: bool
) -> None:
    out = tmp_path / Path(sample).name
    result = runner.invoke(app, [arg.replace("{out}", str(out)) for arg in command])
    assert result.exit_code in (0, 1), result.output  # check: 1, the example breaks the gate
    _compare(sample, out.read_text(encoding="utf-8"), update_goldens, command[0])


def test_apply_dry_run_sample_is_current(update_goldens: bool) -> None:
    """The plan and per-file line counts `apply split-entrypoint --stat` prints (no writes)."""
    before = sorted(p.name for p in Path(PY).iterdir())
    result = runner.invoke(app, ["apply", "split-entrypoint", PY, "--stat"],
                           env={"COLUMNS": "120", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in Path(PY).iterdir()) == before  # a dry run writes nothing
    _compare("python_monolith/apply-split-entrypoint.txt", result.stdout, update_goldens,
             "apply split-entrypoint --stat")


@pytest.mark.parametrize(("sample", "command"), PLAN_SAMPLES, ids=[s for s, _ in PLAN_SAMPLES])
def test_plan_sample_is_current(
    sample: str, command: list[str], tmp_path: Path, update_goldens: bool
) -> None:
    out = tmp_path / "plan"
    result = runner.invoke(app, [arg.replace("{out}", str(out)) for arg in command])
    assert result.exit_code == 0, result.output
    produced = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
                for p in sorted(out.rglob("*.md"))}
    committed = REPORTS / sample
    if update_goldens and committed.exists():
        for stale in committed.rglob("*.md"):
            if stale.relative_to(committed).as_posix() not in produced:
                stale.unlink()
    on_disk = sorted(p.relative_to(committed).as_posix() for p in committed.rglob("*.md"))
    if not update_goldens:
        assert on_disk == sorted(produced), f"reports/{sample}: files differ; --update-goldens"
    for name, text in produced.items():
        _compare(f"{sample}/{name}", text, update_goldens, "plan")
