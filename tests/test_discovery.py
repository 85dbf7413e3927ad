"""Discovery: .gitignore, excludes, default skips, shebangs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nova_refactor.errors import UsageError
from nova_refactor.workspace import discover


def _touch(root: Path, *names: str, content: str = "x = 1\n") -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)


def _found(root: Path, excludes: tuple[str, ...] = ()) -> list[str]:
    return [f.rel_path for f in discover([root], excludes).files]


def test_gitignore_nested_and_user_excludes(tmp_path: Path) -> None:
    _touch(tmp_path, "app.py", "gen/out.py", "pkg/keep.py", "pkg/secret.py", "pkg/sub/x.py",
           "legacy/old.py")
    (tmp_path / ".gitignore").write_text("gen/\n")
    (tmp_path / "pkg" / ".gitignore").write_text("secret.py\n")
    assert _found(tmp_path, ("legacy/",)) == ["app.py", "pkg/keep.py", "pkg/sub/x.py"]


def test_virtualenvs_build_and_vendored_folders_are_skipped(tmp_path: Path) -> None:
    _touch(tmp_path, "app.py", ".venv/lib/a.py", "env2/lib/b.py", "build/lib/c.py",
           "vendor/d.py", "node_modules/e.py", "x.egg-info/f.py")
    (tmp_path / "env2" / "pyvenv.cfg").write_text("home = /usr\n")
    assert _found(tmp_path) == ["app.py"]


def test_python_detected_by_shebang_without_extension(tmp_path: Path) -> None:
    _touch(tmp_path, "tool", content="#!/usr/bin/env python3\nprint(1)\n")
    _touch(tmp_path, "script.sh", content="#!/bin/sh\necho\n")
    _touch(tmp_path, "README", content="hello\n")
    assert _found(tmp_path) == ["tool"]


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        discover([tmp_path / "nope"])


def test_symlinked_directory_loop_terminates(tmp_path: Path) -> None:
    _touch(tmp_path, "pkg/a.py")
    (tmp_path / "pkg" / "loop").symlink_to(tmp_path / "pkg")
    assert _found(tmp_path) == ["pkg/a.py"]


def test_a_fifo_in_the_tree_is_skipped_not_read(tmp_path: Path) -> None:
    import os

    from nova_refactor.workspace import discover

    (tmp_path / "app.py").write_text("x = 1\n")
    os.mkfifo(tmp_path / "pipe.py")
    os.mkfifo(tmp_path / "script")
    assert [f.rel_path for f in discover([tmp_path]).files] == ["app.py"]


def test_tree_walk_is_os_walk_without_following_links(tmp_path: Path) -> None:
    from nova_refactor.workspace import _tree

    for folder in ("a/b/c", "a/d", "e", "skip/inner"):
        (tmp_path / folder).mkdir(parents=True)
    for file in ("a/x.py", "a/b/y.py", "a/b/c/z.txt", "e/w.py", "skip/inner/v.py"):
        (tmp_path / file).write_text("x = 1\n")
    (tmp_path / "e" / "loop").symlink_to(tmp_path)  # listed as a directory, never entered
    (tmp_path / "a" / "to_e").symlink_to(tmp_path / "e")
    (tmp_path / "broken").symlink_to(tmp_path / "nowhere")

    def walked(walk) -> list[tuple[str, list[str], list[str]]]:
        seen = []
        for dirpath, dirnames, filenames in walk:
            seen.append((dirpath, sorted(dirnames), sorted(filenames)))
            if "inner" in dirnames:
                dirnames.remove("inner")  # pruned in place, as discovery does
        return seen

    errors: list[OSError] = []
    assert walked(_tree(str(tmp_path), errors.append)) == walked(os.walk(tmp_path))
    assert walked(_tree(str(tmp_path / "missing"), errors.append)) == []
    assert [e.filename for e in errors] == [str(tmp_path / "missing")]


def test_a_named_file_of_another_kind_is_a_usage_error(tmp_path: Path) -> None:
    _touch(tmp_path, "README.md", content="# hello\n")
    _touch(tmp_path, "tool", content="print(1)\n")  # a script named on purpose is read
    with pytest.raises(UsageError, match=r"README\.md: not a source file this tool reads"):
        discover([tmp_path / "README.md"])
    assert [f.rel_path for f in discover([tmp_path / "tool"]).files] == ["tool"]


def test_every_command_honours_the_projects_configured_excludes(tmp_path: Path) -> None:
    import subprocess

    from nova_refactor.analysis.history.revision import analyze_revision
    from nova_refactor.analysis.run.pipeline import Options, analyze

    _touch(tmp_path, "app.py", "legacy/old.py", "gen/out.py")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.nova-refactor]\nexclude = ["legacy/"]\n')
    paths = {f.path for f in analyze([tmp_path], Options(use_cache=False)).files}
    assert paths == {"app.py", "gen/out.py"}
    paths = {f.path for f in analyze([tmp_path], Options(use_cache=False,
                                                         excludes=("gen/",))).files}
    assert paths == {"app.py"}  # the command line's excludes add to the project's
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)
    at_head = analyze_revision(tmp_path, "HEAD", Options(use_cache=False))
    assert {f.path for f in at_head.files} == {"app.py", "gen/out.py"}


def test_a_folder_without_sources_says_so(tmp_path: Path) -> None:
    _touch(tmp_path, "README.md", ".venv/lib/a.py")
    found = discover([tmp_path])
    assert found.files == ()
    [note] = found.diagnostics
    assert note.severity == "note" and "no Python (.py) or Rust (.rs) source files" in note.message
