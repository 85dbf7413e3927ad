"""`nova-refactor codemods`, `apply CODEMOD` and `undo [ID]`."""

from __future__ import annotations

from pathlib import Path

import typer

from nova_refactor.cli.common import handled
from nova_refactor.codemods import registry, runner
from nova_refactor.codemods.preflight import check_writable
from nova_refactor.codemods.protocol import CodemodOptions
from nova_refactor.codemods.registry import CODEMODS
from nova_refactor.report.terminal.analysis import stdout_console
from nova_refactor.report.terminal.apply import codemods_view, diff_view, diffstat_view, plan_view

PATH = typer.Argument(Path("."), help="Project root (default: .).")
ROOT = typer.Option(Path("."), "--path", "-C", help="Project root (default: .).")


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
    stat: bool = typer.Option(False, "--stat", help="Short: lines added and removed per file "
                              "instead of the full diff, and the plan without its "
                              "what-moves-where table."),
    lock: str = typer.Option(None, "--lock", metavar="OWNER", help="lock-to-actor: the lock "
                             "to replace (its owner binding or field)."),
    hot: bool = typer.Option(False, "--hot", help="lock-to-actor: only the sites on request "
                             "paths."),
    proposal_file: Path = typer.Option(None, "--proposal", metavar="FILE", help="extract-*: "
                                       "the proposed boundaries (`boundaries --format json`)."),
    service: str = typer.Option(None, "--service", metavar="NAME", help="extract-service: the "
                                "proposed service to extract."),
) -> None:
    """Show a codemod's plan and diff; with --write apply it atomically, journalled."""
    console = stdout_console()
    options = _options(codemod, lock=lock, hot=hot, proposal=proposal_file, service=service)
    _recover_or_warn(console, path, write)
    proposal = runner.propose(codemod, path, entrypoint, options)
    plan = proposal.plan
    console.print(plan_view(plan, placements=not stat))
    if proposal.refused:  # each is printed above as "refused: ..."; stderr gets the first
        raise runner.refusal(proposal, all_shown=True)
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
    outcome = runner.write(proposal, force=force, verify=verify, compile_=not no_compile)
    _print_outcome(outcome, verify, path)


def _options(codemod: str, **given: object) -> CodemodOptions:
    """The codemod's own options from those given (a flag left off is not given); a codemod
    declared but not implemented yet is said before its options are judged."""
    chosen = registry.codemod_named(codemod)
    if not chosen.available:
        registry.implementations(chosen)  # raises "not available yet"
    return registry.options_for(chosen, {k: v for k, v in given.items()
                                         if v is not None and v is not False})


def _print_outcome(outcome: runner.Outcome, verify: str | None, path: Path) -> None:
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
                      f"(undo: nova-refactor undo {outcome.entry.id} -C {path})", style="bold")


def _warn_conflicts(console, proposal: runner.Proposal) -> None:
    for change in proposal.changeset.changes:
        if change.conflict:  # a module of the user's own, e.g. an existing routes.py
            console.print(f"warning: {change.path} already exists with other content: --write "
                          "refuses, --force overwrites it (undo restores it)", style="bold red")


def _recover_or_warn(console, path: Path, write: bool) -> None:
    """An apply killed half-way is rolled back before a new one is planned (--write), or
    named in a dry run, whose plan would otherwise start from half-written files."""
    if write:
        for entry_id in runner.recover(path):
            console.print(f"rolled back the interrupted apply {entry_id}", style="bold")
        return
    for entry_id in runner.interrupted(path):
        console.print(f"warning: the apply {entry_id} was interrupted; `nova-refactor undo` "
                      "or `apply --write` rolls it back first", style="bold red")


@handled
def undo(
    journal_id: str = typer.Argument(None, help="Journal entry (default: the latest)."),
    path: Path = ROOT,
    force: bool = typer.Option(False, "--force", help="Restore even files edited since (a "
                               "copy of each edit is kept in the journal and listed)."),
) -> None:
    """Revert a written codemod byte for byte and remove the files it created."""
    entry = runner.undo(path, journal_id, force)
    console = stdout_console()
    console.print(f"undone {entry.id} ({entry.codemod}): restored "
                  f"{len(entry.modified)}, removed {len(entry.created)} file(s)")
    for copy in runner.kept_edits(path, entry):
        console.print(f"kept your edit: {copy}")
