"""The web app object, request hooks, error handlers and every route.

Split out of `pkg/__init__.py` by nova-refactor (split-entrypoint).
"""

from fastapi import FastAPI

from pkg import helpers

from .app_state import STORE

app = FastAPI(title="tool")


@app.get("/items")
def list_items():
    return {"items": sorted(STORE), "slug": helpers.slug("All Items")}


@app.post("/items/{name}")
def add_item(name: str):
    STORE[name] = True
    return {"added": name}
