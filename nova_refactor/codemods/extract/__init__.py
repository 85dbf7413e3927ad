"""Phase 3 of the plan: a proposal's shared library and services become their own packages."""
