"""FastAPI service: app, router with prefix, dependencies, middleware, startup/shutdown hooks."""

import os

from fastapi import APIRouter, Depends, FastAPI, Request

DEBUG = os.environ.get("SVC_DEBUG", "0") == "1"
STARTED: list[str] = []
items: dict[int, str] = {1: "one"}


def get_items() -> dict[int, str]:
    return items


app = FastAPI(title="svc", debug=DEBUG)


@app.middleware("http")
async def add_header(request: Request, call_next):
    response = await call_next(request)
    response.headers["X-Svc"] = "1"
    return response


@app.on_event("startup")
async def on_startup() -> None:
    STARTED.append("up")


@app.on_event("shutdown")
async def on_shutdown() -> None:
    STARTED.append("down")


@app.get("/health", name="health-check")
def health() -> dict[str, bool]:
    return {"ok": True}


router = APIRouter(prefix="/items", tags=["items"])


@router.get("/{item_id}")
def read_item(item_id: int, store: dict[int, str] = Depends(get_items)) -> dict[str, str]:
    return {"name": store[item_id]}


@router.post("/", status_code=201)
def create_item(name: str, store: dict[int, str] = Depends(get_items)) -> dict[str, int]:
    store[len(store) + 1] = name
    return {"id": len(store)}


def list_items() -> list[str]:
    return sorted(items.values())


router.add_api_route("/", list_items, methods=["GET"], name="list")
app.include_router(router, prefix="/v1")


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, port=8000)
