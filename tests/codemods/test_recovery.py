"""Recovery: whatever stops `apply --write` or `undo` (an error, a full disk, SIGTERM, a
SIGKILL at any durable step, a second run at the same time), plain `undo` or plain
`apply --write` repairs it, byte for byte and without debris."""

from __future__ import annotations

import errno
import os
import shutil
import sys
from collections import namedtuple
from pathlib import Path

import pytest

from nova_refactor.codemods import faults, journal, runner, transaction
from nova_refactor.errors import UsageError, WriteError
from tests.codemods.harness import copy_case, tree_bytes
from tests.helpers import propose


def _debris(root: Path) -> list[str]:
    """Temporary files anywhere, journal folders without a manifest, entries left pending."""
    found = [p.relative_to(root).as_posix() for p in root.rglob("*.tmp")]
    folder = root / journal.JOURNAL
    if folder.is_dir():
        found += [p.name for p in folder.iterdir() if not (p / journal.MANIFEST).is_file()]
        found += [f"pending {e.id}" for e in journal.pending(root)]
    return found


def test_a_write_error_rolls_back_only_what_was_replaced(tmp_path, monkeypatch):
    root = copy_case(tmp_path)
    before = tree_bytes(root)
    proposal = propose("split-entrypoint", root)
    real = journal.replace_file
    written: list[str] = []

    def full_after_two(root_, entry, path, data):
        if len(written) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(path)
        real(root_, entry, path, data)

    monkeypatch.setattr(journal, "replace_file", full_after_two)
    with pytest.raises(WriteError, match="No space left on device.*rolled back"):
        runner.write(proposal)
    monkeypatch.setattr(journal, "replace_file", real)
    assert tree_bytes(root) == before
    assert _debris(root) == []
    entries = list(journal._entries(root))
    assert [e.state for e in entries] == [journal.UNDONE]


def test_too_little_free_space_is_refused_before_anything_is_written(tmp_path, monkeypatch):
    root = copy_case(tmp_path)
    before = tree_bytes(root)
    proposal = propose("split-entrypoint", root)
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _: usage(10**9, 10**9, 4096))
    with pytest.raises(UsageError, match="not enough free space"):
        runner.write(proposal)
    assert tree_bytes(root) == before
    assert not (root / journal.JOURNAL).exists() or not any((root / journal.JOURNAL).iterdir())


def test_a_second_writer_is_refused_while_the_first_holds_the_project(tmp_path):
    root = copy_case(tmp_path)
    before = tree_bytes(root)
    proposal = propose("split-entrypoint", root)
    with transaction.project_lock(root), pytest.raises(UsageError, match="another"):
        runner.write(proposal)
    assert tree_bytes(root) == before
    # the lock file is git-ignored like the journal, even when nothing was journalled
    assert (root / ".nova-refactor" / ".gitignore").read_text() == "*\n"


def test_a_plan_made_before_another_write_is_refused_not_written_over_it(tmp_path):
    root = copy_case(tmp_path)
    first = propose("split-entrypoint", root)
    second = propose("split-entrypoint", root)
    runner.write(first)
    after_first = tree_bytes(root)
    with pytest.raises(UsageError, match="changed since the plan was made"):
        runner.write(second)
    assert tree_bytes(root) == after_first


def test_sigterm_during_verify_rolls_back(tmp_path):
    root = copy_case(tmp_path)
    before = tree_bytes(root)
    proposal = propose("split-entrypoint", root)
    with pytest.raises(KeyboardInterrupt):
        runner.write(proposal, verify=f"kill -TERM {os.getpid()}; sleep 5")
    assert tree_bytes(root) == before
    assert _debris(root) == []


def test_a_journal_folder_without_manifest_blocks_nothing(tmp_path):
    root = copy_case(tmp_path)
    before = tree_bytes(root)
    stray = root / journal.JOURNAL / "20990101T000000.000000-dead" / "originals"
    stray.mkdir(parents=True)
    (stray / "main.py").write_text("half kept\n")
    entry = runner.write(propose("split-entrypoint", root)).entry
    assert entry is not None and not stray.exists()
    runner.undo(root)
    assert tree_bytes(root) == before


Run = namedtuple("Run", "returncode stderr")


def _run(args: list[str], root: Path, kill_at: int = 0) -> Run:
    """The CLI in a forked child (no interpreter start-up per kill point): SIGKILLed at the
    `kill_at`th durable step when given; its exit code is -9 then, as subprocess reports it."""
    errors = root.parent / f".{root.name}.stderr"
    pid = os.fork()
    if pid == 0:  # the child never returns into pytest
        code = 70
        try:
            faults.POINTS.kill_at, faults.POINTS.steps = kill_at, 0
            os.chdir(root)
            # pytest's capture objects stand in for sys.stdout/err: use files of our own.
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - closed by os._exit
            sys.stderr = open(errors, "w")  # noqa: SIM115
            sys.argv = ["nova-refactor", *args]
            from nova_refactor.cli.entry import main

            main()
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    return Run(code, errors.read_text() if errors.exists() else "")


APPLY = ["apply", "split-entrypoint", ".", "--write", "--stat"]


@pytest.mark.slow
def test_every_kill_point_of_apply_is_repaired_by_plain_undo_and_by_apply(tmp_path):
    pristine = copy_case(tmp_path / "pristine")
    before = tree_bytes(pristine)
    reference = copy_case(tmp_path / "reference")
    assert _run(APPLY, reference).returncode == 0
    split = tree_bytes(reference)
    step = 0
    while True:
        step += 1
        root = tmp_path / f"k{step}"
        shutil.copytree(pristine, root)
        killed = _run(APPLY, root, kill_at=step)
        if killed.returncode == 0:  # past the last durable step: nothing left to kill
            break
        assert killed.returncode == -9, killed.stderr
        again = tmp_path / f"a{step}"
        shutil.copytree(root, again)
        undone = _run(["undo", "."], root)
        assert undone.returncode in (0, 2), undone.stderr  # 2: killed before any user write
        assert "changed since" not in undone.stderr and "edited" not in undone.stderr
        assert tree_bytes(root) == before, f"kill point {step}: undo did not restore the tree"
        assert _debris(root) == [], f"kill point {step}"
        reapplied = _run(APPLY, again)
        assert reapplied.returncode == 0, f"kill point {step}: {reapplied.stderr}"
        assert tree_bytes(again) == split, f"kill point {step}: apply again did not finish"
        assert _debris(again) == [], f"kill point {step}"
    assert step > 8  # originals, manifest, two steps per written file, commit


@pytest.mark.slow
def test_every_kill_point_of_undo_is_repaired_by_plain_undo(tmp_path):
    pristine = copy_case(tmp_path / "pristine")
    before = tree_bytes(pristine)
    assert _run(APPLY, pristine).returncode == 0
    step = 0
    while True:
        step += 1
        root = tmp_path / f"k{step}"
        shutil.copytree(pristine, root)
        killed = _run(["undo", "."], root, kill_at=step)
        if killed.returncode == 0:
            break
        assert killed.returncode == -9, killed.stderr
        undone = _run(["undo", "."], root)
        # Killed after the entry was marked undone: nothing is left to do.
        assert undone.returncode == 0 or "nothing to undo" in undone.stderr, undone.stderr
        assert tree_bytes(root) == before, f"kill point {step}"
        assert _debris(root) == [], f"kill point {step}"
    assert step > 4
