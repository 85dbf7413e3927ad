"""Headline metrics per commit, read from git objects, for trends over a refactor.

Each commit is analysed through the per-file cache, so a file unchanged between commits is
analysed once; the working tree is never touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nova_refactor import gitrepo
from nova_refactor.analysis.history.compare import METRICS
from nova_refactor.analysis.history.revision import analyze_commit
from nova_refactor.analysis.run.pipeline import Options
from nova_refactor.errors import UsageError

SCHEMA_ID = "nova-refactor/history/1"
DEFAULT_LAST = 10


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    commit: str
    date: str
    subject: str
    values: tuple[float | None, ...]  # parallel to History.metrics


@dataclass(frozen=True, slots=True)
class History:
    path: str
    metrics: tuple[str, ...]  # metric keys
    labels: tuple[str, ...]
    points: tuple[HistoryPoint, ...]
    schema: str = SCHEMA_ID

    def series(self, key: str) -> list[float | None]:
        index = self.metrics.index(key)
        return [point.values[index] for point in self.points]


def history(
    path: Path, revs: str | None = None, last: int | None = None, options: Options = Options()
) -> History:
    """Metrics for the commits of `revs` (`A..B`) or the last `last` commits touching `path`."""
    repo, prefix = gitrepo.locate(path)
    commits = gitrepo.commits(repo, revs, _limit(revs, last), prefix)
    if not commits:
        raise UsageError(f"{path}: no commits in {revs or 'HEAD'} touch this folder")
    points = [_point(repo, prefix, commit, options) for commit in commits]
    return History(
        path=prefix or repo.name,
        metrics=tuple(m.key for m in METRICS),
        labels=tuple(m.label for m in METRICS),
        points=tuple(points),
    )


def _limit(revs: str | None, last: int | None) -> int | None:
    if revs and last:
        raise UsageError("give either --revs or --last, not both")
    return None if revs else last or DEFAULT_LAST


def _point(repo: Path, prefix: str, commit: gitrepo.Commit, options: Options) -> HistoryPoint:
    analysis = analyze_commit(repo, prefix, commit.sha, options, commit.sha[:12])
    values = tuple(metric.measure(analysis)[0] for metric in METRICS)
    return HistoryPoint(commit.sha, commit.date, commit.subject, values)


def history_if_any(
    path: Path, last: int, options: Options = Options()
) -> tuple[History | None, str]:
    """The last `last` commits' history, or None and the reason when there is none to show."""
    if last <= 0:
        return None, ""
    try:
        return history(path, last=last, options=options), ""
    except UsageError as err:
        return None, f"History not shown: {err}"
