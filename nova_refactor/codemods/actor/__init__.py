"""lock-to-actor: a shared lock on a hot path becomes an actor (one task owning the state,
commands over a channel), call sites keep their API (Rust: tokio; Python: threads/asyncio)."""
