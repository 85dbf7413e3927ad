"""Choose the frontend for a file's language. Never raises for bad input."""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from nova_refactor.model import Diagnostic, FileFacts, Language

# Each frontend is imported for the first file of its language: a run over Rust alone never
# loads the Python frontend, nor a Python run tree-sitter (a tenth of its start-up).
FRONTENDS = {
    Language.PYTHON: "nova_refactor.frontends.python.frontend",
    Language.RUST: "nova_refactor.frontends.rust.frontend",
}


def import_frontends(languages: Iterable[Language]) -> None:
    """Import the frontends of `languages` now: before forking, so that children inherit them
    rather than each importing them again."""
    for language in set(languages):
        if language in FRONTENDS:
            importlib.import_module(FRONTENDS[language])


def analyze_file(
    rel_path: str, language: Language, data: bytes, digest: str, script: bool
) -> FileFacts:
    try:
        if language == Language.PYTHON:
            from nova_refactor.frontends.python import analyze_python

            return analyze_python(rel_path, data, digest, script)
        if language == Language.RUST:
            from nova_refactor.frontends.rust import analyze_rust

            return analyze_rust(rel_path, data, digest)
        message = f"no frontend for language {language!r}"
    except RecursionError:
        message = "file is nested too deeply to analyse"
    except MemoryError as err:  # the parser's is often bare: say what ran out
        message = f"cannot analyse file: out of memory{f' ({err})' if str(err) else ''}"
    except ValueError as err:
        message = f"cannot analyse file: {err or type(err).__name__}"
    return FileFacts(
        path=rel_path, language=language, content_hash=digest, size_bytes=len(data),
        diagnostics=(Diagnostic(rel_path, 0, message),),
    )
