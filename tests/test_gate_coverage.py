"""Coverage import: real Cobertura XML and lcov written by coverage.py, an llvm-cov style lcov,
bad reports, and the coverage rule's thresholds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nova_refactor.errors import InputError, UsageError
from nova_refactor.gate.coverage import load_coverage
from tests.gate_helpers import gate, write_tree

CALC = """\
def add(a, b):
    return a + b


def sub(a, b):
    return a - b


def unused(a):
    if a:
        return 1
    return 2
"""


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny project measured by coverage.py, with its xml, lcov and json reports."""
    root = write_tree(tmp_path_factory.mktemp("cov"), {
        "pkg/__init__.py": "",
        "pkg/calc.py": CALC,
        "run.py": "from pkg.calc import add, sub\nadd(1, 2)\nsub(3, 1)\n",
    })
    cov = [sys.executable, "-m", "coverage"]
    subprocess.run([*cov, "run", "--data-file=.cov", "run.py"], cwd=root, check=True)
    for fmt, out in (("xml", "coverage.xml"), ("lcov", "coverage.lcov"), ("json", "cov.json")):
        subprocess.run([*cov, fmt, "--data-file=.cov", "-o", out], cwd=root, check=True,
                       capture_output=True)
    return root


KNOWN = ["pkg/__init__.py", "pkg/calc.py", "run.py"]


@pytest.mark.parametrize(("report", "fmt"), [("coverage.xml", "cobertura"),
                                             ("coverage.lcov", "lcov")])
def test_real_reports_match_coverage_py_totals(measured: Path, report: str, fmt: str) -> None:
    truth = json.loads((measured / "cov.json").read_text())
    parsed = load_coverage(measured / report, measured, KNOWN)
    assert parsed.format == fmt
    assert parsed.covered == truth["totals"]["covered_lines"]
    assert parsed.valid == truth["totals"]["num_statements"]
    calc = next(f for f in parsed.files if f.path == "pkg/calc.py")
    expected = truth["files"]["pkg/calc.py"]["summary"]
    assert (calc.covered, calc.valid) == (expected["covered_lines"], expected["num_statements"])


def test_llvm_cov_style_lcov_with_absolute_paths(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "crate", {"src/main.rs": "", "src/lib.rs": ""})
    report = tmp_path / "lcov.info"
    report.write_text(
        f"SF:{root / 'src/main.rs'}\nFN:1,main\nFNDA:1,main\nDA:1,1\nDA:2,0\nDA:3,4\nLF:3\nLH:2\n"
        "end_of_record\n"
        f"SF:{root / 'src/lib.rs'}\nDA:1,0\nDA:2,0\nDA:2,3\nend_of_record\n"
    )
    parsed = load_coverage(report, root, ["src/main.rs", "src/lib.rs"])
    assert [(f.path, f.covered, f.valid) for f in parsed.files] == [
        ("src/lib.rs", 1, 2), ("src/main.rs", 2, 3)]
    assert round(parsed.percent, 1) == 60.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<coverage><oops", "report.txt:1: not a Cobertura XML report"),
        ("<html></html>", "report.txt:1: not a Cobertura XML report (root <html>)"),
        ("SF:a.py\nDA:x,1\n", "report.txt:2: bad lcov DA record 'x,1'"),
        ("DA:1,1\n", "report.txt:1: lcov DA record outside an SF section"),
        ("hello world\n", "report.txt:1: not an lcov record"),
    ],
)
def test_bad_reports_name_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "report.txt").write_text(text)
    with pytest.raises(InputError) as err:
        load_coverage(tmp_path / "report.txt", tmp_path, [])
    assert str(err.value).endswith(message) or message in str(err.value)


def test_coverage_rule_total_and_per_file(measured: Path) -> None:
    (measured / "pack.toml").write_text(
        "[rules.coverage]\nmin_percent = 90\nmin_file_percent = 75\n")
    outcome = gate(measured, rules="pack.toml", coverage=measured / "coverage.xml")
    found = {(j.finding.path, j.finding.subject): j.finding for j in outcome.result.judged}
    assert set(found) == {("", "<total>"), ("pkg/calc.py", "pkg/calc.py")}
    total = found[("", "<total>")]
    assert total.worse == "lower" and total.threshold == 90 and total.value < 90
    assert outcome.result.broken


def test_coverage_missing_report_is_a_note_and_missing_file_an_error(measured: Path) -> None:
    (measured / "pack.toml").write_text("[rules.coverage]\n")
    outcome = gate(measured, rules="pack.toml")
    assert not outcome.result.broken and "no report given" in outcome.result.notes[0]
    with pytest.raises(UsageError, match="coverage report not found"):
        gate(measured, rules="pack.toml", coverage=measured / "nope.xml")
