"""The README's commands and figures against what the tool prints today (issue #20).

Every `nova-refactor` command of the README's bash blocks that runs on a bundled example (and
writes nothing there) is run as written, each `-o FILE` sent to a temporary folder; it must
exit 0. Commands on `.`, on placeholders (`src/`, `v1.0`, `before.json`) or that `--write` are
templates for the reader's own project and are only listed. The figures the README quotes
about the examples (line counts, routes, services, what a split leaves) are read from the
README's sentences and compared with what the commands and codemods produce.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nova_refactor.cli.app import app
from tests.helpers import propose

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
EXAMPLES = ROOT / "examples"
OUTPUT_OPTIONS = ("-o", "--output", "--emit-contracts")
FILES = (".json", ".xml", ".toml", ".html", ".md", ".sarif", ".py", ".rs")


def readme_commands() -> list[list[str]]:
    """Each `nova-refactor` command line of the bash blocks, as tokens (comments dropped,
    continuation lines joined, cut before a pipe or a redirect)."""
    commands: list[list[str]] = []
    for block in re.findall(r"^```bash\n(.*?)^```", README, re.M | re.S):
        for line in block.replace("\\\n", " ").splitlines():
            tokens = shlex.split(line, comments=True)
            cut = next((i for i, t in enumerate(tokens) if t in ("|", ">", "&&")), len(tokens))
            if tokens[:1] == ["nova-refactor"]:
                commands.append(tokens[1:cut])
    return commands


def _on_examples(tokens: list[str]) -> bool:
    """Runs on the bundled examples (or on nothing at all) and writes only its `-o` file."""
    operands = [t for i, t in enumerate(tokens)
                if i == 0 or tokens[i - 1] not in OUTPUT_OPTIONS]
    paths = [t for t in operands if "/" in t or t in (".", "..") or t.endswith(FILES)]
    if "--write" in tokens or any(not p.startswith("examples/") for p in paths):
        return False
    return bool(paths) or tokens[:1] in (["codemods"], ["check"])


# `plan` runs once, for its figures too (the `plan` fixture)
RUNNABLE = [t for t in readme_commands() if _on_examples(t) and t[0] != "plan"]


def test_the_readme_shows_commands_on_every_example() -> None:
    shown = {t[0] for t in RUNNABLE}
    assert {"analyze", "routes", "graph", "boundaries", "codemods", "apply", "report",
            "check"} <= shown, shown
    assert any("examples/rust_monolith" in t for t in RUNNABLE)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")  # one per-file cache for every command


@pytest.mark.parametrize("tokens", RUNNABLE, ids=" ".join)
def test_a_readme_command_on_the_examples_runs_as_written(
    tokens: list[str], cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if tokens[0] == "compare" and not (ROOT / ".git").exists():
        pytest.skip("compare HEAD needs a git checkout")
    monkeypatch.setenv("NOVA_REFACTOR_CACHE_DIR", str(cache))
    monkeypatch.setenv("CI", "true")
    monkeypatch.chdir(ROOT)
    argv = [str(tmp_path / t) if i and tokens[i - 1] in OUTPUT_OPTIONS else t
            for i, t in enumerate(tokens)]
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 0, (argv, result.output[-2000:])
    if "-o" in tokens:
        assert any(tmp_path.iterdir()), "nothing written where -o said"


def _quoted(pattern: str) -> tuple[int, ...]:
    """The numbers of the README sentence `pattern` matches (line breaks as spaces)."""
    found = re.search(pattern, " ".join(README.split()))
    assert found, f"the README no longer says: {pattern}"
    return tuple(int(n.replace(",", "")) for n in found.groups())


def test_the_table_is_as_long_as_the_readme_says(cache: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOVA_REFACTOR_CACHE_DIR", str(cache))
    summary, full = _quoted(r"the bundled example, piped: (\d+) lines, (\d+) with `--full`")
    example = str(EXAMPLES / "python_monolith")
    lines = [CliRunner().invoke(app, ["analyze", example, *extra]).stdout.count("\n")
             for extra in ([], ["--full"])]
    assert lines == [summary, full]


def test_the_boundaries_are_the_ones_the_readme_names(cache: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    monkeypatch.setenv("NOVA_REFACTOR_CACHE_DIR", str(cache))
    moved, total = _quoted(r"moves (\d+) of the (\d+) routes out of `main.py`")
    named = re.search(r"On the bundled monolith it proposes ((?:`\w+`,? (?:and )?)+)", README)
    assert named
    out = tmp_path / "proposal.json"
    args = ["boundaries", str(EXAMPLES / "python_monolith"), "-f", "json", "-o", str(out)]
    assert CliRunner().invoke(app, args).exit_code == 0
    proposal = json.loads(out.read_text())
    services = proposal["services"]
    assert {s["name"] for s in services} == set(re.findall(r"`(\w+)`", named.group(1)))
    assert sum(len(s["routes"]) for s in services) == moved
    assert _counted_routes("python_monolith") == total


def test_the_rust_boundaries_are_the_ones_the_readme_names(cache: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    import json

    monkeypatch.setenv("NOVA_REFACTOR_CACHE_DIR", str(cache))
    sentence = re.search(r"On `examples/rust_monolith`, from imports only \(`--no-cochange`.*?"
                         r"it proposes (.*?); a library", " ".join(README.split()))
    assert sentence, "the README no longer names the Rust example's services"
    named = set(re.findall(r"`(\w+)`", sentence.group(1)))  # `admin.rs` is no \w+ name
    out = tmp_path / "proposal.json"
    args = ["boundaries", str(EXAMPLES / "rust_monolith"), "--no-cochange", "-f", "json",
            "-o", str(out)]
    assert CliRunner().invoke(app, args).exit_code == 0
    services = {s["name"]: s["modules"] for s in json.loads(out.read_text())["services"]}
    assert set(services) == named
    assert {"src/handlers/admin.rs", "src/handlers/health.rs"} <= set(services["users"])


def _counted_routes(example: str) -> int:
    """The mounted, resolved routes `routes --format json` counts."""
    import json

    shown = CliRunner().invoke(app, ["routes", str(EXAMPLES / example), "-f", "json"])
    return int(json.loads(shown.stdout)["counted"])


def _split(example: str, tmp_path: Path) -> dict[str, int]:
    """Lines of each file split-entrypoint writes on a copy of `example` (nothing written)."""
    copy = tmp_path / example
    shutil.copytree(EXAMPLES / example, copy, ignore=shutil.ignore_patterns("target"))
    proposal = propose("split-entrypoint", copy)
    return {c.path: c.after.decode().count("\n") for c in proposal.changeset.changes}


@pytest.fixture(scope="module")
def plan(cache: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """PLAN.md of the README's `plan` command (the split's figures are counted there on the
    codemod's own output)."""
    (tokens,) = [t for t in readme_commands() if t[:2] == ["plan", "examples/python_monolith"]]
    out = tmp_path_factory.mktemp("plan") / "plan"
    argv = [str(out) if i and tokens[i - 1] == "-o" else t for i, t in enumerate(tokens)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NOVA_REFACTOR_CACHE_DIR", str(cache))
        patch.chdir(ROOT)
        result = CliRunner().invoke(app, argv)
    assert result.exit_code == 0, result.output[-2000:]
    return (out / "PLAN.md").read_text()


def test_the_python_split_leaves_what_the_readme_says(plan: str) -> None:
    before, after, routes = _quoted(r"On the bundled example: ([\d,]+) lines become a (\d+)-line "
                                    r"`main.py`, (\d+) routes identical")
    (largest,) = _quoted(r"the largest module it writes is (\d+) lines")
    assert f"`main.py`: {before} lines now, {after} after the split" in plan
    table = plan.split("| new module | codemod | lines moved | new file |", 1)[1]
    sizes = [int(row.split("|")[4]) for row in table.split("\n\n", 1)[0].splitlines()[2:]]
    assert max(sizes) == largest
    assert routes == _counted_routes("python_monolith")


@pytest.mark.parametrize(("example", "sentence"), [
    ("rust_monolith", r"the (\d+)-line `main.rs` becomes (\d+) lines plus `app_state.rs`"),
    ("rust_axum", r"\((\d+)-line `main.rs`, 16 routes in nested routers\); `split-entrypoint` "
                  r"takes it to (\d+) lines"),
])
def test_a_rust_split_leaves_what_the_readme_says(example: str, sentence: str,
                                                  tmp_path: Path) -> None:
    before, after = _quoted(sentence)
    assert (EXAMPLES / example / "src" / "main.rs").read_text().count("\n") == before
    written = _split(example, tmp_path)
    assert written["src/main.rs"] == after
    if example == "rust_monolith":  # the modules the README lists, and no other
        assert set(written) == {"src/main.rs", "src/app_state.rs", "src/routes.rs",
                                "src/cli.rs"}


def test_no_readme_command_leaves_a_contracts_file_in_the_project() -> None:
    """`check` reads `contracts.toml` at the root: a README example that wrote it there would
    make the reader's next `check .` fail on every crossing import (issue #20)."""
    emitted = [t[i + 1] for t in readme_commands() for i, tok in enumerate(t[:-1])
               if tok == "--emit-contracts"]
    assert emitted, "the README no longer shows --emit-contracts"
    assert all(Path(out).is_absolute() for out in emitted), emitted
    (boundaries,) = _quoted(r"each crossing import is a `boundaries` finding that a baseline "
                            r"taken before does not cover \((\d+) on the split Python example\)")
    assert boundaries > 0
