"""The quality gate: rules over an Analysis, a ratchet baseline, changed-code scope, coverage."""
