import asyncio

import server

for args in ({"workspace": "probe", "rerank": True, "prefix": "/p", "debug": True,
              "cors": "a.org, b.org", "title": " Probe "}, {}):
    app = server.create_app(args)
    for route in app.routes:
        print(type(route).__name__, getattr(route, "path", None), getattr(route, "name", None),
              sorted(getattr(route, "methods", None) or []))
    schema = app.openapi()
    for path, operations in sorted(schema["paths"].items()):
        for method, op in sorted(operations.items()):
            print(path, method, op["operationId"])
    print(app.title, app.version, app.description, sorted(map(str, app.exception_handlers)))
    endpoints = {getattr(r, "path", None): r.endpoint for r in app.routes if hasattr(r, "endpoint")}

    async def run(app=app, endpoints=endpoints):
        async with app.router.lifespan_context(app):
            print("health", await endpoints["/health"]())
        print("after", await endpoints["/health"]())
        print("answer", await endpoints["/answer"]())
        print("role", await endpoints["/roles/{role}"]("query"))
        handler = app.exception_handlers[KeyError]
        print("handler", await handler(None, KeyError("x")))

    asyncio.run(run())
