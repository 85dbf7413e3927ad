"""The safety machinery: dry run, conflicts, journal and undo, idempotence, verify, post-checks."""

from __future__ import annotations

import sys

import pytest

from nova_refactor.codemods import checks, journal, runner
from nova_refactor.codemods.python import split as python_split
from nova_refactor.errors import UsageError, VerificationFailed
from nova_refactor.report.terminal.analysis import render_to_text
from nova_refactor.report.terminal.apply import plan_view
from tests.codemods.harness import copy_case, tree_bytes
from tests.helpers import propose


def test_proposing_writes_nothing(tmp_path):
    root = copy_case(tmp_path)
    before = tree_bytes(root)
    proposal = propose("split-entrypoint", root)
    assert {c.path for c in proposal.changeset.changes} == {
        "main.py", "app_state.py", "routes.py", "cli.py"}
    assert "+++ b/routes.py" in proposal.changeset.diff()
    assert tree_bytes(root) == before
    assert not (root / ".nova-refactor").exists()


def test_write_then_undo_restores_byte_identical_and_removes_created(tmp_path):
    root = copy_case(tmp_path)
    before = tree_bytes(root)
    outcome = runner.write(propose("split-entrypoint", root))
    assert outcome.entry is not None and set(outcome.entry.created) == {
        "app_state.py", "routes.py", "cli.py"}
    assert tree_bytes(root) != before
    assert (root / ".nova-refactor" / ".gitignore").read_text() == "*\n"
    runner.undo(root)
    assert tree_bytes(root) == before
    with pytest.raises(UsageError, match="nothing to undo"):
        runner.undo(root)


def test_second_apply_changes_nothing(tmp_path):
    root = copy_case(tmp_path)
    runner.write(propose("split-entrypoint", root))
    after = tree_bytes(root)
    again = propose("split-entrypoint", root)
    assert again.changeset.empty
    assert "already split" in again.plan.notes[0]
    shown = render_to_text(plan_view(again.plan))
    assert "already split" in shown and "What moves where" not in shown  # no empty table
    assert runner.write(again).entry is None
    assert tree_bytes(root) == after


def test_existing_target_with_other_content_is_refused_unless_forced(tmp_path):
    root = copy_case(tmp_path)
    (root / "routes.py").write_text("# someone else's module\n")
    proposal = propose("split-entrypoint", root)
    with pytest.raises(UsageError, match="routes.py already exists") as err:
        runner.write(proposal)
    assert err.value.exit_code == 2
    assert (root / "routes.py").read_text() == "# someone else's module\n"
    entry = runner.write(proposal, force=True).entry
    runner.undo(root, entry.id)
    assert (root / "routes.py").read_text() == "# someone else's module\n"


def test_failing_verify_command_rolls_back(tmp_path):
    root = copy_case(tmp_path)
    before = tree_bytes(root)
    command = f"{sys.executable} -c \"import sys; sys.exit(3)\""
    with pytest.raises(VerificationFailed, match="exited 3, rolled back") as err:
        runner.write(propose("split-entrypoint", root), verify=command)
    assert err.value.exit_code == 1
    assert tree_bytes(root) == before


def test_passing_verify_command_sees_the_split_tree(tmp_path):
    root = copy_case(tmp_path)
    command = f"{sys.executable} -c \"import routes, main; assert main.app is routes.app\""
    outcome = runner.write(propose("split-entrypoint", root), verify=command)
    assert outcome.entry is not None
    assert (root / "routes.py").is_file()


def test_post_apply_difference_aborts_and_rolls_back(tmp_path, monkeypatch):
    root = copy_case(tmp_path)
    before = tree_bytes(root)
    real = checks.compare
    monkeypatch.setattr(python_split, "compare", lambda a, b: [*real(a, b), "route lost: GET /x"])
    with pytest.raises(VerificationFailed, match="post-apply check failed.*GET /x"):
        runner.write(propose("split-entrypoint", root))
    assert tree_bytes(root) == before


def test_compare_names_lost_routes_and_names():
    before = checks.Snapshot((("GET", "/", "index", "home", "flask", True),),
                             frozenset({"app", "LIMIT"}), ())
    after = checks.Snapshot((), frozenset({"app"}), ())
    problems = checks.compare(before, after)
    assert "route lost: GET / -> index (home)" in problems
    assert "no longer importable from the entrypoint: LIMIT" in problems


def test_undo_refuses_files_edited_since_unless_forced(tmp_path):
    root = copy_case(tmp_path)
    entry = runner.write(propose("split-entrypoint", root)).entry
    (root / "routes.py").write_text("# edited by hand\n")
    with pytest.raises(UsageError, match="routes.py was edited after"):
        runner.undo(root, entry.id)
    done = runner.undo(root, entry.id, force=True)
    assert not (root / "routes.py").exists()
    kept = journal.kept_edits(root, done)  # --force never discards the hand edit silently
    assert [p.name for p in kept] == ["routes.py"]
    assert kept[0].read_text() == "# edited by hand\n"


def test_atomic_write_keeps_mode_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "x.py"
    target.write_text("old")
    target.chmod(0o640)
    journal.atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["x.py"]


def test_unknown_codemod_and_missing_entrypoint_are_usage_errors(tmp_path):
    with pytest.raises(UsageError, match="unknown codemod 'split-everything'"):
        propose("split-everything", tmp_path)
    (tmp_path / "lib.py").write_text("X = 1\n")
    with pytest.raises(UsageError, match="no Python entrypoint"):
        propose("split-entrypoint", tmp_path)
    with pytest.raises(UsageError, match="nope.py: no such file"):
        propose("split-entrypoint", tmp_path, "nope.py")


def test_syntax_error_in_entrypoint_is_one_line_input_error(tmp_path):
    (tmp_path / "main.py").write_text("def broken(:\n    pass\n")
    with pytest.raises(Exception) as err:
        propose("split-entrypoint", tmp_path, "main.py")
    assert err.value.exit_code == 2
    assert "main.py" in str(err.value) and "\n" not in str(err.value)


def test_a_file_that_is_no_entrypoint_is_refused(tmp_path):
    root = copy_case(tmp_path)
    (root / "helpers.py").write_text("def f():\n    return 1\n")
    with pytest.raises(UsageError, match="helpers.py: not an entrypoint"):
        propose("split-entrypoint", root, "helpers.py")


def test_a_lost_route_is_caught_after_writing_and_rolled_back(tmp_path, monkeypatch):
    """Sabotage the renderer: the post-apply re-analysis must notice the missing route."""
    root = copy_case(tmp_path)
    before = tree_bytes(root)
    real = python_split.Renderer.render

    def drop_health(self):
        texts = real(self)
        texts["routes.py"] = texts["routes.py"].replace(
            'app.add_url_rule("/health", view_func=health, methods=["GET"])', "")
        return texts

    monkeypatch.setattr(python_split.Renderer, "render", drop_health)
    with pytest.raises(VerificationFailed, match=r"route lost: GET /health -> health"):
        runner.write(propose("split-entrypoint", root))
    assert tree_bytes(root) == before


def test_a_file_changed_between_plan_and_write_is_refused(tmp_path):
    root = copy_case(tmp_path)
    proposal = propose("split-entrypoint", root)
    (root / "main.py").write_text((root / "main.py").read_text() + "\n# edited meanwhile\n")
    with pytest.raises(UsageError, match="main.py changed since the plan was made"):
        runner.write(proposal)
    assert not (root / "routes.py").exists()
