"""Hot paths across modules: handlers reach locks in service classes through project calls."""

from __future__ import annotations

import textwrap
from pathlib import Path

from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.model import LockSite

SERVICE = """
    import threading

    class StreamService:
        def __init__(self, store):
            self._lock = threading.Lock()
            self.store = store

        def join(self, stream_id):
            with self._lock:
                return self._count(stream_id)

        def _count(self, stream_id):
            return 1

        def unused(self):
            with self._lock:
                return 0
"""


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, code in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(code))
    return root


def _acquisitions(root: Path) -> dict[str, LockSite]:
    result = analyze([root], Options(use_cache=False))
    return {s.function: s for s in result.locks if s.role == "acquisition"}


def test_module_global_instance_called_from_a_handler(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "services/__init__.py": "",
        "services/streaming.py": SERVICE,
        "main.py": """
            from flask import Flask
            from services.streaming import StreamService

            app = Flask(__name__)
            stream_service = StreamService(None)

            @app.post("/streams/<int:sid>/join")
            def join_stream(sid):
                return str(stream_service.join(sid))
        """,
    })
    sites = _acquisitions(root)
    assert sites["StreamService.join"].hot_path
    assert sites["StreamService.join"].via == (
        "main.py:join_stream", "services/streaming.py:StreamService.join"
    )
    assert not sites["StreamService.unused"].hot_path
    assert sites["StreamService.unused"].via == ()


def test_annotated_global_bound_through_global_statement(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "streaming.py": SERVICE,
        "app.py": """
            from flask import Flask
            import streaming as st

            app = Flask(__name__)
            svc: st.StreamService

            def init():
                global svc
                svc = st.StreamService(None)

            @app.get("/join")
            def join():
                return helper()

            def helper():
                return svc.join(1)
        """,
    })
    site = _acquisitions(root)["StreamService.join"]
    assert site.hot_path
    assert site.via == ("app.py:join", "app.py:helper", "streaming.py:StreamService.join")


def test_injected_dependency_through_annotated_parameter(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "storage.py": """
            import threading

            class Repository:
                def __init__(self):
                    self._lock = threading.RLock()

                def put(self, item):
                    with self._lock:
                        return item
        """,
        "users.py": """
            from storage import Repository

            class UserService:
                def __init__(self, repo: Repository):
                    self.repo = repo

                def register(self, name):
                    return self.repo.put(name)
        """,
        "main.py": """
            from fastapi import FastAPI
            from storage import Repository
            from users import UserService

            app = FastAPI()
            users = UserService(Repository())

            @app.post("/users")
            async def register(name: str):
                return users.register(name)
        """,
    })
    site = _acquisitions(root)["Repository.put"]
    assert site.via == (
        "main.py:register", "users.py:UserService.register", "storage.py:Repository.put"
    )


def test_unresolvable_calls_are_not_guessed(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "streaming.py": SERVICE,
        "main.py": """
            from flask import Flask

            app = Flask(__name__)

            @app.get("/join")
            def join(service):
                # a parameter of unknown type: not followed, even though a
                # project class has a method of the same name
                return service.join(1)
        """,
    })
    site = _acquisitions(root)["StreamService.join"]
    assert not site.hot_path and site.via == ()


def test_handler_reaching_a_lock_in_its_own_module_gets_a_chain(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "main.py": """
            import threading
            from flask import Flask

            app = Flask(__name__)
            LOCK = threading.Lock()

            def bump():
                with LOCK:
                    return 1

            @app.get("/")
            def index():
                return str(bump())
        """,
    })
    site = _acquisitions(root)["bump"]
    assert site.hot_path and site.via == ("main.py:index", "main.py:bump")


def test_method_inherited_from_a_project_base_class(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "base.py": """
            import threading

            class BaseService:
                def __init__(self):
                    self._lock = threading.Lock()

                def touch(self):
                    with self._lock:
                        return 1
        """,
        "svc.py": """
            from base import BaseService

            class Users(BaseService):
                def get(self):
                    return self.touch()
        """,
        "main.py": """
            from flask import Flask
            from svc import Users

            app = Flask(__name__)
            users = Users()

            @app.get("/u")
            def get_user():
                return str(users.get())
        """,
    })
    site = _acquisitions(root)["BaseService.touch"]
    assert site.via == ("main.py:get_user", "svc.py:Users.get", "base.py:BaseService.touch")
