"""A method matched by name reaches a trait impl's method only where the trait is in scope
(LemmyNet/lemmy: `plugin.call::<..>(..)` on an extism plugin was joined to the actix middleware
`<IdempotencyService as Service>::call`, a false hot path into its lock)."""

from __future__ import annotations

from pathlib import Path

from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.analysis.rust.hot import hot_chains
from nova_refactor.analysis.rust.trait_scope import impl_trait, parent_files

DATA = Path(__file__).parent / "data" / "rust" / "trait_scope"
CALL = ("src/middleware.rs", "<IdempotencyService as Service>::call")


def test_a_call_where_the_trait_is_not_in_scope_does_not_reach_its_impl() -> None:
    result = analyze([DATA], Options(use_cache=False))
    chain = [ref for ref, _named in hot_chains(result.files)[CALL]]
    # reached from the handler whose file has `use actix_web::dev::Service`, not from the
    # plugin hook's extism call
    assert chain == [("src/handlers.rs", "replay_request"), ("src/replay.rs", "replay"), CALL]
    (lock,) = [site for site in result.locks if (site.path, site.function) == CALL]
    assert lock.hot_path and lock.by_name
    assert "plugins.rs" not in " ".join(lock.via)


def test_the_trait_of_an_impl_method_and_the_files_of_a_parent_module() -> None:
    assert impl_trait("<IdempotencyService as Service>::call") == "Service"
    assert impl_trait("<Sled as db::Backend>::get") == "Backend"
    assert impl_trait("IdempotencyService::new") == ""
    assert parent_files("src/api/comment.rs") == [
        "src/api/mod.rs", "src/api/lib.rs", "src/api/main.rs", "src/api.rs"]
    assert parent_files("src/api/mod.rs") == ["src/mod.rs", "src/lib.rs", "src/main.rs", "src.rs"]
    assert parent_files("src/lib.rs") == []
