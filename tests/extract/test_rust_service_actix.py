"""The actix registration of a service's routes (codemods/extract/rust_service_actix.py): an
attribute-macro handler is found by its attribute and registered with `.service(..)` in the
scope the monolith mounts it under; a plain fn with `.route(..)`."""

from __future__ import annotations

from nova_refactor.codemods.extract.rust_service_actix import (
    Registration,
    macro_rule,
    routes_rs,
    scope_prefix,
    shadowed,
)

FEED = '''use actix_web::{get, web, HttpResponse};

/// The feed.
#[get("")]
pub async fn get_feed() -> HttpResponse { HttpResponse::Ok().finish() }

#[actix_web::post("/invalidate")]
#[allow(unused)]
pub async fn invalidate_feed_cache() -> HttpResponse { HttpResponse::Ok().finish() }

#[actix_web::route("/both", method = "GET", method = "HEAD")]
pub async fn both() -> HttpResponse { HttpResponse::Ok().finish() }

pub async fn plain() -> HttpResponse { HttpResponse::Ok().finish() }

#[tracing::instrument]
pub async fn traced() -> HttpResponse { HttpResponse::Ok().finish() }

impl Feed {
    #[get("/method")]
    pub async fn in_impl() -> HttpResponse { HttpResponse::Ok().finish() }
}
'''


def test_the_route_attribute_of_a_handler_is_read_with_its_path():
    assert macro_rule(FEED, "get_feed") == ""
    assert macro_rule(FEED, "invalidate_feed_cache") == "/invalidate"
    assert macro_rule(FEED, "both") == "/both"
    assert macro_rule(FEED, "plain") is None
    assert macro_rule(FEED, "traced") is None  # an attribute, but not a route
    assert macro_rule(FEED, "in_impl") is None  # a method: no route names it by path


def test_the_scope_is_the_route_path_less_the_macro_path():
    assert scope_prefix("/api/v1/feed", "") == "/api/v1/feed"
    assert scope_prefix("/api/v1/feed/invalidate", "/invalidate") == "/api/v1/feed"
    assert scope_prefix("/api/x", "x") == "/api"  # actix puts the slash before the rule
    assert scope_prefix("/health", "/health") == ""  # registered on the app itself
    assert scope_prefix("/api/v1/feed", "/other") is None


def test_nova_feed_routes_are_one_scope_and_root_macros_and_plain_routes_stay_apart():
    feed = "crate::handlers::feed::"
    text = routes_rs("feed", [
        Registration("GET", "/api/v1/feed", feed + "get_feed", ""),
        Registration("POST", "/api/v1/feed/invalidate", feed + "invalidate_feed_cache",
                     "/invalidate"),
        Registration("GET", "/both", feed + "both", "/both"),
        Registration("HEAD", "/both", feed + "both", "/both"),  # one service for two methods
        Registration("GET", "/api/v1/feeds", feed + "plain", None),  # not under /api/v1/feed
    ])
    assert text.split("{\n", 1)[1] == (
        "    cfg.service(crate::handlers::feed::both);\n"
        "    cfg.service(\n"
        '        web::scope("/api/v1/feed")\n'
        "            .service(crate::handlers::feed::get_feed)\n"
        "            .service(crate::handlers::feed::invalidate_feed_cache),\n"
        "    );\n"
        '    cfg.route("/api/v1/feeds", web::get().to(crate::handlers::feed::plain));\n'
        "}\n")


def test_longer_scopes_come_first_and_a_macro_under_a_longer_scope_is_shadowed():
    inner = Registration("GET", "/api/feed", "crate::f::a", "")
    outer = Registration("GET", "/api/status", "crate::f::b", "/status")
    text = routes_rs("s", [outer, inner])
    assert text.index('web::scope("/api/feed")') < text.index('web::scope("/api")')
    assert shadowed([outer, inner]) == []
    hidden = Registration("GET", "/api/feed/stats", "crate::f::c", "/feed/stats")
    assert shadowed([inner, hidden]) == [hidden]
