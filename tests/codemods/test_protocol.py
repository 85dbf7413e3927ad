"""The codemod protocol and registry: a codemod that is not a split plugs in, is written through
the same transaction (journal, checks, --verify, rollback, undo), and the CLI gives its options,
refusals and not-yet-implemented codemods their own errors and exit codes.

`Stamp` below is the smallest complete codemod: a template for a new one.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nova_refactor.cli import apply_cmd
from nova_refactor.cli.app import app
from nova_refactor.codemods import registry, runner
from nova_refactor.codemods.changeset import build_changeset
from nova_refactor.codemods.plan import SplitPlan
from nova_refactor.codemods.protocol import (
    Checked,
    CodemodOptions,
    Proposal,
    Skipped,
    Target,
    WriteSettings,
)
from nova_refactor.codemods.registry import Codemod, ExtractOptions, LockToActorOptions
from nova_refactor.errors import EXIT_REFUSED, EXIT_USAGE, UsageError, VerificationFailed
from nova_refactor.vocabulary import SkipKind
from tests.codemods.harness import tree_bytes
from tests.helpers import propose

cli = CliRunner()
HEADER = "# stamped\n"


@dataclass(frozen=True, slots=True)
class StampOptions(CodemodOptions):
    text: str = HEADER


@dataclass(frozen=True, slots=True)
class Planned:
    plan: SplitPlan
    texts: dict[str, str]


class Stamp:
    """Puts a header on every Python file; refuses a file that has a `# no-stamp` line."""

    language = "python"
    fail_after = False  # the post-write check fails: everything must roll back

    def handles(self, target: Target) -> bool:
        return any(f.language == "python" for f in target.analysis.files)

    def plan(self, codemod: Codemod, target: Target, options: StampOptions) -> Planned:
        paths = sorted(f.path for f in target.analysis.files if f.language == "python")
        texts = {p: (target.root / p).read_text(encoding="utf-8") for p in paths}
        blockers = tuple(Skipped(SkipKind.UNSUPPORTED, "asks not to be stamped", p, line)
                         for p in paths for line, text in enumerate(texts[p].splitlines(), 1)
                         if "# no-stamp" in text)
        plan = SplitPlan(codemod.name, str(target.root), paths[0], "", (), (),
                         blockers=blockers)
        return Planned(plan, {p: options.text + t for p, t in texts.items()})

    def render(self, planned: Planned) -> Proposal:
        root = Path(planned.plan.root)
        changes = () if planned.plan.blockers else planned.texts
        return Proposal(planned.plan, build_changeset(root, dict(changes), ()),
                        implementation=self)

    def verify(self, proposal: Proposal, settings: WriteSettings) -> StampChecks:
        return StampChecks(proposal, self.fail_after)


class StampChecks:
    def __init__(self, proposal: Proposal, fail: bool) -> None:
        self.root = Path(proposal.changeset.root)
        self.paths = [c.path for c in proposal.changeset.changes]
        self.fail = fail
        self.order: list[str] = []

    def before(self) -> None:
        self.order.append("before")

    def after(self, written) -> Checked:
        stamped = [p for p in self.paths
                   if (self.root / p).read_text(encoding="utf-8").startswith(HEADER)]
        if self.fail or len(stamped) != len(self.paths):
            raise VerificationFailed("stamp check failed, rolled back")
        return Checked((f"{len(stamped)} file(s) stamped",))


@pytest.fixture
def stamp(monkeypatch):
    """`stamp` registered beside the shipped codemods, as a new codemod would be."""
    codemod = Codemod("stamp", "put a header on every Python file", options=StampOptions,
                      implementations=(f"{__name__}:Stamp",))
    monkeypatch.setattr(registry, "CODEMODS", (*registry.CODEMODS, codemod))
    return codemod


def _project(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def test_a_new_codemod_is_written_checked_and_undone_through_the_same_path(tmp_path, stamp):
    root = _project(tmp_path, {"a.py": "x = 1\n", "b.py": "y = 2\n"})
    before = tree_bytes(root)
    proposal = propose("stamp", root)
    assert isinstance(proposal.implementation, Stamp)
    outcome = runner.write(proposal, verify="grep -q stamped a.py")
    assert outcome.checks == ("2 file(s) stamped",)
    assert (root / "a.py").read_text() == HEADER + "x = 1\n"
    assert outcome.entry is not None and outcome.entry.codemod == "stamp"
    runner.undo(root)
    assert tree_bytes(root) == before


def test_a_failing_check_or_verify_rolls_a_new_codemod_back(tmp_path, stamp, monkeypatch):
    root = _project(tmp_path, {"a.py": "x = 1\n"})
    before = tree_bytes(root)
    with pytest.raises(VerificationFailed, match="--verify 'false' exited 1"):
        runner.write(propose("stamp", root), verify="false")
    assert tree_bytes(root) == before
    monkeypatch.setattr(Stamp, "fail_after", True)
    with pytest.raises(VerificationFailed, match="stamp check failed"):
        runner.write(propose("stamp", root))
    assert tree_bytes(root) == before


def test_codemod_options_are_typed_and_reach_the_codemod(tmp_path, stamp):
    root = _project(tmp_path, {"a.py": "x = 1\n"})
    options = registry.options_for(stamp, {"text": "# other\n"})
    assert options == StampOptions("# other\n")
    proposal = propose("stamp", root, options=options)
    assert proposal.changeset.changes[0].after == b"# other\nx = 1\n"


def test_a_refusal_is_typed_and_has_its_own_exit_code(tmp_path, stamp):
    root = _project(tmp_path, {"a.py": "x = 1  # no-stamp\n"})
    proposal = propose("stamp", root)
    assert proposal.refused == (Skipped(SkipKind.UNSUPPORTED, "asks not to be stamped",
                                        "a.py", 1),)
    result = cli.invoke(app, ["apply", "stamp", str(root)])
    assert result.exit_code == EXIT_REFUSED == 4
    assert "refused: a.py:1: asks not to be stamped" in result.stdout
    assert "a.py: cannot split safely: a.py:1: asks not to be stamped" in result.stderr


def test_options_are_built_per_codemod_and_checked():
    lock = registry.codemod_named("lock-to-actor")
    assert registry.options_for(lock, {"lock": "STATS", "hot": True}) == \
        LockToActorOptions("STATS", hot=True)
    # --hot is the other way to name the locks (lock-to-actor's own plan refuses neither/both)
    assert registry.options_for(lock, {"hot": True}) == LockToActorOptions(hot=True)
    with pytest.raises(UsageError, match="--service is not an option of lock-to-actor"):
        registry.options_for(lock, {"lock": "STATS", "service": "users"})
    extract = registry.codemod_named("extract-service")
    assert registry.options_for(extract, {"service": "users", "proposal": Path("b.json")}) == \
        ExtractOptions(Path("b.json"), "users")
    with pytest.raises(UsageError, match="only the split codemods"):
        registry.codemod_named("extract-state+lock-to-actor")


def test_codemods_lists_every_codemod_and_a_declared_one_is_not_available(tmp_path, monkeypatch):
    listed = cli.invoke(app, ["codemods"], env={"COLUMNS": "200"})
    for name in ("lock-to-actor", "extract-common", "extract-service"):
        line = next(x for x in listed.stdout.splitlines() if f" {name} " in x)
        assert "(not available yet)" not in line  # all three have landed
    declared = Codemod("extract-nothing", "a codemod declared before it is written", (),
                       options=ExtractOptions, implementations=())
    monkeypatch.setattr(registry, "CODEMODS", (*registry.CODEMODS, declared))
    monkeypatch.setattr(apply_cmd, "CODEMODS", registry.CODEMODS)  # the list it prints
    listed = cli.invoke(app, ["codemods"], env={"COLUMNS": "200"})
    assert "(not available yet)" in next(x for x in listed.stdout.splitlines()
                                         if " extract-nothing " in x)
    result = cli.invoke(app, ["apply", "extract-nothing", str(tmp_path)])
    assert result.exit_code == EXIT_USAGE, result.stdout
    assert "error: extract-nothing: not available yet" in result.stderr


def test_a_split_refuses_an_option_it_does_not_take(tmp_path):
    result = cli.invoke(app, ["apply", "split-entrypoint", str(tmp_path), "--lock", "X"])
    assert result.exit_code == EXIT_USAGE
    assert "--lock is not an option of split-entrypoint (it takes: no option of its own)" \
        in result.stderr


def test_a_split_blocker_exits_with_the_refusal_code(tmp_path):
    root = _project(tmp_path, {"main.py": """
        import argparse


        def handler(name):
            return globals()[name]


        if __name__ == "__main__":
            argparse.ArgumentParser().parse_args()
    """})
    result = cli.invoke(app, ["apply", "split-entrypoint", str(root)])
    assert result.exit_code == EXIT_REFUSED, result.stdout
    assert "cannot split safely: main.py:5: reads the module namespace" in result.stderr
