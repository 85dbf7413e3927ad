"""`reports/`: sample outputs of every command on the bundled examples, reviewed and committed.

Each sample is regenerated here through the CLI, as a user would run it, and compared with the
committed file; a drift fails until it is regenerated on purpose with `pytest --update-goldens`
and the diff reviewed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from nova_refactor.cli.app import app

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
