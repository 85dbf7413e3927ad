"""One fixture per rule of #15's boundaries: granularity, the library of what two services use,
names from domain words, and route owners from the handler's own module."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import networkx as nx

from nova_refactor.analysis.boundaries.granularity import coarsen, merge_to
from nova_refactor.analysis.boundaries.library import keep_used, promote_shared
from nova_refactor.analysis.boundaries.model import BoundaryOptions
from nova_refactor.analysis.boundaries.propose import propose
from nova_refactor.analysis.naming import Evidence, name_services, route_word
from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.model import Route
from tests.graph_helpers import synthetic

OPTIONS = BoundaryOptions(history=False)


def _graph(edges: list[tuple[str, str, float]]) -> nx.Graph:
    graph = nx.Graph()
    graph.add_weighted_edges_from(edges)
    return graph


def _digraph(edges: list[tuple[str, str, float]]) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_weighted_edges_from(edges)
    return graph


# -- granularity ------------------------------------------------------------------------------

POSTS = frozenset({"posts/api.rs", "posts/store.rs"})
USERS = frozenset({"users/api.rs", "users/store.rs"})
LINES = {"posts/api.rs": 900, "posts/store.rs": 900, "users/api.rs": 900, "users/store.rs": 900,
         "utils/mod.rs": 6, "stories/api.rs": 80, "stories/store.rs": 80}
TIES = [("posts/api.rs", "posts/store.rs", 3.0), ("users/api.rs", "users/store.rs", 3.0),
        ("posts/api.rs", "users/api.rs", 0.2)]


def test_a_tiny_module_joins_the_service_it_is_most_coupled_to() -> None:
    graph = _graph([*TIES, ("utils/mod.rs", "users/api.rs", 0.5),
                    ("utils/mod.rs", "posts/api.rs", 0.1)])
    groups, merges = coarsen(graph, [POSTS, USERS, frozenset({"utils/mod.rs"})], LINES)
    assert sorted(groups, key=min) == [POSTS, USERS | {"utils/mod.rs"}]
    (merge,) = merges
    assert merge.into in USERS
    assert merge.why.startswith("too small for a service (one module, 6 lines)")


def test_a_tiny_module_without_ties_joins_the_nearest_in_the_file_tree() -> None:
    lines = {**LINES, "users/extra.rs": 6}
    groups, merges = coarsen(_graph(TIES), [POSTS, USERS, frozenset({"users/extra.rs"})], lines)
    assert USERS | {"users/extra.rs"} in groups
    assert "no ties to any other service: joins the one nearest in the file tree" in merges[0].why


def test_a_small_part_that_leans_on_a_neighbour_joins_it() -> None:
    stories = frozenset({"stories/api.rs", "stories/store.rs"})
    graph = _graph([*TIES, ("stories/api.rs", "stories/store.rs", 1.0),
                    ("stories/api.rs", "posts/store.rs", 0.6)])
    groups, merges = coarsen(graph, [POSTS, USERS, stories], LINES)
    assert POSTS | stories in groups
    assert "leans on it (tie 0.60) at least 0.4 times as much as it holds together (1.00)" in (
        merges[0].why)


def test_a_small_part_that_holds_together_stays_a_service() -> None:
    stories = frozenset({"stories/api.rs", "stories/store.rs"})
    graph = _graph([*TIES, ("stories/api.rs", "stories/store.rs", 3.0),
                    ("stories/api.rs", "posts/store.rs", 0.6)])
    groups, merges = coarsen(graph, [POSTS, USERS, stories], LINES)
    assert stories in groups and merges == []


def test_asked_for_fewer_services_the_smallest_joins_its_strongest_neighbour() -> None:
    stories = frozenset({"stories/api.rs", "stories/store.rs"})
    graph = _graph([*TIES, ("stories/api.rs", "stories/store.rs", 3.0),
                    ("stories/api.rs", "users/store.rs", 0.3),
                    ("stories/api.rs", "posts/store.rs", 0.1)])
    groups, merges = merge_to(graph, [POSTS, USERS, stories], 2, LINES)
    assert USERS | stories in groups
    assert merges[0].why.startswith("--services asked for fewer services; its strongest ties")


def test_services_n_reports_its_merges_in_the_placements() -> None:
    files = {"a/x.rs": 400, "a/y.rs": 400, "b/x.rs": 400, "b/y.rs": 400, "c/x.rs": 400,
             "c/y.rs": 400}
    edges = [("a/x.rs", "a/y.rs", ["A", "B", "C"]), ("b/x.rs", "b/y.rs", ["A", "B", "C"]),
             ("c/x.rs", "c/y.rs", ["A", "B", "C"]), ("c/x.rs", "b/x.rs", ["D"])]
    proposal = propose(synthetic(files, edges), BoundaryOptions(history=False, services=2))
    assert len(proposal.services) == 2
    joined = [p for p in proposal.placements if p.reason.startswith("joined ")]
    assert joined and all("--services asked for fewer services" in p.reason for p in joined)


# -- the shared library -----------------------------------------------------------------------

def test_named_like_infrastructure_but_used_by_one_service_goes_back_to_it() -> None:
    core = _digraph([("posts/api.rs", "db/post_repo.rs", 2.0), ("users/api.rs", "db/errors.rs", 1),
                     ("posts/api.rs", "db/errors.rs", 1.0)])
    groups = [frozenset({"posts/api.rs"}), frozenset({"users/api.rs"})]
    weighted = core.to_undirected()
    groups, shared, merges = keep_used(core, weighted, groups, {"db/post_repo.rs",
                                                                "db/errors.rs"}, set())
    assert shared == {"db/errors.rs"}
    assert frozenset({"posts/api.rs", "db/post_repo.rs"}) in groups
    assert merges[0].why == "in the shared library candidates, but only this service uses it"


def test_a_library_module_used_through_the_library_by_two_services_stays() -> None:
    core = _digraph([("posts/api.rs", "lib/client.rs", 1.0), ("users/api.rs", "lib/client.rs", 1),
                     ("lib/client.rs", "lib/pool.rs", 1.0)])
    groups = [frozenset({"posts/api.rs"}), frozenset({"users/api.rs"})]
    _, shared, merges = keep_used(core, core.to_undirected(), groups,
                                  {"lib/client.rs", "lib/pool.rs"}, set())
    assert shared == {"lib/client.rs", "lib/pool.rs"} and merges == []


def test_a_module_only_composition_roots_wire_stays_in_the_library() -> None:
    core = _digraph([("posts/api.rs", "posts/store.rs", 1.0)])
    core.add_node("config.rs")
    groups = [frozenset({"posts/api.rs", "posts/store.rs"})]
    _, shared, _ = keep_used(core, core.to_undirected(), groups, {"config.rs"}, {"config.rs"})
    assert shared == {"config.rs"}


def test_a_one_module_service_used_alike_by_two_others_is_library() -> None:
    core = _digraph([("posts.py", "text.py", 1.0), ("media.py", "text.py", 1.0)])
    groups = [frozenset({"posts.py"}), frozenset({"media.py"}), frozenset({"text.py"})]
    groups, shared, moves = promote_shared(core, groups, set())
    assert shared == {"text.py"} and frozenset({"text.py"}) not in groups
    assert moves[0].into == ""


def test_a_module_many_services_use_takes_what_it_needs_into_the_library() -> None:
    # state.rs is grouped with its config.rs, but three other services use it
    core = _digraph([("state.rs", "config.rs", 1.0), ("calls.rs", "state.rs", 1.0),
                     ("chat.rs", "state.rs", 1.0), ("push.rs", "state.rs", 1.0)])
    groups = [frozenset({"state.rs", "config.rs"}), frozenset({"calls.rs"}),
              frozenset({"chat.rs"}), frozenset({"push.rs"})]
    groups, shared, moves = promote_shared(core, groups, set())
    assert shared == {"state.rs", "config.rs"}
    assert frozenset({"state.rs", "config.rs"}) not in groups
    assert moves[0].why.startswith("state.rs is used by two or more other services")


def test_a_one_module_service_a_composition_root_wires_is_library() -> None:
    core = _digraph([("posts.py", "utils.py", 2.0), ("media.py", "utils.py", 1.0)])
    groups = [frozenset({"posts.py"}), frozenset({"media.py"}), frozenset({"utils.py"})]
    _, alone, _ = promote_shared(core, groups, set())
    assert alone == set()  # posts uses it most: without main.py it would join posts
    _, wired, _ = promote_shared(core, groups, set(), {"utils.py"})
    assert wired == {"utils.py"}


def test_a_one_module_service_one_other_uses_most_joins_it() -> None:
    core = _digraph([("pay.rs", "billing.rs", 5.0), ("orders.rs", "billing.rs", 2.0),
                     ("users.rs", "billing.rs", 2.0)])
    groups = [frozenset({m}) for m in ("pay.rs", "orders.rs", "users.rs", "billing.rs")]
    groups, shared, moves = promote_shared(core, groups, set())
    assert shared == set()
    assert frozenset({"pay.rs", "billing.rs"}) in groups
    assert moves[0].into == "pay.rs"


# -- names ------------------------------------------------------------------------------------

def test_route_word_is_the_first_domain_segment() -> None:
    assert route_word("/api/v1/posts/{id}/like") == "posts"
    assert route_word("/api/v2/auth/2fa") == "auth"
    assert route_word("/.well-known/jwks.json") == "jwks"  # a convention, not a domain word
    assert route_word("/{id}") == ""


def test_names_come_from_routes_and_types_before_path_words() -> None:
    groups = [["src/db/post_repo.rs", "src/db/comment_repo.rs", "src/handlers/posts.rs"],
              ["src/security/password.rs", "src/handlers/password_reset.rs"],
              ["src/services/oauth/google.rs", "src/services/oauth/apple.rs"]]
    evidence = [Evidence(Counter({"posts": 10, "comments": 3}), Counter({"post": 4})),
                Evidence(Counter({"auth": 8}), Counter()),
                Evidence(Counter({"auth": 2}), Counter({"auth": 6, "token": 3}))]
    # `auth` is taken by the service that serves most of /auth: the next domain word wins
    assert name_services(groups, {}, evidence) == ["posts", "auth", "oauth"]


def test_without_routes_or_types_path_words_still_name() -> None:
    assert name_services([["src/billing/api.rs"], ["src/catalog/api.rs"]], {}) == [
        "billing", "catalog"]


# -- route owners -----------------------------------------------------------------------------

def _crate(root: Path, files: dict[str, str]) -> Path:
    (root / "Cargo.toml").write_text('[package]\nname = "demo"\nversion = "0.1.0"\n')
    for name, code in files.items():
        (root / "src" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "src" / name).write_text(code)
    return root


def test_a_handler_through_a_glob_re_export_is_owned_by_its_file(tmp_path: Path) -> None:
    body = "use crate::store::{}Store;\npub async fn {}() -> &'static str {{ {}Store::get() }}\n"
    root = _crate(tmp_path, {
        "main.rs": ("mod handlers;\nmod store;\nuse actix_web::{web, App};\n"
                    "fn main() { App::new()\n"
                    "  .route(\"/api/v1/feed\", web::get().to(handlers::get_feed))\n"
                    "  .route(\"/api/v1/users\", web::get().to(handlers::list_users)); }\n"),
        "handlers/mod.rs": "mod feed;\nmod users;\npub use feed::*;\npub use users::*;\n",
        "handlers/feed.rs": body.format("Feed", "get_feed", "Feed"),
        "handlers/users.rs": body.format("User", "list_users", "User"),
        "store/mod.rs": "mod feed;\nmod users;\npub use feed::*;\npub use users::*;\n",
        "store/feed.rs": "pub struct FeedStore;\nimpl FeedStore { pub fn get() -> &'static str "
                         "{ \"f\" } }\n",
        "store/users.rs": "pub struct UserStore;\nimpl UserStore { pub fn get() -> &'static str "
                          "{ \"u\" } }\n",
    })
    proposal = propose(analyze([root], Options(use_cache=False)), OPTIONS)
    why = {r.path: r.why for s in proposal.services for r in s.routes}
    assert why["/api/v1/feed"] == "handler defined in src/handlers/feed.rs"
    assert why["/api/v1/users"] == "handler defined in src/handlers/users.rs"


def test_a_name_from_a_package_marker_or_a_test_handler_owns_nothing() -> None:
    files = {"app/__init__.py": 3, "app/posts.py": 200, "app/users.py": 200,
             "tests/test_app.py": 50}
    edges = [("app/posts.py", "app/users.py", ["User"]), ("tests/test_app.py", "app/__init__.py",
                                                          ["app"])]
    routes = (Route("GET", "/thing", "tests.test_app.index", "index", "flask",
                    "tests/test_app.py", 5),)
    proposal = propose(synthetic(files, edges, routes=routes, language="python"), OPTIONS)
    (route,) = proposal.unassigned_routes
    assert route.why == ("handler in test module tests/test_app.py: tests follow the code "
                         "they test")


# -- plan -------------------------------------------------------------------------------------

def test_plan_writes_no_adr_for_a_trivially_small_service() -> None:
    from dataclasses import replace

    from nova_refactor.analysis.boundaries.model import Service
    from nova_refactor.planning.adr import adrs

    files = {"main.rs": 50, "billing/api.rs": 300, "billing/tax.rs": 200, "catalog/api.rs": 300,
             "catalog/item.rs": 200}
    edges = [("main.rs", "billing/api.rs"), ("main.rs", "catalog/api.rs"),
             ("billing/api.rs", "billing/tax.rs", ["a", "b", "c"]),
             ("catalog/api.rs", "catalog/item.rs", ["a", "b", "c"])]
    analysis = synthetic(files, edges, entrypoints=["main.rs"])
    proposal = propose(analysis, OPTIONS)
    utils = Service("utils", ("utils/mod.rs",), 6, (), (), 0, 1.0, 0.0, 0.0)
    records = adrs(analysis, None, (), replace(proposal, services=(*proposal.services, utils)),
                   "shop")
    titles = [a.title for a in records]
    assert "Extract the billing service" in titles and "Extract the catalog service" in titles
    assert not any("utils" in t for t in titles)
