"""A FastAPI app whose routes live on one APIRouter included at the end, chainlit-style."""

from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, FastAPI
from fastapi.responses import PlainTextResponse

if TYPE_CHECKING:
    from decimal import Decimal

PREFIX = ""
app = FastAPI()
router = APIRouter(prefix=PREFIX)
ITEMS = {"a": 1, "b": 2}


def current_user() -> str:
    return "ada"


UserParam = Annotated[str, Depends(current_user)]


def price(value: "Decimal") -> str:
    return f"{value:.2f}"


@router.get("/items")
def list_items():
    return sorted(ITEMS)


@router.get("/items/{name}")
def get_item(name: str):
    return {"name": name, "count": ITEMS.get(name, 0)}


@router.post("/items/{name}")
def add_item(name: str):
    ITEMS[name] = ITEMS.get(name, 0) + 1
    return get_item(name)


@router.get("/users/me")
def me(user: UserParam):
    return {"user": user}


@router.get("/users/{name}")
def user(name: str):
    return {"user": name, "items": list_items()}


@router.get("/files/logo")
def logo():
    return PlainTextResponse("logo")


@router.get("/files/{name}")
def file(name: str):
    return logo() if name == "logo.png" else PlainTextResponse(name)


@router.get("/{full_path:path}")
def serve(full_path: str):
    return PlainTextResponse(f"page {full_path}")


app.include_router(router)
