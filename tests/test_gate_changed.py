"""--changed-since on a real temporary git repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from nova_refactor.errors import UsageError
from nova_refactor.gate.changed import parse_diff
from tests.gate_helpers import branchy, gate, write_tree

PACK = "[rules.function-complexity]\nmax = 10\n[rules.file-size]\nmax_lines = 400\n"


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com",
                    "-c", "commit.gpgsign=false", *args],
                   cwd=root, check=True, capture_output=True)


def _legacy(worsen_branches: int, head: str = "") -> str:
    return head + branchy("legacy_hotspot", 15) + "\n\n" + branchy("worsen_me", worsen_branches)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    write_tree(root, {"pack.toml": PACK, "app/legacy.py": _legacy(8), "app/other.py": "x = 1\n",
                      "big.py": "x = 1\n" * 450})
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "legacy")
    return root


def test_worsened_function_is_caught_untouched_hotspot_is_not(repo: Path) -> None:
    (repo / "app/legacy.py").write_text(_legacy(12))
    outcome = gate(repo, rules="pack.toml", changed_since="HEAD")
    judged = [(j.finding.path, j.finding.line, j.finding.subject, j.status)
              for j in outcome.result.judged]
    line = 1 + (15 * 2 + 2) + 2  # after legacy_hotspot and two blank lines
    assert judged == [("app/legacy.py", line, "worsen_me", "new")]
    assert outcome.result.out_of_scope == 2  # legacy_hotspot and big.py are still found
    assert outcome.result.broken


def test_untracked_files_count_as_changed_and_a_commit_range_works(repo: Path) -> None:
    (repo / "app/fresh.py").write_text(branchy("fresh", 11))
    outcome = gate(repo, rules="pack.toml", changed_since="HEAD")
    assert [j.finding.subject for j in outcome.result.judged] == ["fresh"]
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "fresh")
    again = gate(repo, rules="pack.toml", changed_since="HEAD~1")
    assert [j.finding.subject for j in again.result.judged] == ["fresh"]
    assert gate(repo, rules="pack.toml", changed_since="HEAD").result.judged == ()


def test_touching_a_big_file_judges_its_file_level_findings(repo: Path) -> None:
    (repo / "big.py").write_text("x = 2\n" + "x = 1\n" * 449)
    outcome = gate(repo, rules="pack.toml", changed_since="HEAD")
    assert [j.finding.rule for j in outcome.result.judged] == ["file-size"]


def test_target_below_the_repository_root(repo: Path) -> None:
    (repo / "app/legacy.py").write_text(_legacy(12))
    (repo / "app/pack.toml").write_text(PACK)
    outcome = gate(repo / "app", rules="pack.toml", changed_since="HEAD")
    assert [(j.finding.path, j.finding.subject) for j in outcome.result.judged] == [
        ("legacy.py", "worsen_me")]


def test_bad_ref_and_no_repository_are_usage_errors(repo: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="unknown git revision 'nope'"):
        gate(repo, rules="pack.toml", changed_since="nope")
    plain = write_tree(tmp_path / "plain", {"a.py": "x = 1\n"})
    with pytest.raises(UsageError, match="not inside a git work tree"):
        gate(plain, changed_since="HEAD")


@pytest.mark.parametrize(
    ("diff", "expected"),
    [
        ("+++ b/a.py\n@@ -3,0 +4,2 @@\n+x\n+y\n", {"a.py": {4, 5}}),
        ("+++ b/a.py\n@@ -3 +3 @@\n-x\n+y\n", {"a.py": {3}}),
        ("+++ b/a.py\n@@ -10,3 +9,0 @@\n-x\n-y\n-z\n", {"a.py": {9, 10}}),  # pure deletion
        ("+++ /dev/null\n@@ -1,2 +0,0 @@\n-x\n", {}),
        ('+++ "b/sp ace.py"\n@@ -1 +1 @@\n', {"sp ace.py": {1}}),
    ],
)
def test_parse_diff(diff: str, expected: dict[str, set[int]]) -> None:
    assert parse_diff(diff) == {k: frozenset(v) for k, v in expected.items()}


def test_update_baseline_within_a_change_keeps_entries_outside_it(repo: Path) -> None:
    baseline = repo / "baseline.json"
    gate(repo, rules="pack.toml", baseline=baseline, update_baseline=True)
    (repo / "app/legacy.py").write_text(_legacy(6, head="import os\n"))  # lines move, not hotspot
    outcome = gate(repo, rules="pack.toml", baseline=baseline, changed_since="HEAD",
                   update_baseline=True)
    assert outcome.baseline_written and outcome.result.judged == ()
    kept = gate(repo, rules="pack.toml", baseline=baseline)
    assert {j.finding.subject: j.status for j in kept.result.judged} == {
        "legacy_hotspot": "known", "big.py": "known"}


def test_head_of_a_repository_without_commits_means_everything_is_new(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "fresh", {"pack.toml": PACK, "a.py": branchy("f", 11),
                                           "b.py": branchy("g", 12)})
    _git(root, "init", "-q")
    _git(root, "add", "a.py")  # staged; b.py stays untracked
    outcome = gate(root, rules="pack.toml", changed_since="HEAD")
    assert [j.finding.subject for j in outcome.result.judged] == ["f", "g"]


def test_without_a_baseline_legacy_findings_are_judged_against_the_base_revision(
        repo: Path) -> None:
    (repo / "big.py").write_text("x = 2\n" + "x = 1\n" * 449)  # touched, not grown
    touched = gate(repo, rules="pack.toml", changed_since="HEAD")
    assert [(j.finding.rule, j.status) for j in touched.result.judged] == [("file-size", "known")]
    assert not touched.result.broken  # a pre-commit hook lets the edit through
    assert any("judged against the same rules at HEAD" in n for n in touched.result.notes)
    (repo / "big.py").write_text("x = 1\n" * 460)  # grown: worse than at HEAD
    grown = gate(repo, rules="pack.toml", changed_since="HEAD")
    assert [(j.finding.rule, j.status, j.baseline_value) for j in grown.result.judged] == [
        ("file-size", "worse", 450)]
    assert grown.result.broken
