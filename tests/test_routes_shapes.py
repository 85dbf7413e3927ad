"""Route shapes taken from real apps, one small fixture each (tests/data/routes/<shape>).

The expected tables of the Flask and FastAPI fixtures are what the frameworks themselves
registered when the fixtures were imported by hand (Flask 3.1.3 `url_map`, FastAPI 0.115
`app.routes`); conditional and unresolved routes are what a static reading must say instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.model import Route

DATA = Path(__file__).parent / "data" / "routes"


def _routes(shape: str) -> list[Route]:
    return list(analyze([DATA / shape], Options(use_cache=False)).routes)


def _counted(shape: str) -> set[tuple[str, str, str]]:
    return {(r.method, r.path, r.endpoint) for r in _routes(shape) if r.counted}


def test_local_blueprints_of_two_functions_stay_two_blueprints() -> None:
    assert _counted("local_blueprints") == {
        ("GET", "/one/", "first.index"),
        ("GET", "/b/two", "second.index"),
        ("GET", "/three", "index"),  # on an app of a Flask subclass
    }


def test_blueprint_returned_by_a_factory_function_is_mounted_where_it_is_registered() -> None:
    assert _counted("factory_blueprint") == {
        ("GET", "/tags/list", "tags.listing"),
        ("GET", "/old-tags/list", "old_tags.listing"),
    }


def test_app_factory_keeps_url_prefixes_and_nests_blueprints() -> None:
    assert _counted("app_factory") == {
        ("GET", "/admin/users", "admin.users"),
        ("GET", "/posts/list", "posts.listing"),
        ("POST", "/posts/<int:post_id>/comments/", "posts.comments.add"),
    }


def test_flask_restful_resources_take_methods_from_the_resource_class() -> None:
    assert _counted("restful") == {
        ("GET", "/api/v1/items", "api.itemlist"),
        ("POST", "/api/v1/items", "api.itemlist"),
        ("GET", "/api/v1/items/", "api.itemlist"),
        ("POST", "/api/v1/items/", "api.itemlist"),
        ("GET", "/api/v1/items/<int:item_id>", "api.item_detail"),
        ("DELETE", "/api/v1/items/<int:item_id>", "api.item_detail"),
        ("GET", "/api/v2/items/<int:item_id>", "item"),
        ("DELETE", "/api/v2/items/<int:item_id>", "item"),
    }


def test_websocket_routes_have_method_ws() -> None:
    assert _counted("websocket") == {
        ("WS", "/ws", "echo"),
        ("WS", "/raw", "raw"),
        ("WS", "/v1/live/feed", "feed"),
    }


def test_helpers_that_receive_the_app_register_on_it() -> None:
    routes = _routes("helper")
    assert {(r.method, r.path, r.endpoint) for r in routes if r.counted} == {
        ("GET", "/health", "health"),
        ("GET", "/version", "version"),
    }
    (orphan,) = [r for r in routes if not r.counted]
    assert orphan.path == "/orphan"
    assert "parameter 1 of never_called()" in orphan.unresolved


def test_conditional_registrations_carry_their_condition() -> None:
    conditions = {r.path: r.condition for r in _routes("conditional")}
    assert conditions == {
        "/": "",
        "/plugin": "if PLUGIN",
        "/admin/stats": "try (no exception)",  # registered in the `else:` of a `try`
    }


def test_prefixes_given_by_name_resolve_and_the_rest_is_unresolved() -> None:
    routes = _routes("constants")
    assert {(r.method, r.path) for r in routes if r.counted} == {
        ("GET", "/api/v1/users"),  # settings.API_V1_STR: the Settings class default
        ("GET", "/api/health"),  # f"{API_PREFIX}/health"
    }
    (computed,) = [r for r in routes if not r.counted]
    assert computed.unresolved == "path part <dynamic: computed_prefix()> is not a literal"


def test_prefixes_from_a_settings_factory_of_another_module_resolve() -> None:
    # FastAPI 0.79.1's app.routes for this fixture, imported by hand
    assert _counted("settings_factory") == {
        ("GET", "/api/user", "users:get-current-user"),  # local `settings = get_app_settings()`
        ("POST", "/api/users/login", "auth:login"),
        ("GET", "/admin/stats", "admin:stats"),  # module `settings = load_settings()`
    }
    assert all(not r.unresolved for r in _routes("settings_factory"))


def test_a_views_local_of_the_blueprints_name_leaves_the_blueprint_alone() -> None:
    # Flask 2.1.3's url_map for this fixture, imported by hand
    assert _counted("shadowed_blueprint") == {("GET", "/users", "users.listing")}


def test_flask_restx_namespaces_and_resource_classes() -> None:
    # Flask 2.1.3 + flask-restx 1.3.0's url_map for this fixture, imported by hand, less the
    # routes the Api adds itself (`api.root`, `api.specs`, `restx_doc.static`: framework
    # routes, as Flask's `static`, which we do not list)
    assert _counted("restx") == {
        ("GET", "/api/v1/health", "api.health"),  # `@API_v1.route` on the Api itself
        ("GET", "/api/v1/challenges", "api.challenges_challenge_list"),
        ("POST", "/api/v1/challenges", "api.challenges_challenge_list"),
        ("GET", "/api/v1/challenges/<challenge_id>", "api.challenges_challenge"),
        ("PATCH", "/api/v1/challenges/<challenge_id>", "api.challenges_challenge"),
        ("DELETE", "/api/v1/challenges/<challenge_id>", "api.challenges_challenge"),
        # two URLs, an endpoint of its own (no namespace name), a head() of its own
        ("GET", "/api/v1/challenges/types", "api.types"),
        ("HEAD", "/api/v1/challenges/types", "api.types"),
        ("GET", "/api/v1/challenges/kinds", "api.types"),
        ("HEAD", "/api/v1/challenges/kinds", "api.types"),
        ("GET", "/api/v1/tags/<tag_id>", "api.tags_tag"),  # add_namespace without a path
        ("GET", "/api/v1/statistics/users", "api.statistics_user_statistics"),  # imported ns
    }


@pytest.mark.parametrize("shape", ["helper", "constants"])
def test_headline_total_counts_only_mounted_resolved_routes(shape: str) -> None:
    result = analyze([DATA / shape], Options(use_cache=False))
    assert result.summary.routes == len(result.routes) - 1
