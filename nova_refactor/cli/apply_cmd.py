"""`nova-refactor codemods`, `apply CODEMOD` and `undo [ID]`."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from nova_refactor import api
from nova_refactor.app import apply as use_case
from nova_refactor.cli.common import handled
from nova_refactor.cli.options import PATH
from nova_refactor.codemods.preflight import check_writable
from nova_refactor.codemods.registry import CODEMODS
from nova_refactor.errors import UsageError
from nova_refactor.report.terminal.analysis import stdout_console
from nova_refactor.report.terminal.apply import codemods_view, diff_view, diffstat_view, plan_view

# `undo` took its root as `-C PATH`; it now takes PATH as `apply` does (`-C` still works)
ROOT_DEPRECATED = typer.Option(None, "--path", "-C", hidden=True,
                               help="Deprecated: the project root is the PATH argument.")
JOURNAL_ID = re.compile(r"\d{8}T\d{6}\.\d{6}-[0-9a-f]{4}")


@handled
def codemods() -> None:
    """List the codemods with one-line descriptions."""
    stdout_console().print(codemods_view(CODEMODS))


@handled
def apply(
    codemod: str = typer.Argument(..., help="Codemod to run (see `nova-refactor codemods`); "
                                  "join several with `+`, e.g. extract-state+extract-routes."),
    path: Path = PATH,
    entrypoint: str = typer.Option(None, "--entrypoint", help="Entrypoint file (default: the "
                                   "largest one `analyze` finds)."),
    write: bool = typer.Option(False, "--write", help="Write the change (default: show the "
                               "plan and diff only)."),
    force: bool = typer.Option(False, "--force", help="Overwrite target files that already "
                               "exist with other content."),
    verify: str = typer.Option(None, "--verify", help="Command run after writing; the change "
                               "is rolled back when it fails."),
    no_compile: bool = typer.Option(False, "--no-compile", help="Rust: do not run `cargo "
                                    "check` before and after writing (it compiles the "
                                    "dependencies and runs build scripts, build.rs, and proc "
                                    "macros); the result then says \"not verifiable\"."),
    probe_types: bool = typer.Option(False, "--probe-types", help="split-entrypoint, Rust: "
                                     "let `cargo check` (run on a throw-away copy, so build "
                                     "scripts run) type the bindings our index cannot; used "
                                     "only when the crate compiles."),
    stat: bool = typer.Option(False, "--stat", help="Short: lines added and removed per file "
                              "instead of the full diff, and the plan without its "
                              "what-moves-where table."),
    lock: str = typer.Option(None, "--lock", metavar="OWNER", help="lock-to-actor: the lock "
                             "to replace, as `analyze` names its owner (`AppState.feeds`, "
                             "`STATS_LOCK`)."),
    hot: bool = typer.Option(False, "--hot", help="lock-to-actor: every lock `plan` ranks "
                             "for an actor, in its order."),
    proposal_file: Path = typer.Option(None, "--proposal", metavar="FILE", help="extract-*: "
                                       "the proposed boundaries (`boundaries --format json`)."),
    service: str = typer.Option(None, "--service", metavar="NAME", help="extract-service: the "
                                "proposed service to extract."),
    shims: bool = typer.Option(False, "--shims", help="extract-*: leave a module at each old "
                               "path that warns (DeprecationWarning) and aliases the new one."),
) -> None:
    """Show a codemod's plan and diff; with --write apply it atomically, journalled."""
    console = stdout_console()
    options = _options(lock=lock, hot=hot, proposal=proposal_file, service=service,
                       shims=shims, probe_types=probe_types)
    _recover_or_warn(console, path, write)
    proposal = api.apply(codemod, path, entrypoint=entrypoint, **options)
    plan = proposal.plan
    console.print(plan_view(plan, placements=not stat))
    if proposal.refused:  # each is printed above as "refused: ..."; stderr gets the first
        raise use_case.refusal(proposal, all_shown=True)
    if proposal.changeset.empty:
        console.print("nothing to change")
        return
    if write:  # a read-only checkout or a full disk is said before a long diff, not after
        check_writable(proposal.changeset)
    console.print(diffstat_view(proposal.changeset) if stat
                  else diff_view(proposal.changeset.diff()))
    if not write:  # --write says it once, as its error (or overwrites with --force)
        _warn_conflicts(console, proposal)
        console.print("dry run: nothing written (add --write to apply)", style="bold")
        return
    outcome = api.write(proposal, force=force, verify=verify, compile=not no_compile)
    root = Path(proposal.changeset.root)  # a workspace member's extraction journals above it
    _print_outcome(outcome, verify, path if root == path.resolve() else root)


