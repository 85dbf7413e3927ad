"""Locks and globals of one module used from another: acquired through `mod.LOCK` or an
imported name, rebound through `mod.NAME = ..`, resolved through the project's imports."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.codemods import runner
from tests.codemods.harness import CASES
from tests.helpers import propose

STATE = '''
import asyncio
import threading

STATS_LOCK = threading.Lock()
INDEX_LOCK = asyncio.Lock()
counter = 0
not_a_lock = open
'''
APP = '''
import asyncio
import logging

import numpy as np
from flask import Flask, g

import state
from pkg import SHARED
from state import STATS_LOCK as STATS

app = Flask(__name__)


@app.get("/count")
def count():
    with state.STATS_LOCK:
        state.counter += 1
    g.user = "x"
    logging.raiseExceptions = False
    with np.errstate(all="ignore"):
        pass
    return str(state.counter)


@app.get("/shared")
def shared():
    SHARED.acquire()
    with STATS:
        return "ok"


async def reindex():
    state.INDEX_LOCK = asyncio.Lock()
    async with state.INDEX_LOCK:
        await asyncio.sleep(0)
    with state.STATS_LOCK:
        await asyncio.sleep(0)
'''
PACKAGE = {
    "pkg/__init__.py": "from .locks import SHARED\n",
    "pkg/locks.py": "import threading\n\nSHARED = threading.RLock()\n",
}


def _project(tmp_path: Path) -> Path:
    files = {"state.py": STATE, "app.py": APP, **PACKAGE}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(textwrap.dedent(text))
    return tmp_path


def _sites(tmp_path: Path, path: str) -> list[tuple]:
    result = analyze([_project(tmp_path)], Options(use_cache=False, jobs=1))
    return [(s.owner, s.primitive, s.role, s.function, s.hot_path, s.held_across_await)
            for s in result.locks if s.path == path]


def test_acquisitions_through_module_attributes_and_imported_names(tmp_path):
    sites = _sites(tmp_path, "app.py")
    assert ("state.STATS_LOCK", "threading.Lock", "acquisition", "count", True, False) in sites
    assert ("state.STATS_LOCK", "threading.Lock", "acquisition", "shared", True, False) in sites
    # `from pkg import SHARED` is re-exported by pkg/__init__.py from pkg/locks.py
    assert ("pkg.locks.SHARED", "threading.RLock", "acquisition", "shared", True, False) in sites
    # a blocking lock held across an await, an asyncio one is not
    assert ("state.STATS_LOCK", "threading.Lock", "acquisition", "reindex", False, True) in sites
    assert ("state.INDEX_LOCK", "asyncio.Lock", "acquisition", "reindex", False, False) in sites


def test_rebinding_another_modules_global_is_no_new_lock(tmp_path):
    sites = _sites(tmp_path, "app.py")
    assert ("state.counter", "mutable global", "rebinding", "count", True, False) in sites
    assert ("state.INDEX_LOCK", "asyncio.Lock", "rebinding", "reindex", False, False) in sites
    assert not [s for s in sites if s[2] == "construction"]


def test_what_is_not_a_project_lock_or_global_is_dropped(tmp_path):
    owners = {s[0] for s in _sites(tmp_path, "app.py")}
    assert not owners & {"g.user", "logging.raiseExceptions", "np.errstate"}
    assert all(owner.startswith(("state.", "pkg.")) for owner in owners)


def test_counts_see_one_lock_and_one_global_per_binding(tmp_path):
    summary = analyze([_project(tmp_path)], Options(use_cache=False, jobs=1)).summary
    assert summary.shared_locks == 3  # STATS_LOCK, INDEX_LOCK, SHARED; not the rebuilt one
    assert summary.mutable_globals == 2  # state.counter and state.INDEX_LOCK, rebound in app.py


def _metrics(root: Path) -> tuple:
    result = analyze([root], Options(use_cache=False, jobs=1))
    s = result.summary
    return (s.shared_locks, s.mutable_globals, s.hot_path_acquisitions,
            tuple(e.path for e in result.entrypoints))


def test_a_star_import_hands_a_global_on_to_the_module_that_binds_it(tmp_path):
    (tmp_path / "state.py").write_text("counter = 0\n\n\ndef bump():\n    global counter\n"
                                       "    counter += 1\n")
    (tmp_path / "facade.py").write_text("from state import *\n")
    (tmp_path / "user.py").write_text("import facade\n\n\ndef reset():\n"
                                      "    facade.counter = 0\n")
    result = analyze([tmp_path], Options(use_cache=False, jobs=1))
    assert [s.owner for s in result.locks if s.path == "user.py"] == ["state.counter"]
    assert result.summary.mutable_globals == 1


def test_a_split_keeps_lock_and_global_counts_and_its_pieces_are_no_entrypoints(tmp_path):
    # flask_app's probe.py rebinds `main.hits` from outside: after the split that goes
    # through main's facade to app_state.hits, and is still one global
    for case in ("flask_app", "workers"):
        root = tmp_path / case
        shutil.copytree(CASES / case / "before", root)
        before = _metrics(root)
        runner.write(propose("split-entrypoint", root))
        after = _metrics(root)
        assert after[3] == ("main.py",)
        assert after == before, case


def test_the_frontend_marks_foreign_sites_pending_and_documents_never_hold_the_mark(tmp_path):
    import json

    from nova_refactor.codec import json_text
    from nova_refactor.frontends.python.frontend import analyze_python

    data = APP.encode()
    facts = analyze_python("app.py", data, "digest")
    pending = {(s.owner, s.role, s.primitive) for s in facts.locks if s.pending}
    assert ("state.STATS_LOCK", "acquisition", "") in pending  # its type: once resolved
    assert ("state.counter", "rebinding", "mutable global") in pending
    root = _project(tmp_path)
    result = analyze([root], Options(jobs=1, use_cache=False))
    assert result.locks and not any(s.pending for s in result.locks)
    assert all("pending" not in site for site in json.loads(json_text(result))["locks"])
