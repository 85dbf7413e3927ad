"""Fixtures for the Nova example's test suite.

The example is not an installed package: its modules (``main``, ``models``,
``storage``, ``utils`` and the ``services`` package) live next to this
``tests`` directory. We put that directory on ``sys.path`` so ``import main``
works from any working directory and under ``--import-mode=importlib``.
"""

from __future__ import annotations

import importlib
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

EXAMPLE_DIR = Path(__file__).resolve().parent.parent
if str(EXAMPLE_DIR) not in sys.path:
    sys.path.insert(0, str(EXAMPLE_DIR))

# Imported only after the sys.path tweak above.
main = importlib.import_module("main")

ADMIN_HEADERS = {"X-Admin-Token": main.ADMIN_TOKEN}


@pytest.fixture(autouse=True)
def fresh_state() -> Iterator[None]:
    """Every test starts with empty storage, caches, counters and no workers."""
    main.stop_background_workers(timeout=10.0)
    main.reset_state()
    yield
    main.stop_background_workers(timeout=10.0)
    main.reset_state()


@pytest.fixture
def app() -> Iterator[Any]:
    main.app.config["TESTING"] = True
    yield main.app
    main.app.config["TESTING"] = False


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


@pytest.fixture
def admin_headers() -> dict[str, str]:
    return dict(ADMIN_HEADERS)


@pytest.fixture
def make_user(client: Any) -> Callable[..., dict[str, Any]]:
    """Register a user through the API; returns ``{"id", "token", "headers"}``."""

    def _make(username: str, password: str = "password123") -> dict[str, Any]:
        response = client.post(
            "/api/v1/auth/register",
            json={
                "username": username,
                "email": f"{username}@example.com",
                "password": password,
            },
        )
        assert response.status_code == 201, response.get_json()
        body = response.get_json()
        return {
            "id": body["user"]["id"],
            "token": body["token"],
            "headers": {"Authorization": f"Bearer {body['token']}"},
        }

    return _make


@pytest.fixture
def alice(make_user: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    return make_user("alice")


@pytest.fixture
def bob(make_user: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    return make_user("bob")


@pytest.fixture
def wait_until() -> Callable[..., bool]:
    """Poll ``predicate`` every 5 ms until it is truthy or ``timeout`` expires."""

    def _wait(predicate: Callable[[], Any], timeout: float = 2.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.005)
        return bool(predicate())

    return _wait