def _options(**given: object) -> dict[str, object]:
    """The codemod options given on the command line (a flag left off is not given); the
    codemod's typed options are built and judged by `api.apply`."""
    return {name: value for name, value in given.items() if value not in (None, False)}


def _print_outcome(outcome: use_case.Outcome, verify: str | None, path: Path) -> None:
    console = stdout_console()
    for check in outcome.checks:
        console.print(f"checked: {check}", style="green")
    if outcome.compiled:  # Rust: the compiler's verdict, or why there is none
        console.print(outcome.compiled, style="green" if outcome.compiled.startswith(
            "compiled: yes") else "yellow")
    if verify:
        console.print(f"verified: {verify!r} passed", style="green")
    if outcome.entry is not None:
        console.print(f"written, journal {outcome.entry.id} "
                      f"(undo: nova-refactor undo {path} {outcome.entry.id})", style="bold")


def _warn_conflicts(console, proposal: use_case.Proposal) -> None:
    for change in proposal.changeset.changes:
        if change.conflict:  # a module of the user's own, e.g. an existing routes.py
            console.print(f"warning: {change.path} already exists with other content: --write "
                          "refuses, --force overwrites it (undo restores it)", style="bold red")


def _recover_or_warn(console, path: Path, write: bool) -> None:
    """An apply killed half-way is rolled back before a new one is planned (--write), or
    named in a dry run, whose plan would otherwise start from half-written files."""
    if write:
        for entry_id in use_case.recover(path):
            console.print(f"rolled back the interrupted apply {entry_id}", style="bold")
        return
    for entry_id in use_case.interrupted(path):
        console.print(f"warning: the apply {entry_id} was interrupted; `nova-refactor undo` "
                      "or `apply --write` rolls it back first", style="bold red")


@handled
def undo(
    targets: list[str] = typer.Argument(None, metavar="[PATH] [JOURNAL_ID]", help="Project "
                                        "root (default: .) and journal entry (default: the "
                                        "latest), in either order."),
    force: bool = typer.Option(False, "--force", help="Restore even files edited since (a "
                               "copy of each edit is kept in the journal and listed)."),
    root: Path = ROOT_DEPRECATED,
) -> None:
    """Revert a written codemod byte for byte and remove the files it created."""
    folder, journal_id = _undo_target(targets or [], root)
    entry = api.undo(folder, entry_id=journal_id, force=force)
    console = stdout_console()
    console.print(f"undone {entry.id} ({entry.codemod}): restored "
                  f"{len(entry.modified)}, removed {len(entry.created)} file(s)")
    for copy in use_case.kept_edits(folder, entry):
        console.print(f"kept your edit: {copy}")


def _undo_target(targets: list[str], root: Path | None) -> tuple[Path, str | None]:
    """PATH and JOURNAL_ID told apart by the journal id's shape; the former `undo ID -C PATH`
    still works, with a warning."""
    ids = [t for t in targets if _is_journal_id(t)]
    paths = [t for t in targets if t not in ids]
    if root is not None:
        typer.echo("warning: `undo -C PATH` is deprecated, use `undo PATH [JOURNAL_ID]`",
                   err=True)
        paths, ids = [str(root)], ids + paths  # everything else was the id
    if len(paths) > 1 or len(ids) > 1:
        raise UsageError(f"undo takes one PATH and one JOURNAL_ID, got: {' '.join(targets)}")
    return Path(paths[0] if paths else "."), (ids[0] if ids else None)


def _is_journal_id(text: str) -> bool:
    """Shaped like `20261207T185637.251010-3c25`, and not a folder of that name."""
    return JOURNAL_ID.fullmatch(text) is not None and not Path(text).is_dir()
