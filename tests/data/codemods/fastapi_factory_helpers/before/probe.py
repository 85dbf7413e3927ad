import asyncio

import server

app = server.create_app({"workspace": "probe", "rerank": True})
for route in app.routes:
    print(type(route).__name__, getattr(route, "path", None), getattr(route, "name", None),
          sorted(getattr(route, "methods", None) or []))
schema = app.openapi()
for path, operations in sorted(schema["paths"].items()):
    for method, op in sorted(operations.items()):
        print(path, method, op["operationId"])
print(app.title, app.version)
for route in app.routes:
    if getattr(route, "path", "") in ("/health", "/answer"):
        print(route.name, asyncio.run(route.endpoint()))
print("requests", server.request_count)
