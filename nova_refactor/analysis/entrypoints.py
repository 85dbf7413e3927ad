"""Which files are entrypoints: `[project.scripts]` targets and files with entrypoint signals."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from nova_refactor.model import Entrypoint, FileFacts


def script_targets(root: Path, paths: Iterable[Path]) -> set[str]:
    """Repo-relative files named as scripts by the targets' packaging: `[project.scripts]`,
    Poetry's scripts, `console_scripts`/`gui_scripts` of `setup.py` or `setup.cfg`."""
    targets: set[str] = set()
    folders = {root} | {(p if p.is_dir() else p.parent).resolve() for p in paths}
    for folder in sorted(folders):
        targets |= _files_of(folder, _pyproject_scripts(folder / "pyproject.toml"), root)
        targets |= _files_of(folder, _setup_scripts(folder), root)
    return targets


def _setup_scripts(folder: Path) -> list[str]:
    paths = [folder / "setup.py", folder / "setup.cfg"]
    if not any(p.is_file() for p in paths):
        return []
    # only when there is one to read: a warm run loads no parser (start-up time)
    from nova_refactor.frontends.python.packaging import read_setup_cfg, read_setup_py

    found: list[str] = []
    for path, reader in zip(paths, (read_setup_py, read_setup_cfg), strict=True):
        if path.is_file():
            try:
                found += reader(path.read_text(encoding="utf-8")).scripts
            except (OSError, UnicodeDecodeError):
                continue  # unreadable: declares nothing
    return found


def _pyproject_scripts(pyproject: Path) -> list[str]:
    if not pyproject.is_file():
        return []
    import tomllib  # only when there is a pyproject.toml to read (start-up time)

    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return []  # no or unreadable pyproject: no script targets, nothing to report
    scripts = dict(data.get("project", {}).get("scripts", {}))
    scripts.update(data.get("tool", {}).get("poetry", {}).get("scripts", {}))
    return [spec for spec in scripts.values() if isinstance(spec, str)]


def _files_of(folder: Path, specs: list[str], root: Path) -> set[str]:
    """The module files of `module:function` specs, relative to `root`."""
    found = set()
    for spec in specs:
        module = spec.split(":", 1)[0].strip()
        rel = Path(*module.split("."))
        for base in (folder, folder / "src"):
            for candidate in (base / rel.with_suffix(".py"), base / rel / "__init__.py"):
                if candidate.is_file():
                    try:
                        found.add(candidate.resolve().relative_to(root).as_posix())
                    except ValueError:
                        continue
    return found


def main_entrypoint(entrypoints: Sequence[Entrypoint]) -> Entrypoint | None:
    """The entrypoint a plan, a comparison and Phase 1 are about: the one building the app
    the server runs, else the longest (`Entrypoint.split_order`); None without any. A data
    script (CTFd's 498-line `populate.py`) is not the service's entrypoint, however long."""
    return max(entrypoints, key=lambda e: e.split_order, default=None)


def entrypoints_of(files: Sequence[FileFacts]) -> tuple[Entrypoint, ...]:
    """Files with at least one strong signal, or only a conventional file name at the top."""
    found = []
    for facts in files:
        entry = facts.entrypoint
        if entry is None:
            continue
        strong = any(signal.strong for signal in entry.signals)
        top_level = "/" not in facts.path
        if strong or top_level:
            found.append(
                Entrypoint(facts.path, facts.lines.physical, entry.signals, entry.segments)
            )
    return tuple(found)
