"""Test helpers: analyse snippets in memory the way the pipeline does."""

from __future__ import annotations

import textwrap
from pathlib import Path

from nova_refactor.app import apply as apply_case
from nova_refactor.app.session import Session, Settings
from nova_refactor.codemods.protocol import CodemodOptions, Proposal
from nova_refactor.frontends.python import analyze_python
from nova_refactor.model import FileFacts


def facts_of(code: str, path: str = "mod.py", script: bool = False) -> FileFacts:
    data = textwrap.dedent(code).encode()
    return analyze_python(path, data, "0" * 64, script)


def complexities(code: str) -> dict[str, int]:
    return {f.name: f.complexity for f in facts_of(code).functions}


def rust_facts(code: str, path: str = "src/lib.rs") -> FileFacts:
    from nova_refactor.frontends.rust import analyze_rust

    return analyze_rust(path, textwrap.dedent(code).encode(), "0" * 64)


def rust_complexities(code: str) -> dict[str, int]:
    return {f.name: f.complexity for f in rust_facts(code).functions}


def propose(codemod: str, path: str | Path, entrypoint: str | None = None,
            options: CodemodOptions | None = None) -> Proposal:
    """A codemod's proposal as `apply` makes it (the use case runs the analysis; the runner
    only plans and renders), with the codemod's typed options."""
    session = Session([Path(path)], Settings(jobs=1))
    return apply_case.propose(session, codemod, entrypoint, options)
