"""The Python frontend: `ast` + radon on one parse per file."""

from nova_refactor.frontends.python.frontend import analyze_python

__all__ = ["analyze_python"]
