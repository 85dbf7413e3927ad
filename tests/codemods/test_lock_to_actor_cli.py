"""`nova-refactor apply lock-to-actor` through the codemod protocol: dry run, refusal (exit
4), usage errors (exit 2), `--write --verify` and `undo`."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from typer.testing import CliRunner

from nova_refactor.cli.app import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
runner = CliRunner()
WIDE = {"COLUMNS": "240"}


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".nova-refactor" not in p.parts and "__pycache__" not in p.parts}


def test_dry_run_shows_the_plan_and_writes_nothing():
    before = _tree(EXAMPLES / "rust_axum")
    result = runner.invoke(app, ["apply", "lock-to-actor", str(EXAMPLES / "rust_axum"),
                                 "--lock", "AppState.feeds"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "src/handlers/follows.rs:15: `follow` through the lock -> command `follow`" in \
        result.output
    assert "+pub struct FeedIndexHandle {" in result.output
    assert "dry run: nothing written" in result.output
    assert _tree(EXAMPLES / "rust_axum") == before


def test_a_refused_lock_exits_4_naming_the_site():
    result = runner.invoke(app, ["apply", "lock-to-actor", str(EXAMPLES / "python_monolith"),
                                 "--lock", "SESSION_LOCK"], env=WIDE)
    assert result.exit_code == 4
    assert "tests/test_workers.py:167: uses `SESSION_LOCK` itself" in result.output
    # the error line is the runner's, worded for this codemod (it is no split)
    assert ": cannot replace the lock safely: " in result.output
    assert "cannot split" not in result.output
    # the plan shows the reason once (as "refused:"), the error line once more: not three times
    assert result.output.count("uses `SESSION_LOCK` itself") == 2


def test_lock_or_hot_is_needed_and_not_both():
    path = str(EXAMPLES / "rust_axum")
    neither = runner.invoke(app, ["apply", "lock-to-actor", path], env=WIDE)
    both = runner.invoke(app, ["apply", "lock-to-actor", path, "--hot", "--lock", "X.y"],
                         env=WIDE)
    assert neither.exit_code == 2 and "--lock OWNER" in neither.output
    assert both.exit_code == 2 and "give one" in both.output


def test_hot_converts_what_it_can_and_says_what_it_skips():
    result = runner.invoke(app, ["apply", "lock-to-actor", str(EXAMPLES / "rust_monolith"),
                                 "--hot", "--stat"], env=WIDE)
    # StreamService.state converts; UserService.users (a HashMap) is left alone, said so
    assert result.exit_code == 0, result.output
    assert "src/services/stream_state/mod.rs" in result.output
    assert "`HashMap<u64,User>` is not declared in the crate" in result.output


def test_hot_with_nothing_convertible_is_refused():
    result = runner.invoke(app, ["apply", "lock-to-actor", str(EXAMPLES / "rust_axum"), "--hot"],
                           env=WIDE)
    assert result.exit_code == 4
    assert "src/store.rs:13: the guarded type `BTreeMap<u64,Post>`" in result.output


def test_write_verify_and_undo(tmp_path):
    root = tmp_path / "app"
    shutil.copytree(EXAMPLES / "python_monolith", root,
                    ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    original = _tree(root)
    verify = f"{sys.executable} -m pytest -q -x -p no:cacheprovider"
    result = runner.invoke(app, ["apply", "lock-to-actor", str(root), "--lock", "STATS_LOCK",
                                 "--write", "--verify", verify], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "pyflakes: no new warnings in 2 written module(s)" in result.output
    assert 'STATS_LOCK = ThreadActor("STATS_LOCK")' in (root / "main.py").read_text()
    undone = runner.invoke(app, ["undo", str(root)], env=WIDE)
    assert undone.exit_code == 0, undone.output
    assert _tree(root) == original
