"""The web app object, request hooks, error handlers and every route.

Split out of `main.py` by nova-refactor (split-entrypoint).
"""

from fastapi import APIRouter, Depends, FastAPI, Request

from app_state import DEBUG, STARTED, get_items, items


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
