"""Cross-file linking for Python: module names and imports, routes under their prefixes, re-
exports, locks on other modules' globals, hot paths.
"""
