"""Fingerprints that survive line moves, and the ratchet: new, worse, better, fixed, update."""

from __future__ import annotations

import json
from pathlib import Path

from nova_refactor.gate.baseline import entry_of, judge
from nova_refactor.gate.engine import fingerprinted
from nova_refactor.model import Finding
from nova_refactor.workspace import umask
from tests.gate_helpers import branchy, gate, write_tree

PACK = "[rules.function-complexity]\nmax = 10\n[rules.shared-locks]\n"


def _tree(root: Path, legacy_branches: int = 14, prefix: str = "") -> Path:
    write_tree(root, {
        "pack.toml": PACK,
        "legacy.py": prefix + "import threading\nLOCK = threading.Lock()\n\n\n"
                     + branchy("hotspot", legacy_branches) + "\n\n" + branchy("fine", 2),
    })
    return root


def _prints(root: Path) -> dict[str, str]:
    outcome = gate(root, rules="pack.toml")
    return {j.finding.subject: j.finding.fingerprint for j in outcome.result.judged}


def test_fingerprints_survive_unrelated_lines_inserted_above(tmp_path: Path) -> None:
    before = _prints(_tree(tmp_path / "a"))
    after = _prints(_tree(tmp_path / "b", prefix='"""A new docstring."""\n\nimport os\n\n\n'))
    assert set(before) == {"hotspot", "LOCK@<module>"}
    assert before == after


def test_same_named_subjects_get_distinct_stable_fingerprints() -> None:
    def make(line: int) -> Finding:
        return Finding("function-complexity", "error", "m", "a.py", line, "handler")

    first = fingerprinted([make(10), make(50)])
    moved = fingerprinted([make(30), make(90)])
    assert first[0].fingerprint != first[1].fingerprint
    assert [f.fingerprint for f in first] == [f.fingerprint for f in moved]


def test_ratchet_accepts_known_flags_worse_and_new(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    baseline = root / "baseline.json"
    first = gate(root, rules="pack.toml", baseline=baseline, update_baseline=True)
    # Adopting is allowed, and the result is shown as judged by the adopted baseline, so the
    # verdict agrees with the exit code: every finding known, the gate kept.
    assert first.baseline_written and first.adopted and not first.result.broken
    assert {j.status for j in first.result.judged} == {"known"}
    data = json.loads(baseline.read_text())
    assert data["schema"] == "nova-refactor/baseline/1" and len(data["findings"]) == 2
    # a file the team commits: the usual mode under the umask, not a temporary file's 0600
    assert baseline.stat().st_mode & 0o777 == 0o666 & ~umask()

    kept = gate(root, rules="pack.toml", baseline=baseline)
    assert not kept.result.broken
    assert {j.status for j in kept.result.judged} == {"known"}

    _tree(root, legacy_branches=16)  # the hotspot got worse
    (root / "new.py").write_text(branchy("fresh", 12))  # and a new complex function appeared
    broken = gate(root, rules="pack.toml", baseline=baseline)
    status = {j.finding.subject: (j.status, j.baseline_value) for j in broken.result.judged}
    assert status == {"hotspot": ("worse", 15.0), "fresh": ("new", None),
                      "LOCK@<module>": ("known", None)}
    assert broken.result.broken


def test_better_values_pass_and_update_tightens(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    baseline = root / "baseline.json"
    gate(root, rules="pack.toml", baseline=baseline, update_baseline=True)
    _tree(root, legacy_branches=11)  # improved, still over the limit
    better = gate(root, rules="pack.toml", baseline=baseline)
    assert not better.result.broken
    assert {j.finding.subject: (j.status, j.baseline_value) for j in better.result.judged
            if j.finding.rule == "function-complexity"} == {"hotspot": ("improved", 15.0)}
    updated = gate(root, rules="pack.toml", baseline=baseline, update_baseline=True)
    assert updated.baseline_written
    values = {e["subject"]: e["value"] for e in json.loads(baseline.read_text())["findings"]}
    assert values["hotspot"] == 12  # tightened: going back to 15 is now "worse"
    _tree(root, legacy_branches=14)
    assert gate(root, rules="pack.toml", baseline=baseline).result.broken


def test_fixed_findings_are_reported_and_dropped_on_update(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    baseline = root / "baseline.json"
    gate(root, rules="pack.toml", baseline=baseline, update_baseline=True)
    _tree(root, legacy_branches=3)  # the hotspot is fixed
    outcome = gate(root, rules="pack.toml", baseline=baseline, update_baseline=True)
    assert [e.subject for e in outcome.result.fixed] == ["hotspot"]
    subjects = [e["subject"] for e in json.loads(baseline.read_text())["findings"]]
    assert subjects == ["LOCK@<module>"]


def test_update_refuses_worse_unless_allowed(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    baseline = root / "baseline.json"
    gate(root, rules="pack.toml", baseline=baseline, update_baseline=True)
    before = baseline.read_text()
    _tree(root, legacy_branches=20)
    refused = gate(root, rules="pack.toml", baseline=baseline, update_baseline=True)
    assert not refused.baseline_written
    assert [j.finding.subject for j in refused.refused] == ["hotspot"]
    assert baseline.read_text() == before  # nothing written
    allowed = gate(root, rules="pack.toml", baseline=baseline, update_baseline=True,
                   allow_worse=True)
    assert allowed.baseline_written and allowed.refused == ()
    values = {e["subject"]: e["value"] for e in json.loads(baseline.read_text())["findings"]}
    assert values["hotspot"] == 21


def test_findings_a_split_moved_to_another_file_keep_their_status(tmp_path: Path) -> None:
    """Phase 1 of the plan moves code out of the entrypoint: the moved findings are the
    accepted ones, not new ones (issue #20: the split broke the gate with 28 "new" findings)."""
    root = _tree(tmp_path)
    baseline = root / "baseline.json"
    gate(root, rules="pack.toml", baseline=baseline, update_baseline=True)
    (root / "state.py").write_text((root / "legacy.py").read_text())
    (root / "legacy.py").write_text("from state import LOCK, hotspot, fine\n")
    (root / "extra.py").write_text(branchy("brand_new", 14))
    outcome = gate(root, rules="pack.toml", baseline=baseline)
    status = {(j.finding.path, j.finding.subject): j.status for j in outcome.result.judged}
    assert status == {("state.py", "hotspot"): "known", ("state.py", "LOCK@<module>"): "known",
                      ("extra.py", "brand_new"): "new"}
    assert not outcome.result.fixed  # moved, not fixed
    gate(root, rules="pack.toml", baseline=baseline, update_baseline=True, allow_worse=True)
    paths = sorted(e["path"] for e in json.loads(baseline.read_text())["findings"])
    assert paths == ["extra.py", "state.py", "state.py"]  # the old places replaced, not kept


def test_a_moved_lock_use_matches_under_its_module_qualified_name() -> None:
    def use(path: str, subject: str) -> Finding:
        return Finding("lock-on-request-path", "error", "m", path, 1, subject)

    (old,) = fingerprinted([use("main.py", "STATS_LOCK@stats:with")])
    moved, other = fingerprinted([use("routes.py", "app_state.STATS_LOCK@stats:with"),
                                  use("routes.py", "app_state.STATS_LOCK@reset:with")])
    judged, fixed = judge([moved, other], [moved.fingerprint, other.fingerprint],
                          {old.fingerprint: entry_of(old)})
    status = {j.finding.subject: j.status for j in judged}
    assert status == {"app_state.STATS_LOCK@stats:with": "known",
                      "app_state.STATS_LOCK@reset:with": "new"} and fixed == []
