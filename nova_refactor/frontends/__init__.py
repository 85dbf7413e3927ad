"""Language frontends: one parse per file, producing `FileFacts`. Nothing else imports parsers."""

from nova_refactor.frontends.dispatch import analyze_file, import_frontends

__all__ = ["analyze_file", "import_frontends"]
