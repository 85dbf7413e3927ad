"""Choose the frontend for a file's language. Never raises for bad input."""

from __future__ import annotations

from nova_refactor.frontends.python import analyze_python
from nova_refactor.model import Diagnostic, FileFacts, Language


def analyze_file(
    rel_path: str, language: Language, data: bytes, digest: str, script: bool
) -> FileFacts:
    try:
        if language == Language.PYTHON:
            return analyze_python(rel_path, data, digest, script)
        if language == Language.RUST:
            # Imported for the first Rust file: tree-sitter is a tenth of a Python run's start-up.
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
