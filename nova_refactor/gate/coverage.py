"""Coverage reports: Cobertura XML (`coverage xml`, many CI tools) and lcov (`cargo llvm-cov`,
tarpaulin, `coverage lcov`), read into per-file line counts with repo-relative paths.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from nova_refactor.errors import InputError


@dataclass(frozen=True, slots=True)
class FileCoverage:
    path: str  # repo-relative when it matched a project file, as written otherwise
    covered: int
    valid: int
    missed: tuple[int, ...] = ()  # line numbers measured and never hit, ascending
    measured: tuple[int, ...] = ()  # every measured line number, ascending (per-function use)

    @property
    def percent(self) -> float:
        return 100.0 * self.covered / self.valid if self.valid else 100.0


@dataclass(frozen=True, slots=True)
class CoverageReport:
    source: str
    format: str  # cobertura | lcov
    files: tuple[FileCoverage, ...]

    @property
    def covered(self) -> int:
        return sum(f.covered for f in self.files)

    @property
    def valid(self) -> int:
        return sum(f.valid for f in self.files)

    @property
    def percent(self) -> float:
        return 100.0 * self.covered / self.valid if self.valid else 100.0


def load_coverage(report: Path, root: Path, known: Collection[str]) -> CoverageReport:
    """Read `report` (format told by its content); InputError names the file and line."""
    try:
        text = report.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{report}: cannot read coverage report ({err})") from None
    mapper = _PathMapper(root, known)
    if text.lstrip().startswith("<"):
        lines = _cobertura(text, str(report), mapper)
        fmt = "cobertura"
    else:
        lines = _lcov(text, str(report), mapper)
        fmt = "lcov"
    files = tuple(
        FileCoverage(path, sum(1 for hits in per_line.values() if hits > 0), len(per_line),
                     tuple(sorted(n for n, hits in per_line.items() if hits == 0)),
                     tuple(sorted(per_line)))
        for path, per_line in sorted(lines.items())
    )
    return CoverageReport(str(report), fmt, files)


class _PathMapper:
    """Report paths (absolute, relative to a <source>, or to the CWD) -> repo-relative paths."""

    def __init__(self, root: Path, known: Collection[str]) -> None:
        self.root = root.resolve()
        self.known = set(known)

    def map(self, name: str, bases: list[str]) -> str:
        candidates = [str(Path(base) / name) for base in bases] + [name]
        for candidate in candidates:
            rel = self._relative(candidate)
            if rel in self.known:
                return rel
        posix = PurePosixPath(name.replace("\\", "/")).as_posix()
        suffix = [k for k in self.known if k == posix or k.endswith("/" + posix.lstrip("./"))]
        return suffix[0] if len(suffix) == 1 else posix

    def _relative(self, candidate: str) -> str:
        path = Path(candidate)
        if path.is_absolute():
            try:
                return path.resolve().relative_to(self.root).as_posix()
            except ValueError:
                return path.as_posix()
        return PurePosixPath(candidate.replace("\\", "/")).as_posix()


def _cobertura(text: str, source: str, mapper: _PathMapper) -> dict[str, dict[int, int]]:
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as err:
        raise InputError(f"{source}:{err.position[0]}: not a Cobertura XML report: {err}") from None
    if root.tag != "coverage":
        raise InputError(f"{source}:1: not a Cobertura XML report (root <{root.tag}>)")
    bases = [s.text.strip() for s in root.iter("source") if s.text and s.text.strip()]
    found: dict[str, dict[int, int]] = {}
    for klass in root.iter("class"):
        path = mapper.map(klass.get("filename", ""), bases)
        per_line = found.setdefault(path, {})
        for line in klass.iter("line"):
            number, hits = _int(line.get("number"), source), _int(line.get("hits"), source)
            per_line[number] = max(per_line.get(number, 0), hits)
    return found


def _int(value: str | None, source: str) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise InputError(f"{source}: bad number {value!r} in a <line> element") from None


def _lcov(text: str, source: str, mapper: _PathMapper) -> dict[str, dict[int, int]]:
    found: dict[str, dict[int, int]] = {}
    current: dict[int, int] | None = None
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("SF:"):
            current = found.setdefault(mapper.map(line[3:], []), {})
        elif line.startswith("DA:"):
            if current is None:
                raise InputError(f"{source}:{lineno}: lcov DA record outside an SF section")
            current.update([_da(line[3:], source, lineno, current)])
        elif line == "end_of_record":
            current = None
        elif line and ":" not in line:
            raise InputError(f"{source}:{lineno}: not an lcov record: {line[:40]!r}")
    if not found:
        raise InputError(f"{source}:1: neither Cobertura XML nor lcov (no SF: records)")
    return found


def _da(fields: str, source: str, lineno: int, current: dict[int, int]) -> tuple[int, int]:
    parts = fields.split(",")
    try:
        number, hits = int(parts[0]), int(float(parts[1]))
    except (IndexError, ValueError):
        raise InputError(f"{source}:{lineno}: bad lcov DA record {fields!r}") from None
    return number, max(current.get(number, 0), hits)
