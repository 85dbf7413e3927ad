"""Which files are entrypoints: `[project.scripts]` targets and files with entrypoint signals."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from nova_refactor.model import Entrypoint, FileFacts

STRONG = ("guard", "app `", "[project.scripts]", "`fn main`")


def script_targets(root: Path, paths: Iterable[Path]) -> set[str]:
    """Repo-relative files named by `[project.scripts]` (or Poetry's scripts) of the targets."""
    targets: set[str] = set()
    candidates = {root / "pyproject.toml"}
    candidates |= {(p if p.is_dir() else p.parent).resolve() / "pyproject.toml" for p in paths}
    for pyproject in sorted(candidates):
        targets |= _targets_of(pyproject, root)
    return targets


def _targets_of(pyproject: Path, root: Path) -> set[str]:
    if not pyproject.is_file():
        return set()
    import tomllib  # only when there is a pyproject.toml to read (start-up time)

    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return set()  # no or unreadable pyproject: no script targets, nothing to report
    scripts = dict(data.get("project", {}).get("scripts", {}))
    scripts.update(data.get("tool", {}).get("poetry", {}).get("scripts", {}))
    found = set()
    for spec in scripts.values():
        if not isinstance(spec, str):
            continue
        module = spec.split(":", 1)[0].strip()
        rel = Path(*module.split("."))
        for base in (pyproject.parent, pyproject.parent / "src"):
            for candidate in (base / rel.with_suffix(".py"), base / rel / "__init__.py"):
                if candidate.is_file():
                    try:
                        found.add(candidate.resolve().relative_to(root).as_posix())
                    except ValueError:
                        continue
    return found


def entrypoints_of(files: Sequence[FileFacts]) -> tuple[Entrypoint, ...]:
    """Files with at least one strong signal, or only a conventional file name at the top."""
    found = []
    for facts in files:
        entry = facts.entrypoint
        if entry is None:
            continue
        strong = any(marker in signal for signal in entry.signals for marker in STRONG)
        top_level = "/" not in facts.path
        if strong or top_level:
            found.append(
                Entrypoint(facts.path, facts.lines.physical, entry.signals, entry.segments)
            )
    return tuple(found)
