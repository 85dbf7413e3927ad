"""Run one generated program through analyze's per-file path and the split planner; shared by
the suite's fuzz test and `benchmarks/fuzz.py`. A crash is any exception that is not one of the
product's own one-line errors, or an error diagnostic on a program Python itself accepts."""

from __future__ import annotations

import ast
import hashlib
import shutil
import tempfile
import warnings
from pathlib import Path

from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.codemods import runner
from nova_refactor.errors import NovaError
from nova_refactor.frontends.dispatch import analyze_file


def is_python(source: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    return True


def per_file(source: str) -> None:
    """Analyze's per-file path: decode, parse, metrics, anatomy, routes, locks."""
    data = source.encode("utf-8", "surrogatepass")
    facts = analyze_file("main.py", "python", data, hashlib.sha256(data).hexdigest(), False)
    errors = [d for d in facts.diagnostics if d.severity == "error"]
    if errors and is_python(source):
        raise AssertionError(f"valid Python reported as {errors[0].render()}")


def planner(source: str) -> None:
    """The split planner (and renderer) on the program as a project's `main.py`."""
    root = Path(tempfile.mkdtemp(prefix="nova-fuzz-"))
    try:
        (root / "main.py").write_text(source, encoding="utf-8", errors="surrogatepass")
        result = analyze([root], Options(use_cache=False, jobs=1))
        runner.propose_on("split-entrypoint", root, result, "main.py")
    except NovaError:
        pass  # a refusal or a clear one-line error is a result, not a crash
    finally:
        shutil.rmtree(root, ignore_errors=True)
