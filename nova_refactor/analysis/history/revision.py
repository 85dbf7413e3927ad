"""Analyse a folder as it was at a git revision, from git's objects (the checkout is not touched).

Files are chosen like discovery chooses them on disk (language by extension or shebang, the
same skipped folders, `--exclude`, `--max-file-size`), so a revision and a working tree of the
same content give the same analysis. Results share the per-file cache: a file unchanged between
revisions is not analysed twice.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pathspec

from nova_refactor import gitrepo
from nova_refactor.analysis.run.pipeline import Options, analyze_sources
from nova_refactor.config import project_excludes
from nova_refactor.model import Analysis, Diagnostic, Severity
from nova_refactor.workspace import SKIPPED_DIRS, language_of


def analyze_revision(path: Path, rev: str, options: Options = Options()) -> Analysis:
    """The analysis of `path` at `rev` (any commit-ish git understands)."""
    repo, prefix = gitrepo.locate(path)
    commit = gitrepo.resolve(repo, rev)
    return analyze_commit(repo, prefix, commit, options, label=f"{rev}")


def analyze_commit(
    repo: Path, prefix: str, commit: str, options: Options, label: str = ""
) -> Analysis:
    # the project's configured excludes as they are in the working tree
    configured = project_excludes(repo / prefix)
    excludes = pathspec.GitIgnoreSpec.from_lines([*options.excludes, *configured])
    blobs = [b for b in gitrepo.list_blobs(repo, commit, prefix) if _wanted(b.rel_path, excludes)]
    diagnostics = []
    kept = []
    for blob in blobs:
        if blob.size > options.max_file_bytes:
            limit = options.max_file_bytes // 1024
            message = f"skipped: {blob.size // 1024} KiB is over the {limit} KiB limit"
            diagnostics.append(Diagnostic(blob.rel_path, 0, message, Severity.WARNING))
        else:
            kept.append(blob)
    contents = gitrepo.read_blobs(repo, [b.sha for b in kept])
    sources = []
    for blob in kept:
        data = contents[blob.sha]
        language = language_of(blob.rel_path, data[:200].split(b"\n", 1)[0])
        if language:
            sources.append((blob.rel_path, language, data))
    name = PurePosixPath(prefix).name if prefix else repo.name
    return analyze_sources(f"{name}@{label or commit[:12]}", sources, diagnostics, options)


def _wanted(rel_path: str, excludes: pathspec.PathSpec) -> bool:
    parts = PurePosixPath(rel_path).parts
    if any(p in SKIPPED_DIRS or p.endswith(".egg-info") for p in parts[:-1]):
        return False
    return not (excludes.patterns and excludes.match_file(rel_path))
