import main

schema = main.app.openapi()
for path, operations in sorted(schema["paths"].items()):
    for method, op in sorted(operations.items()):
        print(path, method, op["operationId"], op.get("tags"), sorted(op.get("responses", {})))
print(len(main.app.user_middleware), main.app.title, main.app.debug)
router = main.app.router
print([h.__name__ for h in getattr(router, "on_startup", [])],
      [h.__name__ for h in getattr(router, "on_shutdown", [])])
