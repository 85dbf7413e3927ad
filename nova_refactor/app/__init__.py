"""Use cases: what each command does, from a `Session` (root, configuration, excludes, cache,
coverage, resolved once) to the result a renderer renders.

One module per use case: analyze, check, plan, report, compare, history, apply, boundaries,
graph, routes. The cli parses options into a Session and calls one of them; `nova_refactor.api`
is the same calls for Python users. Nothing here renders or prints.
"""
