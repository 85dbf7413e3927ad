"""A FastAPI server shaped like LightRAG's `create_app`: the factory is mostly not routes but
set-up, model-function builders that close over its locals, a lifespan reading the store it
builds last, a class for static pages, and a few closure routes on its local app."""

import os
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

VERSION = "2.0"
ROLES = ("query", "extract")

documents = APIRouter(prefix="/documents")


@documents.get("/count")
async def count_documents():
    return {"count": 3}


class Store:
    def __init__(self, name, complete, rerank):
        self.name = name
        self.complete = complete
        self.rerank = rerank
        self.opened = False


def create_app(args):
    """Build the app from parsed arguments."""
    # Check the front-end first: both flags are read by routes further down.
    ui_dir = args.get("ui", "/nonexistent")
    has_ui = os.path.isdir(ui_dir)
    default_ui = args.get("default_ui", "webui")
    api_key = os.environ.get("FIXTURE_API_KEY") or args.get("key")
    title = args.get("title", "Fixture").strip()
    max_upload = int(args.get("max_upload", 10)) * 1024 * 1024
    log_level = args.get("log_level", "info").upper()
    workers = max(1, int(args.get("workers", 1)))
    summary = f"{title}: {workers} worker(s), log {log_level}, uploads up to {max_upload} bytes"
    if args.get("debug"):
        debug_tag = "debug"
    calls = 0

    @asynccontextmanager
    async def lifespan(app):
        # reads `store`, bound at the end of the factory: late binding, stays
        store.opened = True
        yield
        store.opened = False

    prefix = args.get("prefix", "")
    description = f"{title} API" + (" (key)" if api_key else "")
    app_kwargs = {"title": title, "version": VERSION, "description": description}
    app_kwargs["lifespan"] = lifespan
    app = FastAPI(**app_kwargs)

    @app.exception_handler(KeyError)
    async def missing_key(request, exc):
        return {"missing": str(exc)}

    def cors_origins():
        origins = args.get("cors", "*")
        return [o.strip() for o in origins.split(",")] if origins != "*" else ["*"]

    def count_call():
        nonlocal calls
        calls += 1
        return calls

    def create_complete(model):
        # calls `normalise`, defined after it in the same run of definitions
        def complete(prompt):
            return f"{model}:{normalise(prompt)}"

        return complete

    def normalise(text):
        return " ".join(text.lower().split())

    def resolve_role(role):
        # reads `timeout`, bound after it: moves only together with that binding
        return {"role": role, "timeout": timeout, "model": args.get(f"{role}_model", "tiny")}

    timeout = int(args.get("timeout", 30))
    role_configs = {role: resolve_role(role) for role in ROLES}

    rerank = None
    if args.get("rerank"):
        try:
            rerank = create_complete("rerank")
        except Exception as e:
            print(f"rerank disabled: {e}")
            rerank = None

    class SmartPage:
        """A page served under the prefix the factory computed."""

        def __init__(self, name):
            self.path = f"{prefix}/{name}"

        def render(self):
            return f"<a href='{self.path}'>{title}</a>"

    pages = [SmartPage(name) for name in ("home", "docs")]

    try:
        store = Store(args.get("workspace", "default"), create_complete("main"), rerank)
    except Exception as e:
        print(f"cannot build the store: {e}")
        raise

    app.include_router(documents)
    if args.get("debug"):
        # read on the same condition it was bound on: fine here, not passable as an argument
        app.state.debug = debug_tag

    @app.get("/health")
    async def health():
        return {
            "status": "ok",
            "summary": summary,
            "ui": has_ui,
            "default_ui": default_ui,
            "cors": cors_origins(),
            "roles": role_configs,
            "store": store.name,
            "opened": store.opened,
            "rerank": rerank is not None,
            "pages": [page.render() for page in pages],
            "calls": count_call(),
            "debug": getattr(app.state, "debug", None),
        }

    @app.get("/answer")
    async def answer():
        return {"answer": store.complete("What  IS a Monolith"), "calls": count_call()}

    @app.get("/roles/{role}")
    async def role(role: str):
        return resolve_role(role)

    return app


def main():
    import uvicorn

    uvicorn.run(create_app({}), port=int(os.environ.get("PORT", "9621")))


if __name__ == "__main__":
    main()
