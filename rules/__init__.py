"""Rule packs of `nova-refactor check` (TOML), installed as the package nova_refactor.rules."""
