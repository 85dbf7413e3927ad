"""Configuration, logging set-up and process-wide shared state.

Split out of `main.py` by nova-refactor (split-entrypoint).
"""

import logging
import queue
import threading

logging.basicConfig(level=logging.WARNING)
log = logging.getLogger("main")
JOBS: queue.Queue[int] = queue.Queue()
RESULTS: list[int] = []
_stop = threading.Event()
ORDER: list[str] = ["config"]
