"""Configuration, logging set-up and process-wide shared state.

Split out of `main.py` by nova-refactor (extract-routes).
"""

from __future__ import annotations

import os
import threading

# -- config ---------------------------------------------------------------------------
APP_NAME = "mini"
ENABLE_BETA = os.environ.get("MINI_BETA", "1") == "1"
LIMIT = int(os.environ.get("MINI_LIMIT", "3"))

# -- state ----------------------------------------------------------------------------
COUNTER_LOCK = threading.Lock()
hits = 0  # rebound by the after_request hook
EVENTS: list[str] = []
