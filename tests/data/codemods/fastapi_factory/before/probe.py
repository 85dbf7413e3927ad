import asyncio
import inspect

import server

app = server.create_app({"workspace": "probe"})
for route in app.routes:
    deps = [d.dependency.__name__ for d in getattr(route, "dependencies", [])]
    print(type(route).__name__, getattr(route, "path", None), getattr(route, "name", None),
          sorted(getattr(route, "methods", None) or []), deps)
    for inner in getattr(getattr(route, "original_router", None), "routes", []):
        print("  ", inner.path, inner.name, sorted(inner.methods), inner.tags)
schema = app.openapi()
for path, operations in sorted(schema["paths"].items()):
    for method, op in sorted(operations.items()):
        print(path, method, op["operationId"], op.get("tags"))
print(app.title, app.version, len(app.user_middleware))
for route in server.documents.routes + [r for r in app.routes if hasattr(r, "endpoint")]:
    endpoint = route.endpoint
    if inspect.iscoroutinefunction(endpoint) and endpoint.__module__ != "fastapi.applications":
        print(route.name, asyncio.run(endpoint()))
