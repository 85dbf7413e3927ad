"""Configuration, logging set-up and process-wide shared state.

Split out of `main.py` by nova-refactor (extract-cli).
"""

from __future__ import annotations

import os

LIMIT = int(os.environ.get("MINI_LIMIT", "3"))
