"""Prints what must not change when main.py is split (run before and after)."""

import main

app = main.app
print(sorted((r.rule, sorted(r.methods - {"HEAD", "OPTIONS"}), r.endpoint)
             for r in app.url_map.iter_rules()))
print(app.name, app.import_name, sorted(app.blueprints), app.view_functions["home"] is main.index)
client = app.test_client()
print(client.get("/").get_json(), client.get("/health").get_json())
print(client.get("/admin/events").get_json(), main.hits, main.EVENTS)
main.LIMIT = 7  # rebinding from outside must reach the moved code
main.hits = 100
print(client.get("/").get_json()["limit"], client.get("/health").get_json()["hits"])
print(main.cli_main(["routes"]))
from main import *  # noqa: E402,F403
print(sorted(n for n in dir() if not n.startswith("_")))
print({k: [f.__name__ for f in v] for k, v in app.before_request_funcs.items()},
      {k: [f.__name__ for f in v] for k, v in app.after_request_funcs.items()})
print({bp: {code: sorted(f.__name__ for f in handlers.values())
            for code, handlers in spec.items()} for bp, spec in app.error_handler_spec.items()})
print(app.view_functions["health"].__module__ in ("main", "routes"), app.url_map.converters.keys()
      >= {"default"})
