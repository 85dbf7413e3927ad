"""A FastAPI server shaped like LightRAG's: module-level helpers that only the app factory
calls (a model-function builder, a config cache, status builders, a front-end check), and a
factory that registers its routes on a local app."""

import os
from functools import lru_cache

from fastapi import FastAPI

DEFAULT_MODEL = os.environ.get("FIXTURE_MODEL", "tiny")
VERSION = "1.0"


class ConfigCache:
    """Parsed settings, read once per factory call."""

    def __init__(self, args):
        self.model = args.get("model", DEFAULT_MODEL)
        self.workspace = args.get("workspace", "default")
        self.dims = int(args.get("dims", 8))
        self.rerank = bool(args.get("rerank", False))

    def describe(self):
        return {
            "model": self.model,
            "workspace": self.workspace,
            "dims": self.dims,
            "rerank": self.rerank,
        }


def _normalise(vector):
    total = sum(v * v for v in vector) ** 0.5 or 1.0
    return [round(v / total, 4) for v in vector]


def create_embedding_function(cache):
    """Builds the embedding function the factory hands to its store."""
    dims = cache.dims

    def embed(text):
        values = [0.0] * dims
        for position, char in enumerate(text):
            values[position % dims] += ord(char) % 7
        return _normalise(values)

    return embed


def create_llm_function(cache, embed):
    """Builds the completion function; it uses the embedding to pick a canned answer."""
    answers = ["alpha", "beta", "gamma", "delta"]

    def complete(prompt):
        vector = embed(prompt)
        best = max(range(len(vector)), key=vector.__getitem__)
        return f"{cache.model}:{answers[best % len(answers)]}"

    return complete


@lru_cache(maxsize=None)
def check_frontend_build(folder):
    """Whether a built web UI sits in `folder` (cached: the factory may run twice)."""
    index = os.path.join(folder, "index.html")
    return os.path.isfile(index)


def _build_scheduling_status(cache):
    return {
        "workspace": cache.workspace,
        "queue": 0,
        "workers": 1,
    }


def _build_rerank_status(cache):
    if not cache.rerank:
        return {"enabled": False}
    return {"enabled": True, "model": cache.model}


request_count = 0


def count_request():
    global request_count
    request_count += 1
    return request_count


def create_app(args):
    cache = ConfigCache(args)
    embed = create_embedding_function(cache)
    complete = create_llm_function(cache, embed)
    has_ui = check_frontend_build(args.get("ui", "/nonexistent"))
    app = FastAPI(title="Fixture server", version=VERSION)

    @app.get("/health")
    async def health():
        count_request()
        return {
            "status": "ok",
            "config": cache.describe(),
            "scheduling": _build_scheduling_status(cache),
            "rerank": _build_rerank_status(cache),
            "ui": has_ui,
        }

    @app.get("/answer")
    async def answer():
        count_request()
        return {"answer": complete("what is a monolith"), "vector": embed("abc")}

    return app


def main():
    import uvicorn

    uvicorn.run(create_app({}), port=int(os.environ.get("PORT", "9621")))


if __name__ == "__main__":
    main()
