"""Assemble an Analysis from per-file facts: cross-file hot paths, routes, imports, summary."""

from __future__ import annotations

from pathlib import Path

from nova_refactor import __version__
from nova_refactor.analysis.entrypoints import entrypoints_of
from nova_refactor.analysis.lock_scope import without_test_locks
from nova_refactor.analysis.python.foreign_locks import resolve_foreign_sites
from nova_refactor.analysis.python.hotpaths import mark_hot_paths
from nova_refactor.analysis.python.modules import ModuleTable, import_edges
from nova_refactor.analysis.python.reexports import follow_reexports
from nova_refactor.analysis.python.routes import route_inventory
from nova_refactor.analysis.run.summary import offenders, summarize
from nova_refactor.analysis.rust.hot import with_project_hot_paths
from nova_refactor.analysis.rust.lock_owners import link_handed_locks
from nova_refactor.analysis.rust.modules import RustModules, rust_import_edges
from nova_refactor.analysis.rust.routes import rust_route_inventory
from nova_refactor.model import Analysis, Diagnostic, FileFacts, Severity


def assemble(
    root: Path | None, root_name: str, files: list[FileFacts], diagnostics: list[Diagnostic],
    complexity_threshold: int, top: int, include_tests: bool = False,
) -> Analysis:
    """`root` is None when the files are not on disk (a git revision): no Cargo.toml to read.
    Test code's locks are left out unless `include_tests`."""
    files = link_handed_locks(without_test_locks(files, include_tests))
    files = with_project_hot_paths(files, include_tests)
    package = root.name if root and (root / "__init__.py").is_file() else ""
    table = ModuleTable(files, package)
    files = mark_hot_paths(resolve_foreign_sites(files, table), table, include_tests)
    crates = RustModules(files, root)
    routes = tuple(sorted(
        (*route_inventory(files, table), *rust_route_inventory(files, crates)),
        key=lambda r: (r.path, r.method, r.file, r.line),
    ))
    entrypoints = entrypoints_of(files)
    locks = tuple(site for f in files for site in f.locks)
    all_diagnostics = tuple(
        sorted(
            [*diagnostics, *(d for f in files for d in f.diagnostics)],
            key=lambda d: (d.path, d.line, d.message),
        )
    )
    return Analysis(
        roots=(root_name,),
        tool_version=__version__,
        summary=summarize(
            files, entrypoints, locks, routes, _problems(all_diagnostics),
            complexity_threshold,
        ),
        offenders=offenders(files, top),
        entrypoints=entrypoints,
        routes=routes,
        locks=locks,
        imports=(
            *follow_reexports(import_edges(files, table), files, table),
            *rust_import_edges(crates),
        ),
        files=tuple(files),
        diagnostics=all_diagnostics,
    )


def _problems(diagnostics: tuple[Diagnostic, ...]) -> int:
    """Errors and warnings; notes (e.g. an empty `__init__.py`) are listed but not counted."""
    return sum(1 for d in diagnostics if d.severity != Severity.NOTE)
