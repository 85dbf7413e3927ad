"""Route inventory across modules: Flask, FastAPI and aiohttp."""

from __future__ import annotations

import textwrap
from pathlib import Path

from nova_refactor.analysis.run.pipeline import Options, analyze


def _project(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, code in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(code))
    return tmp_path


def _inventory(root: Path) -> set[tuple[str, str, str, str]]:
    result = analyze([root], Options(use_cache=False))
    return {(r.method, r.path, r.handler, r.endpoint) for r in result.routes}


def test_flask_app_blueprints_and_add_url_rule(tmp_path: Path) -> None:
    root = _project(tmp_path, {
        "app.py": """
            from flask import Flask
            from views.admin import admin_bp
            from views import api as api_views

            app = Flask(__name__)

            @app.route("/")
            def index():
                return "hi"

            @app.route("/posts", methods=["GET", "POST"], endpoint="posts")
            def list_posts():
                return "[]"

            def health():
                return "ok"

            app.add_url_rule("/health", "health_check", health)
            app.add_url_rule("/ready", view_func=health, methods=["HEAD"])
            app.register_blueprint(admin_bp)
            app.register_blueprint(api_views.bp, url_prefix="/api/v2")
            """,
        "views/__init__.py": "",
        "views/admin.py": """
            from flask import Blueprint
            admin_bp = Blueprint("admin", __name__, url_prefix="/admin")

            @admin_bp.get("/users/<int:uid>")
            def user(uid):
                return ""
            """,
        "views/api.py": """
            from flask import Blueprint
            bp = Blueprint("api", __name__, url_prefix="/ignored")

            @bp.post("items")
            def create():
                return ""
            """,
    })
    assert _inventory(root) == {
        ("GET", "/", "app.index", "index"),
        ("GET", "/posts", "app.list_posts", "posts"),
        ("POST", "/posts", "app.list_posts", "posts"),
        ("GET", "/health", "app.health", "health_check"),
        ("HEAD", "/ready", "app.health", "health"),
        ("GET", "/admin/users/<int:uid>", "views.admin.user", "admin.user"),
        ("POST", "/api/v2/items", "views.api.create", "api.create"),
    }


def test_fastapi_routers_and_prefixes(tmp_path: Path) -> None:
    root = _project(tmp_path, {
        "main.py": """
            from fastapi import APIRouter, FastAPI
            from .routers import users

            app = FastAPI()
            v1 = APIRouter(prefix="/v1")

            @app.get("/status", name="status")
            async def status():
                return {}

            @v1.api_route("/ping", methods=["GET", "POST"])
            def ping():
                return {}

            app.include_router(v1)
            app.include_router(users.router, prefix="/api")
            """,
        "routers/__init__.py": "",
        "routers/users.py": """
            from fastapi import APIRouter
            router = APIRouter(prefix="/users")

            @router.delete("/{uid}")
            def remove(uid: int):
                return {}
            """,
    })
    assert _inventory(root) == {
        ("GET", "/status", "main.status", "status"),
        ("GET", "/v1/ping", "main.ping", "ping"),
        ("POST", "/v1/ping", "main.ping", "ping"),
        ("DELETE", "/api/users/{uid}", "routers.users.remove", "remove"),
    }


def test_aiohttp_tables_and_router_calls(tmp_path: Path) -> None:
    root = _project(tmp_path, {
        "server.py": """
            from aiohttp import web
            routes = web.RouteTableDef()

            @routes.get("/a")
            async def a(request):
                return web.Response()

            async def b(request):
                return web.Response()

            app = web.Application()
            app.add_routes(routes)
            app.router.add_get("/b", b)
            app.router.add_route("PUT", "/c", b)
            app.add_routes([web.post("/d", b)])
            """,
    })
    assert _inventory(root) == {
        ("GET", "/a", "server.a", "a"),
        ("GET", "/b", "server.b", "b"),
        ("PUT", "/c", "server.b", "b"),
        ("POST", "/d", "server.b", "b"),
    }


def test_unregistered_blueprint_is_listed_as_not_mounted(tmp_path: Path) -> None:
    root = _project(tmp_path, {
        "bp.py": """
            from flask import Blueprint
            orphan = Blueprint("orphan", __name__, url_prefix="/o")

            @orphan.route("/x")
            def x():
                return ""
            """,
    })
    (route,) = analyze([root], Options(use_cache=False)).routes
    assert (route.path, route.mounted) == ("/o/x", False)


def test_a_lambda_view_is_named_by_where_it_stands(tmp_path: Path) -> None:
    """Never the lambda's source (a 40-line HTML string in the table and JSON, issue #20)."""
    root = _project(tmp_path, {"web/app.py": """
        from flask import Flask
        app = Flask(__name__)
        app.add_url_rule("/ping", view_func=lambda: "<h1>" + "pong" * 40 + "</h1>")
        app.add_url_rule("/pong", "pong", lambda: "ok")
    """})
    assert _inventory(root) == {("GET", "/ping", "<closure at app.py:4>", "<lambda>"),
                                ("GET", "/pong", "<closure at app.py:5>", "pong")}
