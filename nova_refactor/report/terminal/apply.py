"""Rendering of codemods: the list, a split plan, a coloured unified diff, apply/undo outcomes."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, JustifyMethod, RenderableType
from rich.table import Table
from rich.text import Text

from nova_refactor.codemods.changeset import Changeset, unified_diff
from nova_refactor.codemods.plan import ENTRY, Placement, SplitPlan
from nova_refactor.codemods.registry import Codemod


def codemods_view(codemods: Sequence[Codemod]) -> Table:
    table = Table(title="Codemods", title_justify="left", title_style="bold")
    table.add_column("codemod")
    table.add_column("what it does")
    for codemod in codemods:
        # said from the registry, so the line changes by itself when an implementation lands
        later = "" if codemod.available else " (not available yet)"
        table.add_row(codemod.name, codemod.summary + later)
    return table


def plan_view(plan: SplitPlan, placements: bool = True) -> Group:
    """The plan: modules, what moves where (unless `placements` is off: `--stat`), notes."""
    parts: list[RenderableType] = [Text(f"Plan: {plan.codemod} on {plan.entrypoint}", style="bold")]
    parts.extend(_module_lines(plan))
    # An already split entrypoint has nothing to place: its note says so.
    if placements and plan.placements:
        parts.append(_placements(plan))
    for name, owner in plan.read_through:
        parts.append(Text(f"  read through its home: `{name}` -> {owner}.{name}", style="cyan"))
    parts.extend(Text(f"  note: {note}", style="dim") for note in plan.notes)
    parts.extend(Text(f"  refused: {b.render()}", style="bold red") for b in plan.blockers)
    return Group(*parts)


def _module_lines(plan: SplitPlan) -> list[Text]:
    lines_of = []
    for module in plan.used_modules():
        moved = [p for p in plan.moved if p.module == module.name]
        lines = sum(p.end_line - p.start_line + 1 for p in moved)
        noun = "statement" if len(moved) == 1 else "statements"
        lines_of.append(Text(f"  {module.path}: {len(moved)} {noun}, {lines} lines "
                             f"- {module.title}"))
    return lines_of


def _placements(plan: SplitPlan) -> Table:
    table = Table(title="What moves where, and why", title_justify="left")
    for header in ("lines", "names", "kind", "goes to", "why"):
        table.add_column(header)
    for group in grouped(plan.placements):
        first, last = group[0], group[-1]
        names = [n for p in group for n in p.names]
        shown = ", ".join(names[:4]) + (f" +{len(names) - 4}" if len(names) > 4 else "")
        where = "stays" if first.module == ENTRY else first.module
        table.add_row(f"{first.start_line}-{last.end_line}", shown, first.kind, where,
                      first.reason, style=None if first.moves else "yellow")
    return table


def grouped(placements: Sequence[Placement]) -> list[list[Placement]]:
    """Consecutive placements going to one module for one reason form one row."""
    groups: list[list[Placement]] = []
    for p in placements:
        last = groups[-1][-1] if groups else None
        if last and (last.module, last.kind, last.reason) == (p.module, p.kind, p.reason):
            groups[-1].append(p)
        else:
            groups.append([p])
    return groups


def diffstat_view(changeset: Changeset) -> Table:
    """Per file: created or modified, lines added and removed (what `git diff --stat` says)."""
    table = Table(title="Files the change writes", title_justify="left")
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("file", "left"), ("", "left"), ("+", "right"), ("-", "right"))
    for header, justify in columns:
        table.add_column(header, justify=justify)
    for change in changeset.changes:
        added = removed = 0
        for line in unified_diff(change).splitlines():
            if line.startswith(("+++", "---")):
                continue
            added += line.startswith("+")
            removed += line.startswith("-")
        kind = "new" if change.created else "removed" if change.removed else "modified"
        table.add_row(change.path, kind, f"+{added}",
                      f"-{removed}")
    return table


def diff_view(diff: str) -> Text:
    text = Text()
    for line in diff.splitlines():
        style = ("bold" if line.startswith(("+++", "---")) else "green" if line.startswith("+")
                 else "red" if line.startswith("-") else "cyan" if line.startswith("@@") else None)
        text.append(line + "\n", style=style)
    return text


def plan_lines(plan: SplitPlan) -> list[str]:
    """The plan as plain lines (for pipes, files and tests)."""
    lines = [f"Plan: {plan.codemod} on {plan.entrypoint}"]
    for group in grouped(plan.placements):
        first, last = group[0], group[-1]
        where = "stays" if first.module == ENTRY else first.module
        names = ",".join(n for p in group for n in p.names)
        lines.append(f"  {first.start_line}-{last.end_line} {names} [{first.kind}] -> "
                     f"{where}: {first.reason}")
    lines += [f"  read through: {n} -> {o}.{n}" for n, o in plan.read_through]
    lines += [f"  note: {n}" for n in plan.notes]
    lines += [f"  refused: {b.render()}" for b in plan.blockers]
    return lines
